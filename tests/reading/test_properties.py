"""Property test: thousands of generated Obsidian-style notes (nested brackets, stray pipes and
`#`, unclosed fences and comments, odd Unicode, broken frontmatter) go through the index and every
transform: no exception escapes, every problem is a warning naming a note and a line inside it,
and every published note still renders."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reading.helpers import Renderer, make_vault

NAMES = ["Alpha", "beta note", "Ünïcödé ✓", "Folder/Gamma", "dup", "Sub/dup", "a/b/c/Deep", "Zed"]
TOKENS = [
    "[[", "]]", "[", "]", "|", "\\|", "#", "##", "^", "^id", "%%", "==", "`", "``", "```", "~~~",
    "$", "$$", "![[", "> ", "> [!", "> [!note]", "> [!tip]- ", "]- ", "\n", "\n\n", " ", "- ",
    "1. ", "|---|", "<div>", "</div>", "*", "_", "(", ")", ".md", "#tag", "#1", "\\", "\t",
    "\u200b", "\ufeff", "🙂", "ß", "İ", "\u0301", "a", "word", "https://x.org/#f", "](", "![",
]  # fmt: skip
PUBLIC = "---\ndg-publish: true\n---\n"
FRONTMATTERS = [
    "---\ndg-publish: true\n---\n",
    '---\n{"dg-publish":true,"permalink":"/p q/"}\n---\n',
    "---\ndg-publish: true\ntags: [a, 'b c', 3]\naliases: ali\n---\n",
    "---\ndg-publish: [true\n---\n",
    "---\ndg-publish: true\n",
    "---\n- just a list\n---\n",
    "",
    "---\ndg-publish: true\ndg-home: true\n---\n",
]

names = st.sampled_from(NAMES)
link = st.builds(
    lambda bang, name, frag, alias: f"{bang}[[{name}{frag}{alias}]]",
    st.sampled_from(["", "!"]),
    names,
    st.sampled_from(["", "#Heading", "#H1#H2", "#^id", "#", "#^"]),
    st.sampled_from(["", "|shown", "\\|shown", "|200", "|200x100", "|"]),
)
fragment = st.one_of(st.sampled_from(TOKENS), link, st.text(max_size=6))
body = st.lists(fragment, max_size=60).map("".join)
note = st.tuples(st.sampled_from(FRONTMATTERS), st.just("%%lgsecret%%\n\n"), body).map("".join)
vault = st.lists(note, min_size=len(NAMES), max_size=len(NAMES))

WARNING_RE = re.compile(r"^(?P<path>[^:]+\.md):(?P<line>\d+): \S")


@settings(
    max_examples=250,  # 2,000 notes
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(texts=vault, mode=st.sampled_from(["digital-garden", "all"]))
def test_generated_notes_never_crash_and_problems_name_a_line(texts: list[str], mode) -> None:
    """`all` also renders the notes whose frontmatter is broken (it stays in the text)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {f"{name}.md": text for name, text in zip(NAMES, texts, strict=True)}
        index = make_vault(root, files, mode=mode)
        renderer = Renderer(index)
        for problem in index.problems:
            assert problem.path in files and problem.line >= 1
        for note in index.published_notes():
            html = renderer.render(note.path)
            assert isinstance(html, str)
            assert "lgsecret" not in html  # a comment at the top of every note never shows
        for message in renderer.records:
            match = WARNING_RE.match(message)
            assert match, message
            text = files[match.group("path")]
            lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            assert 1 <= int(match.group("line")) <= lines, message


private_link = st.builds(
    lambda bang, number, frag: (
        f"![[Private lgpriv{number}{frag}]]" if bang else f"[[Private lgpriv{number}{frag}|x]]"
    ),
    st.booleans(),
    st.integers(0, 2),
    st.sampled_from(["", "#lgpriv heading", "#^lgprivblock"]),
)
file_use = st.builds(
    lambda number, form: form.format(f"lgfile{number}.png"),
    st.integers(0, 3),
    st.sampled_from(["![[{}]]", "![alt](att/{})", "[[{}|a file]]", "`![[{}]]`"]),
)
public_body = st.lists(st.one_of(private_link, file_use), max_size=30)
private_body = st.lists(file_use, max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    publics=st.lists(public_body, min_size=1, max_size=3),
    privates=st.lists(private_body, min_size=3, max_size=3),
)
def test_nothing_private_reaches_a_page_and_only_used_files_are_published(publics, privates):
    """Generated vaults: private notes (with markers everywhere) linked and embedded from public
    ones in every form, attachments used by public notes, private notes, both or none."""
    with tempfile.TemporaryDirectory() as folder:
        files: dict[str, str] = {}
        for number, parts in enumerate(privates):
            files[f"Private/Private lgpriv{number}.md"] = (
                "---\ntitle: lgpriv title\n---\n# lgpriv heading\n\nlgpriv text ^lgprivblock\n\n"
                + "\n\n".join(parts)
                + "\n\n> [!note] lgpriv callout\n\n$$\\text{lgpriv}$$\n"
            )
        for number, parts in enumerate(publics):
            files[f"Public {number}.md"] = PUBLIC + "\n\n".join(parts) + "\n"
        for number in range(4):
            files[f"att/lgfile{number}.png"] = f"lgfilecontent{number}"
        index = make_vault(Path(folder), files)
        renderer = Renderer(index)
        for note in index.published_notes():
            html = renderer.render(note.path)
            assert "lgpriv" not in html, note.path
        for number in range(4):
            name = f"lgfile{number}.png"
            used = any(  # in code, a name is no use of the file
                text.count(name) > text.count(f"`![[{name}]]`")
                for path, text in files.items()
                if path.startswith("Public")
            )
            assert index.is_file_published(f"att/lgfile{number}.png") == used
