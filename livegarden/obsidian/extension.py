"""The Obsidian Markdown extension: registers every processor, each bound to one RenderContext.

Priorities, relative to Python-Markdown's and pymdownx's own:
- preprocessors: which tree passes are needed 35 (first), then comments 22, embeds 21 and list
  indentation 20.5 (after superfences stashes fences at 25, before raw HTML blocks at 20, so
  comments inside HTML are removed too);
- block: callouts 21 (just above blockquotes at 20); our `#`-header rule replaces `hashheader`;
- inline: wiki-links 185 (after code spans 190 and math 189.9, before escapes 180 so `\\|` is
  still there), tags 115 (after links 160, so a `#fragment` in a URL is no tag), highlights 65;
- tree: block ids and Markdown links 15 (after inline 20, before `toc` 5 and MkDocs' relative
  links 0), parked URLs -5 (after MkDocs' relative links).
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension

from livegarden.obsidian.blocks import BlockIdTreeprocessor, ObsidianHashHeaderProcessor
from livegarden.obsidian.callouts import CalloutProcessor
from livegarden.obsidian.comments import CommentPreprocessor, PassesPreprocessor
from livegarden.obsidian.context import RenderContext
from livegarden.obsidian.embeds import EmbedPreprocessor
from livegarden.obsidian.links import (
    MarkdownLinkTreeprocessor,
    ParkedUrlTreeprocessor,
    WikiLinkProcessor,
)
from livegarden.obsidian.lists import ListIndentPreprocessor
from livegarden.obsidian.marks import HighlightProcessor, TagProcessor


class ObsidianExtension(Extension):  # type: ignore[misc]  # Markdown ships no types
    """Obsidian-flavoured Markdown for pages of one vault (the context says which page)."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:
        context = self.context
        md.preprocessors.register(PassesPreprocessor(md), "lg-passes", 35)
        md.preprocessors.register(CommentPreprocessor(md), "lg-comments", 22)
        md.preprocessors.register(EmbedPreprocessor(md, context), "lg-embeds", 21)
        md.preprocessors.register(ListIndentPreprocessor(md), "lg-list-indent", 20.5)
        md.parser.blockprocessors.register(ObsidianHashHeaderProcessor(md.parser), "hashheader", 70)
        md.parser.blockprocessors.register(CalloutProcessor(md.parser), "lg-callouts", 21)
        md.inlinePatterns.register(WikiLinkProcessor(md, context), "lg-wikilinks", 185)
        md.inlinePatterns.register(TagProcessor(md, context), "lg-tags", 115)
        md.inlinePatterns.register(HighlightProcessor(md), "lg-highlights", 65)
        md.treeprocessors.register(BlockIdTreeprocessor(md), "lg-block-ids", 15.5)
        md.treeprocessors.register(MarkdownLinkTreeprocessor(md, context), "lg-markdown-links", 15)
        md.treeprocessors.register(ParkedUrlTreeprocessor(md, context), "lg-parked-urls", -5)
