/* livegarden: typesets TeX at build time with the MathJax copy of the django-static-mathjax
 * package, run by Node.js through MathJax's own `node-main.js` entry point.
 *
 * Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
 *   {"page": [[tex, display], ...]}  ->  {"html": ["<mjx-container ...>", ...], "css": "..."}
 *     (one page's formulas, in order, and the CSS of the glyphs they draw, with the font URL
 *     given at start-up; equation labels and the glyph list are reset before each page)
 * Any failure answers {"error": "..."} and the process stays up for the next request.
 * Arguments: the MathJax `es5` folder, then the font URL written into the stylesheet.
 */
"use strict";

const readline = require("readline");
const [mathjaxRoot, fontURL] = process.argv.slice(2);

function answer(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

async function main() {
  const MathJax = await require(mathjaxRoot + "/node-main.js").init({
    loader: { load: ["input/tex", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"] },
    // Without `noundefined`, an unknown macro is an error the build can report, not red text.
    tex: { packages: { "[-]": ["noundefined"] }, processEscapes: false, processEnvironments: true },
    chtml: { fontURL: fontURL },
    startup: { typeset: false },
  });
  const adaptor = MathJax.startup.adaptor;

  // The synchronous conversion is about twice as fast as tex2chtmlPromise; it throws an error
  // carrying a `retry` promise when the formula needs a TeX extension not loaded yet
  // (\require, autoload), and is tried again once that extension has arrived.
  async function convert(tex, display) {
    for (;;) {
      try {
        return MathJax.tex2chtml(tex, { display: display });
      } catch (error) {
        if (!error.retry) throw error;
        await error.retry;
      }
    }
  }

  async function page(formulas) {
    MathJax.texReset();
    MathJax.startup.output.clearCache(); // the stylesheet then holds this page's glyphs only
    const html = [];
    for (const [tex, display] of formulas) {
      html.push(adaptor.outerHTML(await convert(tex, display)));
    }
    return { html: html, css: adaptor.textContent(MathJax.chtmlStylesheet()) };
  }

  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  answer({ ready: true });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const request = JSON.parse(line);
      if (request.page) {
        answer(await page(request.page));
      } else {
        answer({ error: "unknown request" });
      }
    } catch (error) {
      answer({ error: String((error && error.stack) || error) });
    }
  }
}

main().catch((error) => {
  answer({ error: String((error && error.stack) || error) });
  process.exit(1);
});
