"""Writes a synthetic Obsidian / Digital-Garden vault of N notes for benchmarks and smoke tests.

Independent of livegarden on purpose: the benchmark must describe a vault the way an author's
Obsidian would, not the way our engine reads it. Deterministic for a given (size, seed).
Every note is valid for Obsidian: links to duplicate basenames carry a folder suffix, fragments
name headings and block ids that exist in the target, embedded sections contain no embeds.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote

# Every link/markup form the vault contains; `SyntheticVault.forms` counts them.
FORMS = (
    "wikilink",  # [[Note]]
    "wikilink-any-case",  # [[note]]
    "wikilink-dot-md",  # [[Note.md]]
    "wikilink-path",  # [[Folder/Note]] (full or partial path)
    "wikilink-alias",  # [[Note|shown]]
    "wikilink-escaped-pipe-in-table",  # | [[Note\|shown]] |
    "wikilink-heading",  # [[Note#Heading]]
    "wikilink-nested-heading",  # [[Note#H1#H2]]
    "wikilink-same-note-heading",  # [[#Heading]]
    "wikilink-block",  # [[Note#^block]]
    "wikilink-frontmatter-alias",  # [[an alias from frontmatter]]
    "wikilink-to-unpublished",  # [[Private note]] from a published note
    "markdown-link-to-note",  # [text](../Some%20Note.md)
    "embed-heading",  # ![[Note#Heading]]
    "embed-block",  # ![[Note#^block]]
    "embed-note",  # ![[Note]]
    "embed-image",  # ![[image.png]]
    "embed-image-width",  # ![[image.png|200]]
    "embed-image-size",  # ![[image.png|200x100]]
    "callout-nested",  # > [!note] ... > > [!tip]- ...
    "highlight",  # ==text==
    "comment-inline",  # %%text%%
    "comment-block",  # %%\n...\n%%
    "tag-inline",  # #tag and #nested/tag
    "math-inline",  # $...$
    "math-display",  # $$...$$
    "code-fence-with-fake-link",  # ```python\n"[[not a link]]"\n```
    "code-span-with-fake-link",  # `[[not a link]]`
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ADJECTIVES = _words(
    "Sparse Dense Linear Convex Stochastic Recurrent Residual Causal Latent Bayesian Spectral "
    "Adaptive Robust Hidden Deep Shallow Binary Discrete Smooth Normal Orthogonal Random Greedy "
    "Implicit Explicit Local Global Partial Mixed Low Rank Variational Contrastive Masked"
)
_NOUNS = _words(
    "Attention Gradient Tensor Kernel Encoder Decoder Embedding Optimizer Scheduler Regularizer "
    "Sampler Transformer Convolution Pooling Dropout Normalization Estimator Manifold Matrix "
    "Vector Entropy Divergence Likelihood Posterior Prior Network Layer Activation Loss Metric "
    "Batch Graph"
)
_FOLDER_WORDS = _words(
    "AI Math Vision Language Audio Systems Theory Optimization Probability Statistics Papers "
    "Courses Reading Experiments Notes Ideas Tools Hardware Compilers Data Training Inference"
)
_TOP_FOLDERS = ("Mainfolder", "Areas", "Projects", "Reading", "Archive")
_FILLER = _words(
    "the model learns a representation of each input and the loss measures how far the "
    "prediction lies from the target while the optimizer follows the gradient step by step "
    "through parameter space so that training converges when the learning rate is small enough "
    "and the batch is large enough to average out the noise of single examples"
)
_CALLOUT_TYPES = ("note", "tip", "warning", "info", "example", "quote", "faq", "caution", "bug")
_TAGS = (
    *(f"{a}/{b}" for a in ("area", "kind", "status") for b in _FOLDER_WORDS[:8]),
    "draft",
    "evergreen",
    "seedling",
    "todo",
)
# Attachments, half of them with spaces in the name as Obsidian users write them.
_IMAGES = tuple(f"figure {k}.png" if k % 2 else f"diagram-{k}.png" for k in range(12))


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note's identity, fixed before any text is written so links can point at it."""

    index: int
    folder: str  # POSIX, no trailing slash; "" for the vault root
    name: str  # basename without .md
    is_published: bool
    alias: str | None
    method_word: str
    has_duplicate_name: bool

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.md" if self.folder else f"{self.name}.md"

    @property
    def stem_path(self) -> str:
        return self.path[: -len(".md")]

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs (what MkDocs gives a file at `path`)."""
        return f"{self.stem_path}/"

    @property
    def block_id(self) -> str:
        return f"key-{self.index}"

    @property
    def method_heading(self) -> str:
        return f"Method {self.method_word}"


@dataclass(frozen=True)
class SyntheticVault:
    """What was written: where, which notes, and how often each form occurs."""

    root: Path
    notes: tuple[PlannedNote, ...]
    home: str
    private_markers: tuple[str, ...]
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def published(self) -> tuple[PlannedNote, ...]:
        return tuple(n for n in self.notes if n.is_published)

    @property
    def unpublished(self) -> tuple[PlannedNote, ...]:
        return tuple(n for n in self.notes if not n.is_published)


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid one-colour PNG, written by hand so the generator needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _plan_folders(rng: random.Random, count: int) -> list[str]:
    folders: list[str] = list(_TOP_FOLDERS)
    while len(folders) < count:
        parent = rng.choice(folders)
        if parent.count("/") >= 3:
            continue
        child = f"{parent}/{rng.choice(_FOLDER_WORDS)} {rng.randrange(100)}"
        if child not in folders:
            folders.append(child)
    return folders


def plan_notes(
    n_notes: int,
    *,
    seed: int = 0,
    unpublished_fraction: float = 0.04,
    duplicate_fraction: float = 0.03,
) -> list[PlannedNote]:
    """Decide every note's folder, name, publication and alias (no files written)."""
    rng = random.Random(seed)
    folders = _plan_folders(rng, max(len(_TOP_FOLDERS), n_notes // 18))
    n_unpublished = max(2, round(n_notes * unpublished_fraction))
    unpublished = set(rng.sample(range(1, n_notes), min(n_unpublished, n_notes - 2)))
    n_duplicates = max(2, round(n_notes * duplicate_fraction))
    duplicates = set(rng.sample(range(2, n_notes), min(n_duplicates, n_notes - 3)))
    notes: list[PlannedNote] = []
    for i in range(1, n_notes):  # index 0 is the home note
        folder = rng.choice(folders)
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {i}"
        is_dup = False
        originals = [k for k, n in enumerate(notes) if not n.has_duplicate_name]
        if i in duplicates and originals:
            k = rng.choice(originals)
            other = notes[k]
            last = PurePosixPath(other.folder).name
            folder = rng.choice([f for f in folders if PurePosixPath(f).name != last])
            name, is_dup = other.name, True
            notes[k] = replace(other, has_duplicate_name=True)
        is_published = i not in unpublished
        if not is_published and not is_dup:
            name = f"Private {name}"
        alias = f"aka {name.lower()} v{i}" if is_published and rng.random() < 0.3 else None
        notes.append(PlannedNote(i, folder, name, is_published, alias, rng.choice(_NOUNS), is_dup))
    return notes


class _Writer:
    """Renders note bodies; keeps the form counter and the random stream in one place."""

    def __init__(self, notes: list[PlannedNote], seed: int) -> None:
        self.rng = random.Random(seed + 1)
        self.notes = notes
        self.published = [n for n in notes if n.is_published]
        self.unpublished = [n for n in notes if not n.is_published]
        self.by_folder: dict[str, list[PlannedNote]] = {}
        for note in self.published:
            self.by_folder.setdefault(note.folder, []).append(note)
        self.with_alias = [n for n in self.published if n.alias]
        self.forms: Counter[str] = Counter()

    def count(self, form: str) -> None:
        self.forms[form] += 1

    def filler(self, words: int) -> str:
        text = " ".join(self.rng.choice(_FILLER) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def target(self, source: PlannedNote) -> PlannedNote:
        """Half the links stay in the source's folder (as real notes do), half go anywhere."""
        local = self.by_folder.get(source.folder, [])
        pool = local if local and self.rng.random() < 0.5 else self.published
        for _ in range(5):
            target = self.rng.choice(pool)
            if target.index != source.index:
                return target
        return self.rng.choice(self.published)

    @staticmethod
    def link_name(target: PlannedNote) -> str:
        """The shortest text that names `target` unambiguously (suffix path for duplicates)."""
        if target.has_duplicate_name:
            return f"{PurePosixPath(target.folder).name}/{target.name}"
        return target.name

    def link(self, source: PlannedNote) -> str:
        target = self.target(source)
        name = self.link_name(target)
        kind = self.rng.randrange(6)
        if kind == 0 and not target.has_duplicate_name:
            self.count("wikilink-any-case")
            return f"[[{name.lower()}]]"
        if kind == 1:
            self.count("wikilink-dot-md")
            return f"[[{name}.md]]"
        if kind == 2:
            self.count("wikilink-path")
            return f"[[{target.stem_path}]]"
        if kind == 3:
            self.count("wikilink-alias")
            return f"[[{name}|{target.name.split()[1].lower()} notes]]"
        self.count("wikilink")
        return f"[[{name}]]"

    def heading_link(self, source: PlannedNote) -> str:
        target = self.target(source)
        name = self.link_name(target)
        if self.rng.random() < 0.3:
            self.count("wikilink-nested-heading")
            return f"[[{name}#{target.method_heading}#Step 1]]"
        self.count("wikilink-heading")
        heading = self.rng.choice((target.method_heading, "Results", "Overview"))
        return f"[[{name}#{heading}]]"

    def block_link(self, source: PlannedNote) -> str:
        target = self.target(source)
        self.count("wikilink-block")
        return f"[[{self.link_name(target)}#^{target.block_id}|see this point]]"

    def markdown_link(self, source: PlannedNote) -> str:
        target = self.target(source)
        self.count("markdown-link-to-note")
        rel = PurePosixPath(
            *([".."] * len(PurePosixPath(source.path).parent.parts)), target.path
        ).as_posix()
        return f"[{target.name}]({quote(rel)})"

    def alias_link(self, source: PlannedNote) -> str:
        if not self.with_alias:
            return self.link(source)
        target = self.rng.choice(self.with_alias)
        self.count("wikilink-frontmatter-alias")
        return f"[[{target.alias}]]"

    def tag(self) -> str:
        self.count("tag-inline")
        return "#" + self.rng.choice(_TAGS)

    def frontmatter(self, note: PlannedNote, extra: dict[str, object]) -> str:
        data: dict[str, object] = {}
        if note.is_published:
            data["dg-publish"] = True
            if self.rng.random() < 0.5:
                data["permalink"] = "/" + note.url
        elif self.rng.random() < 0.5:
            data["dg-publish"] = False
        data.update(extra)
        if note.alias:
            data["aliases"] = [note.alias]
        data["tags"] = self.rng.sample(_TAGS, 2)
        if self.rng.random() < 0.5:  # the one-line JSON form Digital Garden writes
            return "---\n" + json.dumps(data, separators=(",", ":")) + "\n---\n"
        lines = ["---"]
        for key, value in data.items():
            lines.append(f"{key}: {json.dumps(value)}")
        lines.append("---")
        return "\n".join(lines) + "\n"

    def note(self, note: PlannedNote, marker: str | None) -> str:
        rng = self.rng
        out: list[str] = [self.frontmatter(note, {}), f"# {note.name}\n"]
        secret = f" {marker}" if marker else ""
        intro_links = f"{self.link(note)} and {self.link(note)}"
        self.count("highlight")
        self.count("comment-inline")
        self.count("math-inline")
        out.append(
            f"{self.filler(40)}{secret} See {intro_links}; {self.tag()} ==the key idea== "
            f"%%a private aside{secret}%% with $\\alpha_{{{note.index}}} + \\beta^2$ inline.\n"
        )
        out.append("## Overview\n")
        out.append(f"{self.filler(30)} Compare {self.link(note)}. ^{note.block_id}\n")
        out.append(
            f"- {self.filler(8)} {self.heading_link(note)}\n"
            f"- {self.filler(8)} {self.tag()} ^item-{note.index}\n"
            f"- {self.filler(6)}\n"
        )
        kind, inner = rng.choice(_CALLOUT_TYPES), rng.choice(_CALLOUT_TYPES)
        fold = rng.choice(("-", "+", ""))
        self.count("callout-nested")
        out.append(
            f"> [!{kind}] On {note.method_word.lower()}\n"
            f"> {self.filler(14)} {self.block_link(note)}\n"
            f"> $$\n> \\int_0^1 x^{{{note.index % 7}}} \\, dx\n> $$\n"
            f"> > [!{inner}]{fold} Nested detail\n"
            f"> > {self.filler(10)} ==worth remembering==\n"
        )
        self.count("math-display")
        out.append(f"## {note.method_heading}\n")
        out.append(f"{self.filler(35)}\n")
        out.append("### Step 1\n")
        a, b = self.target(note), self.target(note)
        self.count("wikilink-escaped-pipe-in-table")
        self.count("wikilink-escaped-pipe-in-table")
        out.append(
            "| Step | Related | Cost |\n| --- | --- | --- |\n"
            f"| one | [[{self.link_name(a)}\\|{a.name.split()[0].lower()}]] | $O(n)$ |\n"
            f"| two | [[{self.link_name(b)}\\|{b.name.split()[0].lower()}]] | $O(n^2)$ |\n"
        )
        self.count("code-fence-with-fake-link")
        self.count("code-span-with-fake-link")
        out.append(
            '```python\nlabel = "[[not a link]]"  # wiki syntax inside code stays as written\n'
            f"total = sum(range({note.index}))\n```\n\n"
            "Inline code such as `[[not a link either]]` is left alone.\n"
        )
        out.append(f"$$\n\\sum_{{i=1}}^{{n}} x_i^2 = {note.index}\n$$\n")
        self.count("math-display")
        image = rng.choice(_IMAGES)
        size_form = rng.randrange(3)
        if size_form == 0:
            self.count("embed-image")
            out.append(f"![[{image}]]\n")
        elif size_form == 1:
            self.count("embed-image-width")
            out.append(f"![[{image}|200]]\n")
        else:
            self.count("embed-image-size")
            out.append(f"![[{image}|200x100]]\n")
        out.append("## Results\n")
        self.count("wikilink-same-note-heading")
        out.append(
            f"{self.filler(25)} As shown in [[#{note.method_heading}]], "
            f"{self.alias_link(note)} agrees; see also {self.markdown_link(note)}.\n"
        )
        if note.is_published and self.unpublished and note.index % 8 == 5:
            private = rng.choice(self.unpublished)
            self.count("wikilink-to-unpublished")
            out.append(f"A draft continues in [[{self.link_name(private)}]].\n")
        embedded = self.target(note)
        self.count("embed-heading")
        out.append(f"![[{self.link_name(embedded)}#Summary]]\n")
        if note.index % 7 == 3:
            self.count("embed-block")
            other = self.target(note)
            out.append(f"![[{self.link_name(other)}#^{other.block_id}]]\n")
        elif note.index % 20 == 1:
            self.count("embed-note")
            out.append(f"![[{self.link_name(self.target(note))}]]\n")
        self.count("comment-block")
        out.append(f"%%\nTODO rewrite this part{secret}; maybe link [[Nowhere]].\n%%\n")
        out.append("## Summary\n")
        out.append(f"{self.filler(30)}\n")
        return "\n".join(out)

    def home(self, n_links: int) -> str:
        picks = self.published[:n_links]
        lines = [
            "---",
            "dg-publish: true",
            "dg-home: true",
            "permalink: /",
            "title: Synthetic garden",
            "---",
            "",
            "# Synthetic garden",
            "",
            "A generated vault for benchmarks.",
            "",
            "## Where to start",
            "",
        ]
        lines += [f"- [[{self.link_name(n)}]]" for n in picks]
        return "\n".join(lines) + "\n"


def generate_vault(root: Path, n_notes: int, *, seed: int = 0) -> SyntheticVault:
    """Write a vault of `n_notes` notes (the `dg-home` note included) under `root`."""
    if n_notes < 10:
        raise ValueError("a synthetic vault needs at least 10 notes")
    notes = plan_notes(n_notes, seed=seed)
    writer = _Writer(notes, seed)
    root.mkdir(parents=True, exist_ok=True)
    markers: list[str] = []
    for note in notes:
        marker = None if note.is_published else f"PRIVATE-MARKER-{note.index}-{seed}"
        if marker:
            markers.append(marker)
        path = root / note.path
        path.parent.mkdir(parents=True, exist_ok=True)
        text = writer.note(note, marker)
        if not note.is_published:  # an attachment only unpublished notes use
            text += f"\n![[private scan {note.index}.png]]\n"
            (root / "attachments").mkdir(exist_ok=True)
            (root / "attachments" / f"private scan {note.index}.png").write_bytes(
                _png(4, 4, (200, 0, 0))
            )
        path.write_text(text, encoding="utf-8")
    home = PlannedNote(0, "", "Home", True, None, "Home", False)
    (root / home.path).write_text(writer.home(20), encoding="utf-8")
    attachments = root / "attachments"
    attachments.mkdir(exist_ok=True)
    for k, image in enumerate(_IMAGES):
        (attachments / image).write_bytes(_png(8, 8, (20 * k % 256, 120, 200)))
    return SyntheticVault(root, (home, *notes), home.path, tuple(markers), writer.forms)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("notes", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    vault = generate_vault(args.root, args.notes, seed=args.seed)
    print(f"{len(vault.notes)} notes ({len(vault.unpublished)} unpublished) in {vault.root}")
    for form in FORMS:
        print(f"  {form:34} {vault.forms[form]}")
