/* livegarden: typesets math the build could not, with the MathJax copy shipped in the site.
 *
 * The build typesets every formula itself (MathJax in Node.js), so a page normally arrives with
 * its math drawn and this script does nothing. When the build had no Node.js, formulas stay as
 * `\(…\)` and `\[…\]` inside elements of class `arithmatex`: MathJax, about 1.3 MB, is then
 * loaded on the first page that has one, and every page change made by Material's instant
 * navigation typesets the new content again.
 */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : "";
  var mathjaxUrl = new URL("mathjax/tex-chtml-full.js", here || document.baseURI).href;
  var loading = null;

  function configure() {
    window.MathJax = {
      tex: {
        inlineMath: [["\\(", "\\)"]],
        displayMath: [["\\[", "\\]"]],
        processEscapes: false,
        processEnvironments: true,
      },
      options: {
        // Only what arithmatex marked: dollars in prose and code stay as they are.
        ignoreHtmlClass: ".*",
        processHtmlClass: "arithmatex",
        enableMenu: false,
      },
      startup: { typeset: false },
    };
  }

  function load() {
    if (!loading) {
      configure();
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = mathjaxUrl;
        script.async = true;
        script.onload = function () {
          window.MathJax.startup.promise.then(resolve, reject);
        };
        script.onerror = function () {
          reject(new Error("livegarden: could not load " + mathjaxUrl));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* Typeset the math under `root` (the whole page by default); resolves when done. */
  function typeset(root) {
    var scope = root || document.body;
    var raw = Array.prototype.some.call(scope.querySelectorAll(".arithmatex"), function (math) {
      return !math.querySelector("mjx-container");
    });
    if (!raw) {
      return Promise.resolve();
    }
    return load().then(function () {
      var MathJax = window.MathJax;
      if (!root) {
        // MathJax's documented reset for a page whose content was replaced: CHTML adds a CSS
        // rule for each glyph the first time it draws it, so after instant navigation swapped
        // the page, glyphs drawn on an earlier page would have no rule and stay invisible.
        MathJax.startup.output.clearCache();
        MathJax.typesetClear();
        MathJax.texReset();
      }
      return MathJax.typesetPromise(root ? [root] : undefined);
    }).then(function () {
      if (!root && window.performance && performance.mark) {
        performance.mark("livegarden:math-typeset"); // lets anyone measure what math costs
      }
    });
  }

  window.livegarden = window.livegarden || {};
  window.livegarden.typesetMath = typeset;

  function onPage() {
    typeset().catch(function (error) {
      console.error(error);
    });
  }

  if (window.document$) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
