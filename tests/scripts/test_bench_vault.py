"""The benchmark's synthetic vault holds every form it claims, and livegarden builds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from scripts.bench_vault import derive_config, run_build
from scripts.synthetic_vault import FORMS, SyntheticVault, generate_vault
from tests.conftest import REPO

# How each form looks in the Markdown source, read independently of the generator's own counter.
FORM_PATTERNS = {
    "wikilink": r"(?<!!)\[\[[^\]|#^]+\]\]",
    "wikilink-any-case": r"(?<!!)\[\[[a-z][a-z ]+ \d+\]\]",
    "wikilink-dot-md": r"\[\[[^\]|#]+\.md\]\]",
    "wikilink-path": r"(?<!!)\[\[(Mainfolder|Areas|Projects|Reading|Archive)/[^\]|#]+\]\]",
    "wikilink-alias": r"(?<!!)\[\[[^\]|#\\]+\|[^\]]+\]\]",
    "wikilink-escaped-pipe-in-table": r"^\|.*\[\[[^\]]+\\\|[^\]]+\]\].*\|$",
    "wikilink-heading": r"(?<!!)\[\[[^\]#]+#(Overview|Results|Method \w+)\]\]",
    "wikilink-nested-heading": r"\[\[[^\]#]+#Method \w+#Step 1\]\]",
    "wikilink-same-note-heading": r"\[\[#Method \w+\]\]",
    "wikilink-block": r"(?<!!)\[\[[^\]#]+#\^key-\d+(\|[^\]]+)?\]\]",
    "wikilink-frontmatter-alias": r"\[\[aka [^\]]+\]\]",
    "wikilink-to-unpublished": r"\[\[(\w+/)?Private [^\]]+\]\]",
    "markdown-link-to-note": r"\]\((\.\./)*[^)]+\.md\)",
    "embed-heading": r"!\[\[[^\]#]+#Summary\]\]",
    "embed-block": r"!\[\[[^\]#]+#\^key-\d+\]\]",
    "embed-note": r"!\[\[[^\]#|.]+\]\]",
    "embed-image": r"!\[\[[^\]|]+\.png\]\]",
    "embed-image-width": r"!\[\[[^\]|]+\.png\|\d+\]\]",
    "embed-image-size": r"!\[\[[^\]|]+\.png\|\d+x\d+\]\]",
    "callout-nested": r"^> > \[!\w+\][-+]? ",
    "highlight": r"==[^=]+==",
    "comment-inline": r"%%[^%\n]+%%",
    "comment-block": r"^%%$",
    "tag-inline": r"\s#[a-z]+(/[A-Za-z]+)?\b",
    "math-inline": r"(?<!\$)\$[^$\n]+\$(?!\$)",
    "math-display": r"^(> )?\$\$$",
    "code-fence-with-fake-link": r'^label = "\[\[not a link\]\]"',
    "code-span-with-fake-link": r"`\[\[not a link either\]\]`",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> SyntheticVault:
    return generate_vault(tmp_path_factory.mktemp("bench") / "vault", 30)


@pytest.fixture(scope="module")
def source(vault: SyntheticVault) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(vault.root.rglob("*.md")))


def test_every_form_has_a_pattern() -> None:
    assert set(FORM_PATTERNS) == set(FORMS)


@pytest.mark.parametrize("form", FORMS, ids=FORMS)
def test_vault_contains_form(source: str, vault: SyntheticVault, form: str) -> None:
    assert re.search(FORM_PATTERNS[form], source, re.MULTILINE), form
    assert vault.forms[form] > 0, form


def test_vault_has_duplicate_basenames_unpublished_notes_and_one_home(
    vault: SyntheticVault,
) -> None:
    names = [Path(n.path).name for n in vault.notes]
    assert len(names) != len(set(names))
    assert vault.unpublished
    homes = [p for p in vault.root.rglob("*.md") if "dg-home: true" in p.read_text("utf-8")]
    assert [p.name for p in homes] == ["Home.md"]
    for note in vault.unpublished:
        assert "dg-publish: true" not in (vault.root / note.path).read_text("utf-8")


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_vault(tmp_path / "a", 40, seed=3)
    second = generate_vault(tmp_path / "b", 40, seed=3)
    for note in first.notes:
        a = (first.root / note.path).read_text("utf-8")
        assert a == (second.root / note.path).read_text("utf-8")


@pytest.mark.parametrize(
    ("kind", "has_livegarden", "has_prune"),
    [("plain", False, False), ("prune", False, True), ("livegarden", True, None)],
    ids=["plain", "prune", "livegarden"],
)
def test_derived_config(
    tmp_path: Path, kind: str, has_livegarden: bool, has_prune: bool | None
) -> None:
    text = derive_config(REPO / "mkdocs.yml", tmp_path / "vault", kind)
    config = yaml.load(text, Loader=get_yaml_loader())  # MkDocs' own loader: !ENV, python tags
    plugin_names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert ("livegarden" in plugin_names) is has_livegarden
    assert config["docs_dir"] == str(tmp_path / "vault")
    if has_prune is not None:
        assert ("navigation.prune" in config["theme"]["features"]) is has_prune
        assert plugin_names == ["search"]


def test_livegarden_builds_the_synthetic_vault(vault: SyntheticVault, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(derive_config(REPO / "mkdocs.yml", vault.root, "livegarden"), "utf-8")
    run = run_build(config, tmp_path, "livegarden", len(vault.notes), 0, keep_site=True)
    log = (tmp_path / "build-livegarden-30-0.log").read_text("utf-8")
    assert run.returncode == 0, log
    site = tmp_path / "site-livegarden"
    assert (site / "index.html").is_file()
    for note in vault.published[1:]:
        assert (site / note.url / "index.html").is_file(), note.path
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js", ".png"}:
            assert "private scan" not in path.name, path
            if path.suffix != ".png":
                text = path.read_text("utf-8", errors="replace")
                leaked = [m for m in vault.private_markers if m in text]
                assert not leaked, (path, leaked)


def test_the_serial_kind_builds_in_one_process_without_the_page_cache(tmp_path: Path) -> None:
    text = derive_config(REPO / "mkdocs.yml", tmp_path / "vault", "lg-serial")
    config = yaml.load(text, Loader=get_yaml_loader())
    options = next(
        p["livegarden"] for p in config["plugins"] if isinstance(p, dict) and "livegarden" in p
    )
    assert options["workers"] == 1 and options["page_cache_dir"] == ""
    assert options["publish"] == "digital-garden"  # the repository's own options are kept
