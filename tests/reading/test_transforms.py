"""Each Obsidian Markdown transform, rendered with the real extensions against a real index."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from livegarden.vault.index import VaultIndex
from tests.reading.helpers import PUBLISHED, Renderer, make_vault

VAULT = {
    "Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n",
    "AI/Page.md": PUBLISHED + "# Page\n",
    "AI/Target Note.md": PUBLISHED
    + "# Target Note\n\nIntro.\n\n## Part One\n\nFirst part text.\n\n## Part Two\n\n"
    + "Second part text.\n\nA quoted block. ^quote-me\n",
    "AI/Loop A.md": PUBLISHED + "A starts\n\n![[Loop B]]\n",
    "AI/Loop B.md": PUBLISHED + "B starts\n\n![[Loop A]]\n",
    "Private/Secret Draft.md": "---\ndg-publish: false\n---\nSECRET-BODY\n## Secret Heading\n",
    "attachments/My Picture.png": "png",
    "AI/Gallery.md": PUBLISHED + "![[My Picture.png]]\n",  # published: a published note uses it
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> VaultIndex:
    return make_vault(tmp_path_factory.mktemp("vault"), VAULT)


def render(index: VaultIndex, markdown: str, path: str = "AI/Page.md") -> tuple[str, list[str]]:
    renderer = Renderer(index)
    return renderer.render(path, markdown), renderer.records


LINKS = [
    ("plain", "[[Target Note]]", '<a class="lg-wikilink" href="../Target%20Note/">Target Note</a>'),
    ("alias", "[[Target Note|see here]]", 'href="../Target%20Note/">see here</a>'),
    ("escaped-pipe", "[[Target Note\\|see here]]", 'href="../Target%20Note/">see here</a>'),
    (
        "heading",
        "[[Target Note#Part Two]]",
        'href="../Target%20Note/#part-two">Target Note &gt; Part Two</a>',
    ),
    ("block", "[[Target Note#^quote-me]]", 'href="../Target%20Note/#^quote-me"'),
    ("home", "[[Home]]", 'href="../../">Home</a>'),
    ("self-heading", "[[#Page]]", 'href="#page"'),
    (
        "markdown-link",
        "[x](Target%20Note.md#Part%20One)",
        'href="../Target%20Note/#part-one">x</a>',
    ),
    (
        "image",
        "![[My Picture.png]]",
        '<img alt="My Picture.png" src="../../attachments/My%20Picture.png"',
    ),
    ("image-width", "![[My Picture.png|200]]", 'width="200"'),
    ("image-size", "![[My Picture.png|200x100]]", 'height="100"'),
    ("highlight", "a ==marked *text*== b", "<mark>marked <em>text</em></mark>"),
    ("tag", "see #topic/sub here", '<a class="lg-tag" href="../../tags/">#topic/sub</a>'),
    ("tag-at-line-start", "#topic", '<p><a class="lg-tag"'),
    ("heading-needs-space", "# Real heading", "<h1"),
]


@pytest.mark.parametrize(("markdown", "html"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS])
def test_renders(index, markdown, html):
    out, warnings = render(index, markdown)
    assert html in out
    assert warnings == []


UNTOUCHED = [
    (
        "code-span",
        "`[[Target Note]] ==x== #tag %%c%%`",
        "<code>[[Target Note]] ==x== #tag %%c%%</code>",
    ),
    ("fence", "```\n[[Target Note]] #tag %%c%%\n```", "[[Target Note]] #tag %%c%%"),
    ("inline-math", "$a_1 [[x]] b_2$", "\\(a_1 [[x]] b_2\\)"),
    ("display-math", "$$\nx_{i} * y_{j}\n$$", "x_{i} * y_{j}"),
    ("url-fragment", "[x](https://example.org/#frag)", 'href="https://example.org/#frag"'),
]


@pytest.mark.parametrize(
    ("markdown", "html"), [c[1:] for c in UNTOUCHED], ids=[c[0] for c in UNTOUCHED]
)
def test_leaves_code_math_and_urls_alone(index, markdown, html):
    out, warnings = render(index, markdown)
    assert html in out
    assert "lg-wikilink" not in out and "lg-tag" not in out
    assert warnings == []


def test_table_keeps_its_columns_with_escaped_pipes(index):
    out, _ = render(index, "| a | b |\n|---|---|\n| [[Target Note\\|shown]] | [[Home\\|h]] |\n")
    cells = BeautifulSoup(out, "html.parser").select("tbody td")
    assert [cell.get_text() for cell in cells] == ["shown", "h"]
    assert cells[0].a["href"] == "../Target%20Note/"


@pytest.mark.parametrize(
    ("markdown", "warning"),
    [
        (
            "[[Target Nte]]",
            "AI/Page.md:5: [[Target Nte]] matches no note; shown as plain text; "
            "did you mean [[Target Note]]?",
        ),
        (
            "[[Secret Draft]]",
            "AI/Page.md:5: [[Secret Draft]] points to an unpublished note; shown as plain text;",
        ),
        (
            "[x](Nowhere.md)",
            "AI/Page.md:5: [x](Nowhere.md) matches no note; shown as plain text; no similar note",
        ),
    ],
    ids=["unresolved", "unpublished", "markdown-link"],
)
def test_unresolved_links_are_text_with_one_warning(tmp_path, markdown, warning):
    index = make_vault(tmp_path, {**VAULT, "AI/Page.md": PUBLISHED + f"# Page\n{markdown}\n"})
    out, warnings = render(index, index.bodies["AI/Page.md"])
    soup = BeautifulSoup(out, "html.parser")
    assert soup.select("span.lg-unresolved") and not soup.select("a.lg-wikilink")
    assert len(warnings) == 1 and warnings[0].startswith(warning)
    assert "Secret Draft" not in soup.select_one("span.lg-unresolved")["title"]


CALLOUTS = [
    ("note", "> [!note]\n> body", "div.admonition.note > p.admonition-title", "Note"),
    (
        "custom-title",
        "> [!tip] My *own* title\n> body",
        "div.admonition.tip > p.admonition-title",
        "My own title",
    ),
    ("alias-type", "> [!tldr]\n> body", "div.admonition.tldr > p.admonition-title", "Tldr"),
    ("unknown-type", "> [!recipe]\n> body", "div.note.lg-callout-recipe > p", "Recipe"),
    ("folded", "> [!faq]- Closed\n> body", "details.faq:not([open]) > summary", "Closed"),
    ("open", "> [!warning]+ Open\n> body", "details.warning[open] > summary", "Open"),
    (
        "nested",
        "> [!note] Outer\n> text\n> > [!bug] Inner\n> > deep",
        "div.note div.admonition.bug > p",
        "Inner",
    ),
    ("after-text", "para\n> [!info]\n> body", "div.admonition.info > p.admonition-title", "Info"),
]


@pytest.mark.parametrize(
    ("markdown", "selector", "title"), [c[1:] for c in CALLOUTS], ids=[c[0] for c in CALLOUTS]
)
def test_callouts_become_admonitions(index, markdown, selector, title):
    out, _ = render(index, markdown)
    found = BeautifulSoup(out, "html.parser").select_one(selector)
    assert found is not None, out
    assert found.get_text().strip() == title


def test_callout_body_keeps_math_links_and_lists(index):
    out, _ = render(index, "> [!example] Math\n> $$\n> a_1 + b_2\n> $$\n>\n> - [[Home]]\n> - $x_i$")
    box = BeautifulSoup(out, "html.parser").select_one("div.admonition.example")
    assert "a_1 + b_2" in box.get_text()
    assert box.select_one("li a.lg-wikilink")["href"] == "../../"
    assert "\\(x_i\\)" in box.get_text()


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [
        ("![[Target Note]]", ["Intro.", "First part text.", "A quoted block."], []),
        ("![[Target Note#Part One]]", ["First part text."], ["Second part text.", "Intro."]),
        (
            "![[Target Note#^quote-me]]",
            ["A quoted block."],
            ["Second part text.", "block. ^quote-me"],
        ),
        ("![[Secret Draft]]", [], ["SECRET-BODY", "Secret Heading", "Secret Draft"]),
        ("> [!note]\n> text\n> ![[Target Note#Part Two]]", ["Second part text."], ["Intro."]),
    ],
    ids=["whole-note", "section", "block", "unpublished-embeds-nothing", "inside-a-callout"],
)
def test_embeds(index, markdown, present, absent):
    out, _ = render(index, f"before\n\n{markdown}\n\nafter")
    soup = BeautifulSoup(out, "html.parser")
    text = soup.get_text()
    for snippet in present:
        assert snippet in soup.select_one(".lg-embed").get_text()
    for snippet in absent:
        assert snippet not in out
    assert "before" in text and "after" in text


def test_embed_recursion_is_cut_with_a_warning(index):
    renderer = Renderer(index)
    out = renderer.render("AI/Loop A.md")
    assert out.count('class="lg-embed"') == 2  # A shows B, B shows a link back to A
    assert "B starts" in out
    assert renderer.records == [
        "AI/Loop B.md:6: ![[Loop A]] embeds a note that embeds this one; shown as a link"
    ]


@pytest.mark.parametrize(
    ("markdown", "absent"),
    [
        ("visible %%inline secret%% text", "inline secret"),
        ("visible\n\n%%\nblock secret\n\nover paragraphs\n%%\n\ntext", "block secret"),
        ("visible <div>%%html secret%%</div>", "html secret"),
        ("> [!note]\n> visible %%callout secret%%", "callout secret"),
        ("| a |\n|---|\n| visible %%cell secret%% |", "cell secret"),
    ],
    ids=["inline", "block", "in-html", "in-callout", "in-table"],
)
def test_comments_reach_no_output(index, markdown, absent):
    out, _ = render(index, markdown)
    assert "visible" in out
    assert absent not in out and "%%" not in out


def test_block_ids_become_element_ids(index):
    out, _ = render(index, "para text ^p1\n\n- item ^i1\n- other\n\n| a |\n|---|\n| b |\n\n^t1")
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find(id="^p1").name == "p" and soup.find(id="^p1").get_text() == "para text"
    assert soup.find(id="^i1").name == "li" and soup.find(id="^i1").get_text() == "item"
    assert soup.find(id="^t1").name == "table"
    assert "^" not in soup.get_text()


def test_heading_ids_match_the_index(index):
    """Fragments computed at index time are the ids `toc` gives the rendered page."""
    renderer = Renderer(index)
    note = index.notes["AI/Target Note.md"]
    soup = BeautifulSoup(renderer.render(note.path), "html.parser")
    assert [h["id"] for h in soup.select("h1, h2")] == [h.id for h in note.headings]


# -- what the Python-Markdown pages got wrong (issue: one parse per note) ------------------------

OWN_SECTIONS = {
    "Home.md": VAULT["Home.md"],
    "CLI.md": PUBLISHED
    + "# CLI\n\n## `move`\n\nMoves.\n\n## The `copy` command\n\nCopies.\n\n"
    + "## snake_case_name & more\n\nText.\n\n"
    + "See [[#`move`|move]], [[#The copy command]] and [x](CLI.md#snake_case_name-more).\n\n"
    + "> [!warning] Careful\n> Do not move twice.\n\n^careful\n\n"
    + "![[#The `copy` command]]\n\n![[CLI#^careful]]\n",
    "Media.md": PUBLISHED
    + "# Media\n\n![[talk.mp3]]\n\n![[clip.mp4#t=10]]\n\n![[paper.pdf#page=3]]\n\n"
    + "![250](https://example.org/a.png) ![alt text|120x80](https://example.org/b.png)\n",
    "talk.mp3": "x",
    "clip.mp4": "x",
    "paper.pdf": "x",
}


@pytest.fixture(scope="module")
def own_index(tmp_path_factory: pytest.TempPathFactory) -> VaultIndex:
    return make_vault(tmp_path_factory.mktemp("own"), OWN_SECTIONS)


def test_headings_with_code_entities_and_underscores_are_linkable(own_index):
    renderer = Renderer(own_index)
    soup = BeautifulSoup(renderer.render("CLI.md"), "html.parser")
    ids = [h["id"] for h in soup.select("h2") if not h.find_parent(class_="lg-embed")]
    assert ids == ["move", "the-copy-command", "snake_case_name-more"]
    hrefs = [a["href"] for a in soup.select("p:not(.lg-embed-title) > a.lg-wikilink")]
    assert hrefs == ["#move", "#the-copy-command", "#snake_case_name-more"]
    assert renderer.records == []


def test_a_note_embeds_its_own_section_and_block_without_duplicate_ids(own_index):
    renderer = Renderer(own_index)
    soup = BeautifulSoup(renderer.render("CLI.md"), "html.parser")
    assert renderer.records == [], "embedding one's own section is legal in Obsidian"
    section, callout = soup.select(".lg-embed")
    assert "Copies." in section.get_text() and "Text." not in section.get_text()
    assert callout.select_one("div.admonition.warning p.admonition-title").get_text() == "Careful"
    every_id = [element["id"] for element in soup.select("[id]")]
    assert len(every_id) == len(set(every_id)), "embedded headings get prefixed ids"
    assert section.select_one("h3") is not None, "an embedded h2 sits one level lower"


def test_audio_video_pdf_embeds_are_players_and_image_sizes_hold(own_index):
    soup = BeautifulSoup(Renderer(own_index).render("Media.md"), "html.parser")
    assert soup.select_one("audio[controls]")["src"] == "../talk.mp3"
    assert soup.select_one("video[controls]")["src"] == "../clip.mp4#t=10"
    assert soup.select_one("iframe.lg-pdf")["src"] == "../paper.pdf#page=3"
    sized, both = soup.select("img")
    assert (sized["width"], sized.get("alt")) == ("250", "")
    assert (both["width"], both["height"], both["alt"]) == ("120", "80", "alt text")


@pytest.mark.parametrize(
    ("body", "first_heading"),
    [
        pytest.param("Prose first, no heading.\n", "Page", id="prose-first"),
        pytest.param("Intro.\n\n# Later H1\n", "Page", id="h1-further-down"),
        pytest.param("# Page\n\ntext\n", "Page", id="identical-h1-not-repeated"),
    ],
)
def test_every_page_is_headed_by_its_title(tmp_path, body, first_heading):
    index = make_vault(tmp_path, {"AI/Page.md": PUBLISHED + body})
    soup = BeautifulSoup(Renderer(index).render("AI/Page.md"), "html.parser")
    headings = soup.select("h1")
    assert headings[0].get_text().rstrip("¶") == first_heading
    assert sum(h.get_text().rstrip("¶") == "Page" for h in headings) == 1


def test_warnings_name_the_line_the_link_is_on_in_every_container(tmp_path):
    body = (
        "# Page\n"  # 4
        "first line\nsecond line\nthird [[Gone One]] line\n"  # 5-7
        "\n| a | b |\n|---|---|\n| x | [[Gone Two]] |\n"  # 9-11
        "\n> [!note] Title\n> text\n> more [[Gone Three]]\n"  # 13-15
        "\n- item\n  continued [[Gone Four]]\n"  # 17-18
        "\n## Heading [[Gone Five]]\n"  # 20
        "\nnote[^1]\n\n[^1]: see [[Gone Six]]\n"  # 22, 24
    )
    index = make_vault(tmp_path, {"AI/Page.md": PUBLISHED + body})
    renderer = Renderer(index)
    renderer.render("AI/Page.md")
    lines = {record.split(": [[", 1)[1].split("]]")[0]: record for record in renderer.records}
    assert {name: int(record.split(":")[1]) for name, record in lines.items()} == {
        "Gone One": 7,
        "Gone Two": 11,
        "Gone Three": 15,
        "Gone Four": 18,
        "Gone Five": 20,
        "Gone Six": 24,
    }


# -- found on real vaults (Obsidian's help vault, a public maths Zettelkasten) -------------------


def test_heading_links_in_obsidians_own_form_resolve(tmp_path):
    # Obsidian writes a heading's `:`, `\`, `#`, `|`, `^` as spaces in the links it makes
    notes = {
        "Fields.md": PUBLISHED + "# Fields\n\n##### _definition:_ fields\n\nA field.\n\n"
        "## Uses\n\nSee [[#_definition _ fields]] and [[Fields#_definition _ fields|here]].\n\n"
        "![[#_definition _ fields]]\n",
    }
    index = make_vault(tmp_path, notes)
    renderer = Renderer(index)
    soup = BeautifulSoup(renderer.render("Fields.md"), "html.parser")
    assert renderer.records == []
    hrefs = [a["href"] for a in soup.select("p:not(.lg-embed-title) > a.lg-wikilink")]
    assert hrefs == ["#definition-fields", "#definition-fields"]
    assert "A field." in soup.select_one(".lg-embed").get_text()


def test_an_embed_of_a_missing_section_says_so_instead_of_embedding_everything(tmp_path):
    notes = {
        "A.md": PUBLISHED + "# A\n\n![[B#Nope]]\n\n![[B#^nope]]\n",
        "B.md": PUBLISHED + "# B\n\nALL OF B\n",
    }
    renderer = Renderer(make_vault(tmp_path, notes))
    soup = BeautifulSoup(renderer.render("A.md"), "html.parser")
    assert "ALL OF B" not in soup.get_text()
    missing = [p.get_text() for p in soup.select(".lg-embed-missing")]
    assert missing == ['Unable to find "Nope" in B.', 'Unable to find "^nope" in B.']
    assert len(renderer.records) == 2 and "has no heading 'Nope'" in renderer.records[0]


def test_lines_after_multi_line_display_math_are_counted(tmp_path):
    body = "Note that\n$$\na\n$$\n(since [[Nowhere]])\n"
    renderer = Renderer(make_vault(tmp_path, {"L.md": PUBLISHED + body}))
    renderer.render("L.md")
    assert renderer.records[0].startswith("L.md:8: [[Nowhere]]")


def test_a_title_heading_differing_in_case_is_not_the_title(tmp_path):
    renderer = Renderer(make_vault(tmp_path, {"Word count.md": PUBLISHED + "# Word Count\n"}))
    soup = BeautifulSoup(renderer.render("Word count.md"), "html.parser")
    assert [h.get_text().rstrip("¶") for h in soup.select("h1")] == ["Word count", "Word Count"]
