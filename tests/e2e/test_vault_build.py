"""The vault engine end to end: real `mkdocs build --strict` of a fixture vault holding every
Obsidian form, checked by parsing the built HTML."""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuildResult, run_mkdocs_build

FIXTURE = Path(__file__).parent / "vault_fixture"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = run_mkdocs_build(FIXTURE / "mkdocs.yml", tmp_path_factory.mktemp("vault-site"))
    assert result.returncode == 0, result.log
    return result


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: BuildResult, url: str) -> BeautifulSoup:
    return _soup(site.site_dir / url / "index.html")


def content(site: BuildResult, url: str) -> BeautifulSoup:
    article = page(site, url).select_one("article")
    assert article is not None
    return article


def html_pages(site: BuildResult) -> list[Path]:
    return [p for p in site.site_dir.rglob("*.html") if "assets" not in p.parts]


def test_every_internal_link_and_fragment_lands(site):
    checked = 0
    for html in html_pages(site):
        here = html.relative_to(site.site_dir).as_posix()
        if here == "404.html":  # served from any depth, so MkDocs writes root-absolute links
            continue
        for anchor in _soup(html).select("a[href]"):
            href = anchor["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(here), unquote(parts.path))
            )
            if not parts.path:
                target = here
            elif href.split("#")[0].endswith("/") or target == ".":
                target = posixpath.join("" if target == "." else target, "index.html")
            path = site.site_dir / target
            assert path.is_file(), f"{here}: {href} -> {target} does not exist"
            if parts.fragment and path.suffix == ".html":
                ids = {element["id"] for element in _soup(path).select("[id]")}
                assert unquote(parts.fragment) in ids, f"{here}: {href}: no such id in {target}"
            checked += 1
    assert checked > 100


LINKS = [
    ("plain", "plain", "../../Folder/Sub/Target/"),
    ("any case", "any case", "../../Folder/Sub/Target/"),
    ("with suffix", "with suffix", "../../Folder/Sub/Target/"),
    ("partial path", "partial path", "../../Folder/Sub/Target/"),
    ("full path", "full path", "../../Folder/Sub/Target/"),
    ("alias", "alias", "../../Folder/Sub/Target/"),
    ("heading", "heading", "../../Folder/Sub/Target/#second-section"),
    ("nested headings", "nested headings", "../../Folder/Sub/Target/#nested"),
    ("same page", "same page", "#local-heading"),
    ("block", "block", "../../Folder/Sub/Target/#^para-id"),
    ("list block", "list block", "../../Folder/Sub/Target/#^item-id"),
    ("frontmatter alias", "frontmatter alias", "../../Folder/Sub/Target/"),
    ("permalink with spaces", "permalink with spaces", "../../custom%20place/perma%20note/"),
    ("hidden", "hidden from navigation", "../Hidden%20Note/"),
    ("namesake by path", "deeper namesake by path", "../../Deep/Er/Deeper/Target/"),
    ("markdown", "Markdown link", "../../Folder/Sub/Target/"),
    ("markdown fragment", "Markdown link with fragment", "../../Folder/Sub/Target/#second-section"),
    ("markdown encoded", "Markdown link, percent-encoded", "../../custom%20place/perma%20note/"),
]


@pytest.mark.parametrize(("label", "href"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS])
def test_link_forms(site, label, href):
    items = content(site, "Garden/Links").select("li")
    item = next(li for li in items if li.get_text().startswith(label + ":"))
    anchor = item.select_one("a.lg-wikilink")
    assert anchor is not None, item
    assert anchor["href"] == href


def test_code_and_tables(site):
    article = content(site, "Garden/Links")
    assert "[[Not A Link]]" in article.select_one("code").get_text()
    rows = [[td.get_text() for td in tr.select("td")] for tr in article.select("tbody tr")]
    assert rows == [["escaped pipe", "keeps its columns"], ["section", "second"]]
    assert article.select_one("tbody a")["href"] == "../../Folder/Sub/Target/"


def test_home_permalink_and_hidden_note(site):
    assert page(site, ".").select_one("h1").get_text().startswith("Fixture garden")
    assert (site.site_dir / "custom place/perma note/index.html").is_file()
    assert (site.site_dir / "Garden/Hidden Note/index.html").is_file()
    nav = page(site, "Garden/Links").select_one("nav.md-nav--primary").get_text()
    assert "Hidden Note" not in nav and "Links" in nav
    assert not (site.site_dir / "Private").exists()


def test_embeds(site):
    article = content(site, "Garden/Embeds")
    images = article.select("img")
    assert [img["src"] for img in images] == ["../../attachments/pic%20one.png"] * 3
    assert [(img.get("width"), img.get("height")) for img in images] == [
        (None, None),
        ("200", None),
        ("120", "60"),
    ]
    assert (site.site_dir / "attachments/pic one.png").is_file()
    embeds = article.select(".lg-embed")
    texts = [embed.get_text(" ", strip=True) for embed in embeds]
    assert "Intro paragraph of the target." in texts[0] and "Same title again" in texts[0]
    assert "Text under first, nested." in texts[1] and "Second Section" not in texts[1]
    assert "A paragraph that can be linked." in texts[2] and "Intro" not in texts[2]
    assert "^para-id" not in texts[2]
    assert "Loop one text." in texts[3] and "Loop two text." in texts[3]  # nested embed


CALLOUTS = [
    ("note", "div.admonition.note", "Note"),
    ("custom title", "div.admonition.tip", "Custom title"),
    ("folded", "details.faq:not([open])", "Folded question"),
    ("open", "details.warning[open]", "Open warning"),
    ("outer", "div.admonition.summary", "Outer"),
    ("nested", "div.admonition.summary div.admonition.bug", "Inner"),
    ("unknown type", "div.admonition.note.lg-callout-recipe", "Recipe"),
]


@pytest.mark.parametrize(
    ("selector", "title"), [c[1:] for c in CALLOUTS], ids=[c[0] for c in CALLOUTS]
)
def test_callouts(site, selector, title):
    box = content(site, "Garden/Syntax").select_one(selector)
    assert box is not None
    heading = box.select_one("summary, p.admonition-title")
    assert heading.get_text().strip() == title


def test_marks_math_comments_and_tags(site):
    article = content(site, "Garden/Syntax")
    assert article.select_one("mark").decode_contents() == "highlighted <em>text</em>"
    math = article.select_one(".arithmatex")  # typeset at build time, for eyes and for ears
    assert math.select_one("mjx-container mjx-math") is not None and "\\(" not in math.get_text()
    assert [node.get_text() for node in math.select("mjx-assistive-mml msub > mi")] == ["x", "i"]
    summed = [m for m in article.select(".arithmatex") if "\u2211" in m.get_text()]  # ∑ a_i * b_i
    assert len(summed) == 1 and summed[0].select_one("em") is None  # `*` stayed TeX
    assert "a" in summed[0].select_one("mjx-assistive-mml").get_text()
    tag = article.select_one("p a.lg-tag")
    assert (tag.get_text(), tag["href"]) == ("#fixture/inline", "../../tags/fixture/inline/")
    assert "#not-a-tag" in article.select_one("pre").get_text()
    foot = [a.get_text() for a in article.select("p.lg-tags a.lg-tag")]
    assert foot == ["#fixture/syntax", "#fixture/inline"]
    tags = page(site, "tags")
    listed = {a.get_text(): a["href"] for a in tags.select("article li a")}
    assert listed["#inline"] == "fixture/inline/" and "#shared" in listed  # a tree: under #fixture
    nested = page(site, "tags/fixture/inline")
    assert "Syntax" in [a.get_text() for a in nested.select("article li a")]


def test_comments_are_in_no_file(site):
    for path in site.site_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "an inline comment" not in text, path
            assert "A block comment" not in text, path


def test_backlinks_and_graph(site):
    backlinks = content(site, "Folder/Sub/Target").select_one("section.lg-backlinks")
    assert backlinks.select_one("h2").get_text() == "Backlinks"
    assert [a.get_text() for a in backlinks.select("a")] == ["Embeds", "Links", "Syntax"]
    graph = json.loads((site.site_dir / "livegarden/graph.json").read_text(encoding="utf-8"))
    ids = {node["id"] for node in graph["nodes"]}
    assert "Private/Draft.md" not in ids and "Folder/Sub/Target.md" in ids
    assert {"source": "Garden/Links.md", "target": "Folder/Sub/Target.md"} in graph["links"]
    assert all(link["source"] in ids and link["target"] in ids for link in graph["links"])
    home = next(node for node in graph["nodes"] if node["id"] == "Home.md")
    assert home == {"id": "Home.md", "title": "Fixture garden", "url": "", "tags": []}


def test_navigation_per_folder_changes_no_byte(site, tmp_path):
    """Rendering Material's navigation once per folder gives exactly Material's own HTML."""
    config = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {FIXTURE / 'docs'}")
    config = config.replace("execute: false", "execute: false\n      navigation_per_folder: false")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    plain = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert plain.returncode == 0, plain.log
    assert "navigation rendered" in site.log  # the cache was used for the fixture's folders
    cached = sorted(p.relative_to(site.site_dir) for p in html_pages(site))
    assert cached == sorted(p.relative_to(plain.site_dir) for p in html_pages(plain))
    for path in cached:
        assert (site.site_dir / path).read_bytes() == (plain.site_dir / path).read_bytes(), path


def test_search_index_has_no_backlinks_or_embedded_copies(site):
    index = json.loads((site.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert not [d for d in docs if "Backlinks" in d["title"] or "lg-backlinks" in d["text"]]
    embeds_page = " ".join(d["text"] for d in docs if d["location"].startswith("Garden/Embeds/"))
    assert "Intro paragraph of the target." not in embeds_page
    target_page = " ".join(
        d["text"] for d in docs if d["location"].startswith("Folder/Sub/Target/")
    )
    assert "Intro paragraph of the target." in target_page
