/* livegarden: Material's search index is fetched when the reader reaches for search.
 *
 * Material requests `search/search_index.json` (the whole garden's text, the largest file of
 * most pages) with XMLHttpRequest as soon as any page opens, though most visits never search.
 * This script runs before Material's bundle and holds back the `send` of that one request
 * until the reader shows intent: focusing or hovering the search box, clicking the search icon,
 * or a search shortcut key (/, s, f). Material shows "Initializing search" meanwhile, as it
 * does while the index travels anyway. Every other request goes through untouched.
 */
(function () {
  "use strict";

  var send = XMLHttpRequest.prototype.send;
  var open = XMLHttpRequest.prototype.open;
  var wanted = false;
  var waiting = [];

  function release() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (held) {
      send.apply(held.request, held.args);
    });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.lgSearchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.lgSearchIndex && !wanted) {
      waiting.push({ request: this, args: arguments });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function inSearch(target) {
    return target && target.closest && target.closest(".md-search, label[for='__search']");
  }

  document.addEventListener("focusin", function (event) {
    if (inSearch(event.target)) release();
  });
  document.addEventListener("pointerover", function (event) {
    if (inSearch(event.target)) release();
  });
  document.addEventListener("pointerdown", function (event) {
    if (inSearch(event.target)) release();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" || event.key === "s" || event.key === "f" || event.key === "S" || event.key === "F") {
      release();
    }
  });
  if (/[?&]q=/.test(location.search)) release(); // a search opened from a link
})();
