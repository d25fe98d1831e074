/* livegarden: a click or tap on a live-code figure shows it enlarged over the page.
 *
 * Each figure links to its own file, so without this script the link simply opens the image.
 * With it, the image opens in a modal <dialog> at up to its full size (it scrolls when larger
 * than the screen, so a phone can pan a wide plot); a click, a tap or Escape closes it. The
 * figure keeps its classes there, so dark-mode line art stays inverted as on the page.
 */
(function () {
  "use strict";

  var dialog = null;

  function ensureDialog() {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "lg-lightbox md-typeset";
      dialog.addEventListener("click", function () {
        dialog.close();
      });
      document.body.appendChild(dialog);
    }
    return dialog;
  }

  function open(link) {
    var image = link.querySelector("img");
    var figure = link.closest("figure");
    if (!image || !figure) return false;
    var box = ensureDialog();
    var shown = document.createElement("figure");
    shown.className = figure.className;
    var big = document.createElement("img");
    big.src = image.currentSrc || image.src;
    big.alt = image.alt;
    var width = image.getAttribute("width");
    if (width) big.style.width = "min(" + Number(width) * 1.5 + "px, 200vw)";
    shown.appendChild(big);
    box.textContent = "";
    box.appendChild(shown);
    box.showModal();
    return true;
  }

  // Capture phase: before Material's instant navigation treats the link as a page to load.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a.lg-figure-open");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      if (open(link)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true
  );
})();
