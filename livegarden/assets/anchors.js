/* livegarden: keeps a page's address free of the previous page's anchor.
 *
 * With instant navigation and anchor tracking, Material can write the section the reader was
 * in on the old page into the new page's address (`Graph/#how-the-code-runs`), a link that
 * points nowhere when shared or reloaded. After every page change, an anchor that names no
 * element of the new page is dropped from the address (the history entry is replaced, not
 * added to); anchors the link asked for, which exist, are left alone.
 */
(function () {
  "use strict";

  function tidy() {
    var hash = location.hash.slice(1);
    if (!hash) return;
    var id;
    try {
      id = decodeURIComponent(hash);
    } catch (error) {
      id = hash;
    }
    if (document.getElementById(id)) return;
    history.replaceState(history.state, "", location.pathname + location.search);
  }

  function onPage() {
    tidy();
    // Tracking may write the old anchor a moment after the new page is in place.
    setTimeout(tidy, 250);
    setTimeout(tidy, 1000);
  }

  if (window.document$) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
