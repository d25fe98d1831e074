"""The index's record of each note: frontmatter, publishing, URLs, headings, blocks, tags, links."""

from __future__ import annotations

import pytest

from livegarden.reading.comments import strip_comments
from livegarden.reading.document import read_document
from livegarden.reading.parser import NoteParser
from livegarden.reading.slugs import Slugger
from livegarden.vault.frontmatter import parse_frontmatter
from livegarden.vault.index import VaultIndex
from livegarden.vault.slugs import relative_url
from tests.reading.helpers import make_vault


@pytest.mark.parametrize(
    ("text", "data", "body_line", "error"),
    [
        ("---\ndg-publish: true\n---\nbody", {"dg-publish": True}, 4, None),
        (
            '---\n{"dg-publish":true,"permalink":"/A B/"}\n---\nx',
            {"dg-publish": True, "permalink": "/A B/"},
            4,
            None,
        ),
        ("no frontmatter", {}, 1, None),
        ("---\n---\nbody", {}, 3, None),
        ("---\nkey: [unclosed\n---\nbody", {}, 1, "frontmatter is not valid YAML"),
        ("---\n- a list\n---\nbody", {}, 1, "frontmatter is not a mapping"),
        ("---\nnever closed: true\nbody", {}, 1, None),
    ],
    ids=["yaml", "one-line-json", "none", "empty", "broken-yaml", "not-a-mapping", "unclosed"],
)
def test_frontmatter(text, data, body_line, error):
    matter = parse_frontmatter(text)
    assert matter.data == data
    assert matter.body_line == body_line
    assert (matter.error or "").startswith(error or "")
    assert bool(matter.error) == bool(error)


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Plain", "Plain"),
        ("With [[Note|alias]] inside", "With alias inside"),
        ("With [[Folder/Note#Part]]", "With Note > Part"),
        ("The `code` and *emphasis* and ==mark==", "The code and emphasis and mark"),
        ("A [link](x.md) here", "A link here"),
    ],
    ids=["plain", "aliased-wikilink", "wikilink-with-heading", "inline-markup", "markdown-link"],
)
def test_heading_text_is_what_the_page_shows(markdown, text):
    document = read_document(NoteParser().parse(f"## {markdown}\n"), 1)
    assert [heading.text for heading in document.headings] == [text]


def test_heading_ids_repeat_like_toc_and_keep_every_script():
    ids = Slugger()
    assert [ids.take(t) for t in ("Details", "Details", "Details_1", "Étude", "", "注意")] == [
        "details",
        "details_1",
        "details_2",
        "étude",
        "section",
        "注意",
    ]
    assert (
        Slugger().take("Singular Value Decomposition (SVD)") == "singular-value-decomposition-svd"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a %%hidden%% b", "a  b"),
        ("`%%code%%` stays", "`%%code%%` stays"),
        ("start %%\nmany\nlines\n%% end", "start  end"),
        ("open %% to the end", "open "),
        ("``a `%%` b`` %%x%%", "``a `%%` b`` "),
    ],
    ids=["inline", "in-code-span", "multi-line", "unclosed", "double-backtick-span"],
)
def test_strip_comments(text, expected):
    assert strip_comments(text).replace("\n", "") == expected


BODY = """# Title
Text with [[Link One]] and ![[pic.png|100]] and [md](Other%20Note.md#Part).
A #tag and #nested/tag but not #123 or a#b or `#code`. ^para-1

```python
[[Not A Link]] #not-a-tag
```

%% [[Commented Link]] #commented %%
- item ^item-1
## Second #inline-tag

| a | b |
|---|---|
| x | y |

^table-id
"""


def test_one_parse_finds_links_tags_headings_and_blocks():
    scanned = read_document(NoteParser().parse(BODY, 5), 5 + BODY.count("\n"))
    assert [(h.level, h.text, h.id, h.line) for h in scanned.headings] == [
        (1, "Title", "title", 5),
        (2, "Second #inline-tag", "second-inline-tag", 15),
    ]
    assert [(link.raw, link.line, link.is_embed) for link in scanned.links] == [
        ("[[Link One]]", 6, False),
        ("![[pic.png|100]]", 6, True),
        ("[md](Other%20Note.md#Part)", 6, False),
    ]
    assert scanned.links[2].target.path == "Other Note.md"
    assert scanned.tags == ("tag", "nested/tag", "inline-tag")
    assert [(b.id, b.start_line, b.end_line) for b in scanned.blocks] == [
        ("para-1", 6, 7),
        ("item-1", 14, 14),
        ("table-id", 17, 19),
    ]
    assert scanned.headings[0].end_line == 22  # the H1's section: the whole body
    assert scanned.headings[1].end_line == 22


def test_index_publishing_urls_and_tags(tmp_path):
    index: VaultIndex = make_vault(
        tmp_path,
        {
            "Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n",
            "F/Perma.md": '---\n{"dg-publish":true,"permalink":"/Some Place/Here/"}\n---\n',
            "F/Plain.md": "---\ndg-publish: true\ntags: [a, '#b']\ntitle: Shown\n---\n#c\n",
            "F/Hidden.md": "---\ndg-publish: true\ndg-hide: true\n---\n",
            "F/Draft.md": "---\ntags: secret\n---\n#private\n",
            "F/Broken.md": "---\ndg-publish: [true\n---\n",
        },
    )
    notes = index.notes
    assert notes["Home.md"].url == "" and notes["Home.md"].is_home
    assert notes["F/Perma.md"].url == "Some Place/Here/"
    assert notes["F/Plain.md"].url == "F/Plain/"
    assert notes["F/Plain.md"].title == "Shown"
    assert notes["F/Plain.md"].tags == ("a", "b", "c")
    assert notes["F/Hidden.md"].is_hidden and notes["F/Hidden.md"].is_published
    assert not notes["F/Draft.md"].is_published
    assert [n.path for n in index.published_notes()] == [
        "F/Hidden.md",
        "F/Perma.md",
        "F/Plain.md",
        "Home.md",
    ]
    assert list(index.tags()) == ["a", "b", "c"]  # nothing from the draft
    assert len(index.problems) == 1
    assert str(index.problems[0]).startswith("F/Broken.md:1: frontmatter is not valid YAML (line")


@pytest.mark.parametrize(
    ("permalinks", "problem"),
    [
        (("/A/One/", "/A/Two/"), None),
        (("/A/One/", "/A/One/"), "B.md:1: has the same URL 'A/One/' as A.md; change its permalink"),
        (
            ("/Garden/Graph/", "/garden/writing/"),
            "B.md:1: its URL 'garden/writing/' has 'garden/' where A.md has 'Garden/'",
        ),
        (("/Topic/", "/topic/deeper/"), "B.md:1: its URL 'topic/deeper/' has 'topic/' where"),
        (("/X/Note/", "/X/note/"), "B.md:1: its URL 'X/note/' has 'X/note/' where A.md has"),
    ],
    ids=["distinct", "same-url", "folder-case", "page-and-folder-case", "page-case"],
)
def test_urls_that_clash_are_problems_of_the_later_note(tmp_path, permalinks, problem):
    notes = {
        name: f"---\ndg-publish: true\npermalink: {link}\n---\n"
        for name, link in zip(("A.md", "B.md"), permalinks, strict=True)
    }
    index = make_vault(tmp_path, notes)
    found = [str(p) for p in index.problems]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(problem), found


def test_publish_all_mode_keeps_a_note_that_opts_out_private(tmp_path):
    index = make_vault(
        tmp_path, {"A.md": "plain\n", "B.md": "---\ndg-publish: false\n---\n"}, mode="all"
    )
    assert [n.path for n in index.published_notes()] == ["A.md"]


@pytest.mark.parametrize(
    ("target", "source", "href"),
    [
        ("A/B/", "A/C/", "../B/"),
        ("", "A/B/", "../../"),
        ("A/B/", "A/B/", "./"),
        ("A/B/", "", "A/B/"),
        ("pic.png", "A/B/", "../../pic.png"),
        ("A/x.html", "A/y.html", "x.html"),
    ],
    ids=["sibling", "home", "self", "from-home", "file", "no-directory-urls"],
)
def test_relative_url(target, source, href):
    assert relative_url(target, source) == href


def test_only_attachments_a_published_note_uses_are_published(tmp_path):
    index = make_vault(
        tmp_path,
        {
            "Pub.md": "---\ndg-publish: true\n---\n![[shared.png]] ![](att/public.png)\n",
            "Priv.md": "---\ndg-publish: false\n---\n![[shared.png]] ![[private.png]]\n",
            "att/shared.png": "x",
            "att/public.png": "x",
            "att/private.png": "x",
            "att/unused.png": "x",
        },
    )
    published = {p for p in index.files if index.is_file_published(p)}
    assert published == {"att/shared.png", "att/public.png"}


def test_setext_headings_get_ids_and_attr_lists_are_text_as_in_obsidian(tmp_path):
    # Obsidian has no `{#id}` attribute lists (Python-Markdown's attr_list): the braces are
    # part of the heading's text, and of its id.
    from tests.reading.helpers import PUBLISHED, Renderer

    body = "Setext one\n==========\n\ntext\n\nSetext two\n---\n\n## Custom {#my-id}\n\n## Custom\n"
    index = make_vault(tmp_path, {"N.md": PUBLISHED + body})
    note = index.notes["N.md"]
    assert [(h.level, h.text, h.id) for h in note.headings] == [
        (1, "Setext one", "setext-one"),
        (2, "Setext two", "setext-two"),
        (2, "Custom {#my-id}", "custom-my-id"),
        (2, "Custom", "custom"),
    ]
    html = Renderer(index).render("N.md")
    for heading in note.headings:
        assert f'id="{heading.id}"' in html


def test_tags_are_one_tag_whatever_their_letter_case(tmp_path):
    index = make_vault(
        tmp_path,
        {
            "A.md": "---\ndg-publish: true\ntags: [ML]\n---\n#ml and #Ml again\n",
            "B.md": "---\ndg-publish: true\n---\n#ml\n",
        },
    )
    assert index.notes["A.md"].tags == ("ML",)
    assert {tag: [n.path for n in notes] for tag, notes in index.tags().items()} == {
        "ML": ["A.md", "B.md"]
    }
