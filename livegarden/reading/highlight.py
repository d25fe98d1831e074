"""Code blocks highlighted with Pygments in the markup pymdownx.highlight writes, so Material's
copy button, colours and titles work as they did under Python-Markdown."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)


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
