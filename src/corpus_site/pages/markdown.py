"""Document -> Markdown. Pure: no I/O, deterministic, and every character of text escaped.

The pages use only Python-Markdown's standard extensions (`attr_list`, `footnotes`,
`admonition`, `toc`), so any MkDocs-compatible builder renders them. Paper text is data: it is
escaped so that nothing in it is read as Markdown, HTML, template or extension syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from corpus_site.ids import CITE_ID, NOTES_ID, UNCALLED_NOTES_ID, note_key, page_anchor
from corpus_site.model import (
    Document,
    FootnoteRef,
    Inline,
    ListBlock,
    PageMarker,
    PaperMeta,
    Paragraph,
    Section,
    Text,
    block_passages,
    iter_blocks,
    pdf_page_numbers,
)
from corpus_site.pages.cite import bibtex, plain_reference, ris
from corpus_site.pages.escape import escape, escape_linking_urls, front_matter
from corpus_site.pages.page_ranges import passage_pages

MISSING_NOTE = "The text of this note is not in the source."
UNCALLED_NOTES = "Notes without a call in the text"
NOTES_HEADING = "Notes"


def page_marker(page: str) -> str:
    """A small "p. 38" link that is also the `#page-38` anchor."""
    anchor = page_anchor(page)
    return f"[p.\u00a0{escape(page)}](#{anchor}){{ #{anchor} .page-marker }}"


def render_inlines(
    inlines: Iterable[Inline],
    line_start: bool = True,
    render_text: Callable[[str, bool], str] = escape,
) -> str:
    """Inline Markdown for text, footnote calls and page markers, in order.

    `render_text(text, line_start)` turns a text run into escaped Markdown (a linker may add
    links to it); the default only escapes.
    """
    out: list[str] = []
    for piece in inlines:
        if isinstance(piece, Text):
            first = line_start and not out
            out.append(render_text(piece.text, first))
        elif isinstance(piece, FootnoteRef):
            out.append(f"[^{note_key(piece.number)}]")
        elif isinstance(piece, PageMarker):
            if out and not out[-1].endswith(" "):
                out.append(" ")
            out.append(page_marker(piece.page) + " ")
    return "".join(out).strip()


def display_title(meta: PaperMeta, document: Document) -> str:
    """The name shown for a paper: the printed title, else the editor's, else a label."""
    return document.printed_title or meta.title or meta.label or meta.slug


class Linker(Protocol):
    """Adds links to a paper's text (see `topics/links.py`); `render_document` works without one."""

    def begin_section(self, section: Section) -> None: ...

    def render_text(self, text: str, line_start: bool) -> str:
        """A text run as escaped Markdown, possibly with links."""
        ...

    def render_keywords(self, block: Paragraph) -> str | None:
        """The printed keywords line, or None to render it as text."""
        ...

    def appendix(self) -> list[str]:
        """Markdown lines to add after the last section."""
        ...


def render_document(
    document: Document,
    meta: PaperMeta,
    pdf_href: str | None = None,
    linker: Linker | None = None,
) -> str:
    """The whole Markdown page of one paper; `pdf_href` links the original PDF if given."""
    parts = render_parts(document, meta, pdf_href, linker)
    appendix = linker.appendix() if linker is not None else []
    return assemble_page(parts, appendix, document, pdf_href)


@dataclass(frozen=True)
class PageParts:
    """A paper's page as two runs of Markdown lines, before and after where the linker's
    appendix goes: what depends only on the paper, its PDF link and the linker's matcher, so
    `site` can keep it between builds while the appendix, which quotes the other papers and
    defines the acronyms the corpus's glossary knows, is made anew."""

    head: tuple[str, ...]
    tail: tuple[str, ...]


def render_parts(
    document: Document,
    meta: PaperMeta,
    pdf_href: str | None = None,
    linker: Linker | None = None,
) -> PageParts:
    """The page of `render_document` without the linker's appendix."""
    title = display_title(meta, document)
    lines = ["---", f"title: {front_matter(title)}"]
    if meta.keywords or document.keywords:
        keywords = list(meta.keywords or document.keywords)
        lines.append(f"keywords: {front_matter(keywords)}")
    lines += ["---", "", f"# {escape(title)}", ""]
    if document.printed_subtitle:
        lines += [escape(document.printed_subtitle), "{ .subtitle }", ""]
    lines += _header(document, meta, pdf_href)
    pages = passage_pages(document)
    for section in document.sections:
        lines += _section(section, pages, linker, pdf_href)
    return PageParts(tuple(lines), (*_citation(document, meta), *_footnotes(document)))


def assemble_page(
    parts: PageParts, appendix: list[str], document: Document, pdf_href: str | None = None
) -> str:
    """The page from its parts and the linker's appendix, the printed pages linked to the
    PDF's."""
    page = "\n".join([*parts.head, *appendix, *parts.tail]).rstrip() + "\n"
    if (
        pdf_href
        or document.page_aliases
        or len(set(document.page_markers)) < len(document.page_markers)
    ):
        page = _finish_page_markers(page, document, pdf_href)
    return page


_MARKER = re.compile(
    r"\[p\.\u00a0(?P<label>[^\]\n]*)\]\(#page-(?P<page>[^)\s]*)\)"
    r"\{ #page-(?P=page) \.page-marker \}"
)


def _finish_page_markers(page: str, document: Document, pdf_href: str | None) -> str:
    """Give a page printed twice its own anchor (`#page-38-2`), follow each marker with a link
    to its page of the original PDF, and with the older anchors that land on it.

    The marker's Markdown is our own (paper text is escaped and cannot spell it), so the
    pattern finds exactly the markers; the k-th marker of a printed number is its k-th page
    (`model.page_anchors`).
    """
    pdf = pdf_page_numbers(document)
    aliases: dict[str, list[str]] = {}
    for alias, anchor in document.page_aliases:
        aliases.setdefault(anchor, []).append(alias)
    seen: dict[str, int] = {}

    def finish(match: re.Match[str]) -> str:
        printed = match["page"]
        seen[printed] = count = seen.get(printed, 0) + 1
        anchor = page_anchor(printed, count)
        out = f"[p.\u00a0{match['label']}](#{anchor}){{ #{anchor} .page-marker }}"
        numbers = pdf.get(printed, [])
        if pdf_href and count <= len(numbers):
            out += f"[PDF]({pdf_href}#page={numbers[count - 1]}){{ .pdf-page }}"
        return out + "".join(_alias(alias, revised=False) for alias in aliases.get(anchor, ()))

    return _MARKER.sub(finish, page)


def _passage_attrs(passage_id: str, pages: dict[str, str], classes: str = "") -> str:
    attrs = f"#{passage_id}"
    if classes:
        attrs += f" {classes}"
    if passage_id in pages:
        safe = re.sub(r"[^A-Za-z0-9\u2013-]", "", pages[passage_id])
        attrs += f' data-pages="{safe}"'
    return f"{{ {attrs} }}"


def _header(document: Document, meta: PaperMeta, pdf_href: str | None) -> list[str]:
    out: list[str] = []
    if document.printed_title is None:
        if meta.title:
            out += [
                f"*Title supplied by the corpus editor ({escape(meta.title)}); "
                "the source prints no title.*",
                "{ .title-note }",
                "",
            ]
        else:
            out += [
                "*Untitled: the source prints no title; this name is an editorial label.*",
                "{ .title-note }",
                "",
            ]
    facts = []
    if meta.authors or document.authors:
        printed = None if meta.authors else document.byline
        names = ", ".join(escape(a) for a in (meta.authors or document.authors))
        facts.append(escape(printed) if printed else names)
    journal = ", ".join(escape(part) for part in publication(meta))
    if journal:
        facts.append(f"*{journal}*" if meta.journal else journal)
    if pdf_href:
        facts.append(f"[Original PDF]({pdf_href}){{ .pdf-link }}")
    facts.append(f"[Cite](#{CITE_ID})")
    out += [" · ".join(facts), "{ .paper-facts }", ""]
    for note in document.author_notes:
        out += [escape(note), "{ .author-note }", ""]
    if not meta.complete:
        out += [
            '!!! warning "Excerpt"',
            "    This source is incomplete: it reproduces only part of the paper"
            + (" and stops mid-sentence." if _ends_mid_sentence(document) else "."),
            "",
        ]
    return out


def publication(meta: PaperMeta) -> list[str]:
    """Where the paper appeared, as its page prints it: journal, vol., no., year, pp."""
    parts = (
        meta.journal,
        f"vol. {meta.volume}" if meta.volume else None,
        f"no. {meta.issue}" if meta.issue else None,
        str(meta.year) if meta.year else None,
        f"pp. {meta.pages}" if meta.pages else None,
    )
    return [part for part in parts if part]


def _ends_mid_sentence(document: Document) -> bool:
    for section in reversed(document.sections):
        for block in reversed(section.blocks):
            inlines = block.inlines if isinstance(block, Paragraph) else block.items[-1].inlines
            texts = [p.text for p in inlines if isinstance(p, Text)]
            return bool(texts) and not re.search(r"[.!?][\"'\u201d\u2019)]?\s*$", texts[-1])
    return False


def _section(
    section: Section,
    pages: dict[str, str],
    linker: Linker | None = None,
    pdf_href: str | None = None,
) -> list[str]:
    out: list[str] = []
    render_text = escape if linker is None else linker.render_text
    if linker is not None:
        linker.begin_section(section)
    # The abstract is set apart by style; "Abstract" is a presentational cue only.
    role = ".abstract" if section.heading.strip().lower() == "abstract" else ""
    if section.page_before:
        out += [page_marker(section.page_before), "{ .page-break }", ""]
    if section.heading:
        if section.aliases:
            out += ["".join(_alias(alias, revised=False) for alias in section.aliases), ""]
        out += [f"{'#' * section.level} {escape(section.heading)} {{ #{section.id} }}", ""]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if block.keywords:
                chips = linker.render_keywords(block) if linker is not None else None
                text = chips or render_inlines(block.inlines)
                out += [
                    _aliases(block.aliases) + text,
                    _passage_attrs(block.id, pages, ".keywords"),
                    "",
                ]
            else:
                text = render_inlines(block.inlines, render_text=render_text)
                if block.figure_page and pdf_href:
                    # The table or chart itself was left out: the caption leads to it.
                    page = block.figure_page
                    text += f" [See it in the PDF (PDF page\u00a0{page})]({pdf_href}#page={page})"
                    text += "{ .pdf-figure }"
                out += [_aliases(block.aliases) + text, _passage_attrs(block.id, pages, role), ""]
        elif isinstance(block, ListBlock):
            out += _list(block, pages, render_text)
    return out


def _list(
    block: ListBlock, pages: dict[str, str], render_text: Callable[[str, bool], str] = escape
) -> list[str]:
    out: list[str] = []
    for number, item in enumerate(block.items, start=1):
        label = f"[{escape(item.label)}](#{item.id}){{ .item-label }}"
        body = render_inlines(item.inlines, line_start=False, render_text=render_text)
        marker = "-" if block.style == "bullet" else f"{number}."
        line = f"{marker} {_aliases(item.aliases)}{label} {body}"
        out += [line, f"    {_passage_attrs(item.id, pages)}", ""]
    return out


def _alias(anchor: str, revised: bool) -> str:
    """An empty element with another id of what follows it: a link to `anchor` lands here.
    A revised one (a retired passage's id) has the script say that the passage changed."""
    safe = re.sub(r"[^A-Za-z0-9_:.-]", "", anchor)
    flag = " data-revised" if revised else ""
    return f'<span id="{safe}" class="anchor-alias"{flag}></span>'


def _aliases(anchors: tuple[str, ...]) -> str:
    return "".join(_alias(anchor, revised=True) for anchor in anchors)


def _indented_code(text: str, indent: str = "    ") -> list[str]:
    """An indented code block: shown verbatim, with Material's copy button. Python-Markdown's
    footnotes extension would put its list in place of "///Footnotes Go Here///" even here:
    a word joiner (invisible) inside each "///" keeps it the text it is."""
    text = text.replace("///", "//\u2060/")
    return [indent + line if line else "" for line in text.splitlines()]


def _citation(document: Document, meta: PaperMeta) -> list[str]:
    """The "Cite" section: plain text, BibTeX and RIS, each in a copyable block."""
    return [
        f"## Cite {{ #{CITE_ID} }}",
        "",
        "Plain text:",
        "{ .cite-format }",
        "",
        *_indented_code(plain_reference(meta, document)),
        "",
        "BibTeX:",
        "{ .cite-format }",
        "",
        *_indented_code(bibtex(meta, document)),
        "",
        "RIS:",
        "{ .cite-format }",
        "",
        *_indented_code(ris(meta, document)),
        "",
    ]


def called_notes(document: Document) -> set[str]:
    """The numbers of the notes the text calls; the others are shown apart."""
    return {
        part.number
        for _, block in iter_blocks(document)
        for _, inlines in block_passages(block)
        for part in inlines
        if isinstance(part, FootnoteRef)
    }


def _footnotes(document: Document) -> list[str]:
    """Footnote definitions; a body with no call is shown as a paragraph so it is not lost."""
    out: list[str] = []
    called = called_notes(document)
    orphans = [note for note in document.footnotes if note.number not in called]
    if orphans:
        out += [f"## {UNCALLED_NOTES} {{ #{UNCALLED_NOTES_ID} }}", ""]
        for note in orphans:
            text = "".join(p.text for p in note.inlines if isinstance(p, Text))
            label = escape(f"Note {note.number}: ")
            # The class marks the paragraph as note text (the fidelity measure reads it so).
            out += [label + escape_linking_urls(text, line_start=False), "{ .uncalled-notes }", ""]
    if called:
        # The footnotes extension puts the list of notes at the end of the page: under this.
        out += [f"## {NOTES_HEADING} {{ #{NOTES_ID} }}", ""]
    for note in document.footnotes:
        if note.number not in called:
            continue
        key = note_key(note.number)
        if note.present:
            text = "".join(p.text for p in note.inlines if isinstance(p, Text))
            out.append(f"[^{key}]: {escape_linking_urls(text)}")
        else:
            out.append(f"[^{key}]: *{MISSING_NOTE}*")
        out.append("")
    return out
