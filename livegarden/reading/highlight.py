"""Code blocks highlighted with Pygments in the markup pymdownx.highlight writes, so Material's
copy button, colours and titles work as they did under Python-Markdown.

Plain names and whitespace are left unwrapped: Material draws names (`.n`) in the code's own
colour and gives whitespace (`.w`) no style, and their spans were a third of a code-heavy page's
bytes. A theme that colours `--md-code-hl-name-color` differently loses that colour on names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)
_UNSTYLED = re.compile(r'<span class="(?:n|w)">([^<]*)</span>')


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    if language:
        try:
            return get_lexer_by_name(language, stripnl=False, ensurenl=True)
        except ClassNotFound:
            pass
    return TextLexer(stripnl=False, ensurenl=True)


def code_html(code: str, language: str = "", title: str | None = None) -> str:
    """`<div class="highlight">` with an optional `<span class="filename">` title."""
    spans = highlight(code, _lexer(language.strip().lower()), _FORMATTER) if code else ""
    spans = _UNSTYLED.sub(r"\1", spans)
    heading = f'<span class="filename">{escape(title)}</span>' if title else ""
    return f'<div class="highlight">{heading}<pre><span></span><code>{spans}</code></pre></div>\n'


def info_parts(info: str) -> tuple[str, str | None]:
    """A fence's language and `title="..."` from its info string."""
    language, _, rest = info.strip().partition(" ")
    title = None
    marker = 'title="'
    at = rest.find(marker)
    if at >= 0:
        end = rest.find('"', at + len(marker))
        if end > 0:
            title = rest[at + len(marker) : end]
    return language.strip("{}."), title
