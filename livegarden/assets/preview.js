/* livegarden: hover previews of internal links (title and the first part of the target note).
 *
 * The target page is fetched from the same static host and its article is cut down in the
 * browser, so previews need no server and no extra build output. A link to a heading shows
 * that section. Works for wiki-links (`a.lg-wikilink`) and ordinary links between pages.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = new URL("../", script ? script.src : document.baseURI);
  var cache = {};
  var popover = null;
  var showTimer = null;
  var hideTimer = null;
  var activeLink = null;
  var MAX_CHARS = 1600; // about a screenful; the preview scrolls for the rest
  var LONG_PRESS_MS = 450;
  var pressTimer = null;
  var pressedLink = null;
  var suppressClick = false;

  function isPreviewable(link) {
    if (!link || !link.href || link.target === "_blank") return false;
    if (!link.closest(".md-content") || link.closest(".lg-preview")) return false;
    if (link.closest(".headerlink, .md-content__button, .md-source-file, .md-tags")) return false;
    if (link.classList.contains("headerlink") || link.classList.contains("lg-tag")) return false;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.indexOf(root.pathname) !== 0) return false;
    if (url.pathname === location.pathname) return false; // same page: the text is right here
    if (/\.(png|jpe?g|gif|svg|webp|pdf|zip|ipynb|py|json|txt|csv)$/i.test(url.pathname)) {
      return false;
    }
    return true;
  }

  function fetchPage(url) {
    var key = url.split("#")[0];
    if (!cache[key]) {
      cache[key] = fetch(key).then(function (response) {
        if (!response.ok) throw new Error("livegarden: preview of " + key + ": " + response.status);
        return response.text().then(function (html) {
          return new DOMParser().parseFromString(html, "text/html");
        });
      });
    }
    return cache[key];
  }

  /* Make every relative src/href in `element` absolute against the page it came from. */
  function rebase(element, pageUrl) {
    element.querySelectorAll("[src], [href]").forEach(function (child) {
      ["src", "href"].forEach(function (name) {
        var value = child.getAttribute(name);
        if (value !== null && !/^(#|[a-z]+:)/i.test(value)) {
          child.setAttribute(name, new URL(value, pageUrl).href);
        }
      });
    });
  }

  function headingLevel(element) {
    var match = /^H([1-6])$/.exec(element.tagName);
    return match ? Number(match[1]) : 0;
  }

  /* Title and content to show: the section of `fragment`, or the opening of the article. */
  function extract(doc, url) {
    var article = doc.querySelector("article.md-content__inner") || doc.body;
    article
      .querySelectorAll(
        "script, .headerlink, .md-content__button, .md-source-file, section.lg-backlinks, " +
          ".lg-graph, .lg-notebook, .lg-exec-provenance, details.example"
      )
      .forEach(function (node) {
        node.remove();
      });
    var h1 = article.querySelector("h1");
    var title = h1 ? h1.textContent.trim() : doc.title;
    var fragment = decodeURIComponent(new URL(url).hash.slice(1));
    var start = fragment ? doc.getElementById(fragment) : null;
    var body = document.createElement("div");
    var blocks = [];
    if (start && article.contains(start)) {
      var level = headingLevel(start);
      if (level) {
        title = title + " › " + start.textContent.trim();
        for (var next = start.nextElementSibling; next; next = next.nextElementSibling) {
          var nextLevel = headingLevel(next);
          if (nextLevel && nextLevel <= level) break;
          blocks.push(next);
        }
      } else {
        blocks.push(start.closest("p, li, blockquote, div") || start);
      }
    } else {
      var first = h1 ? h1.nextElementSibling : article.firstElementChild;
      for (var el = first; el; el = el.nextElementSibling) {
        blocks.push(el);
      }
    }
    // The target's math arrives typeset; its glyphs need the target's CSS, whose font URLs are
    // relative to the target page.
    var mathCss = article.querySelector("style.lg-math-css");
    if (mathCss) {
      var style = document.createElement("style");
      style.textContent = mathCss.textContent.replace(/url\("([^"]+)"\)/g, function (_, href) {
        return 'url("' + new URL(href, url).href + '")';
      });
      body.appendChild(style);
    }
    var chars = 0;
    for (var i = 0; i < blocks.length && chars < MAX_CHARS; i++) {
      body.appendChild(document.importNode(blocks[i], true));
      chars += blocks[i].textContent.length;
    }
    rebase(body, url);
    return { title: title, body: body, truncated: i < blocks.length || chars >= MAX_CHARS };
  }

  function ensurePopover() {
    if (!popover) {
      popover = document.createElement("div");
      popover.className = "lg-preview md-typeset";
      popover.setAttribute("role", "tooltip");
      popover.hidden = true;
      popover.addEventListener("mouseenter", function () {
        clearTimeout(hideTimer);
      });
      popover.addEventListener("mouseleave", scheduleHide);
    }
    if (!popover.isConnected) document.body.appendChild(popover);
    return popover;
  }

  function place(box, link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(420, window.innerWidth - 16);
    box.style.width = width + "px";
    var left = Math.min(Math.max(8, rect.left), window.innerWidth - width - 8);
    box.style.left = left + window.scrollX + "px";
    var below = rect.bottom + 8;
    var height = box.offsetHeight;
    var top = below + height > window.innerHeight && rect.top - height - 8 > 0
      ? rect.top - height - 8
      : below;
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var url = new URL(link.href, location.href).href;
    activeLink = link;
    fetchPage(url)
      .then(function (doc) {
        if (activeLink !== link) return;
        var content = extract(doc, url);
        var box = ensurePopover();
        box.textContent = "";
        var heading = document.createElement("div");
        heading.className = "lg-preview__title";
        heading.textContent = content.title;
        box.appendChild(heading);
        content.body.className = "lg-preview__body";
        box.appendChild(content.body);
        if (content.truncated) box.classList.add("lg-preview--truncated");
        else box.classList.remove("lg-preview--truncated");
        box.hidden = false;
        place(box, link);
        var lg = window.livegarden || {};
        if (lg.typesetMath) {
          lg.typesetMath(content.body).then(function () {
            if (activeLink === link) place(box, link);
          });
        }
      })
      .catch(function (error) {
        console.warn(error);
      });
  }

  function hide() {
    activeLink = null;
    if (popover) popover.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function onEnter(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!isPreviewable(link)) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () {
      show(link);
    }, 300);
  }

  function onLeave(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (link && isPreviewable(link)) scheduleHide();
  }

  document.addEventListener("mouseover", onEnter);
  document.addEventListener("mouseout", onLeave);
  document.addEventListener("focusin", onEnter);
  document.addEventListener("focusout", onLeave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });

  /* Touch: a long press previews, a tap follows the link as usual. */
  function cancelPress() {
    clearTimeout(pressTimer);
    pressTimer = null;
  }
  document.addEventListener(
    "touchstart",
    function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (popover && !popover.hidden && !(popover.contains(event.target))) hide();
      if (!isPreviewable(link)) return;
      cancelPress();
      pressedLink = link;
      pressTimer = setTimeout(function () {
        pressTimer = null;
        suppressClick = true; // the finger lifts after the preview: that is not a tap
        show(link);
      }, LONG_PRESS_MS);
    },
    { passive: true }
  );
  document.addEventListener("touchmove", cancelPress, { passive: true });
  document.addEventListener("touchend", cancelPress);
  document.addEventListener("touchcancel", cancelPress);
  document.addEventListener(
    "click",
    function (event) {
      if (!suppressClick) return;
      suppressClick = false;
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (link && link === pressedLink) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
  document.addEventListener("contextmenu", function (event) {
    // A long press opens the browser's link menu too; the preview is what was asked for.
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (link && link === pressedLink && (pressTimer || suppressClick)) event.preventDefault();
  });
  if (window.document$) {
    window.document$.subscribe(hide);
  }
})();
