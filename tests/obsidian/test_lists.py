"""Lists nest where Obsidian nests them (CommonMark content columns), not only at four spaces."""

from __future__ import annotations

import markdown
import pytest
from markdown.extensions import Extension

from livegarden.obsidian.lists import ListIndentPreprocessor, normalise_list_indentation


class _Lists(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.register(ListIndentPreprocessor(md), "lg-list-indent", 20.5)


def render(source: str) -> str:
    return markdown.markdown(source, extensions=[_Lists(), "pymdownx.superfences"])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("- a\n  - b", ["- a", "    - b"], id="two-space-child"),
        pytest.param("- a\n    - b", ["- a", "    - b"], id="four-space-child-unchanged"),
        pytest.param("- a\n  - b\n    - c", ["- a", "    - b", "        - c"], id="three-levels"),
        pytest.param("1. a\n   - b", ["1. a", "    - b"], id="under-ordered-item"),
        pytest.param("- a\n  - b\n- c", ["- a", "    - b", "- c"], id="back-to-top"),
        pytest.param("- a\n  more", ["- a", "    more"], id="continuation-line"),
        pytest.param("text\n\n    code", ["text", "", "    code"], id="indented-code-untouched"),
        pytest.param("- a\n\nafter", ["- a", "", "after"], id="paragraph-ends-list"),
        pytest.param("\t- a", ["\t- a"], id="tab-indented-item-outside-list"),
    ],
)
def test_normalise_list_indentation(source: str, expected: list[str]) -> None:
    assert normalise_list_indentation(source.split("\n")) == expected


def test_seed_style_two_space_bullets_render_nested() -> None:
    html = render("- Common operations:\n  - Vector addition\n  - Dot product\n- Next")
    assert html.count("<ul>") == 2
    assert "Common operations:<ul>" in html


def test_fenced_code_in_a_list_is_left_alone() -> None:
    html = render("- item\n\n  ```python\n  x = 1\n    y = 2\n  ```\n")
    item = html[html.index("<li>") : html.index("</li>")]
    assert "<code>" in item  # the fence stays inside its list item
    assert '\n  <span class="n">y</span>' in item  # and keeps its own relative indentation
