"""The document model every reader produces and every writer consumes.

Frozen dataclasses from the standard library only, so that the text reader, the PDF reader,
the Markdown writer and the topic index agree on one shape and can be tested apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

from corpus_site.errors import CorpusError
from corpus_site.ids import page_anchor


@dataclass(frozen=True)
class Text:
    """A run of body text, already reflowed (single spaces, no line breaks)."""

    text: str


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote call, in place; `number` is the label the source printed."""

    number: str


@dataclass(frozen=True)
class PageMarker:
    """Where printed page `page` begins; only pages the source prints get one."""

    page: str


Inline: TypeAlias = Text | FootnoteRef | PageMarker


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text; `id` is stable and derived from section and position."""

    id: str
    inlines: tuple[Inline, ...]
    source_line: int = 0
    # Retired ids that land here: passages deleted or merged into this one (anchors/).
    aliases: tuple[str, ...] = ()
    # The paper's printed keywords ("Keywords: CPEC; SCO"): shown, but not a passage to cite.
    keywords: bool = False
    # A caption whose table or chart the reader left out: the PDF page that shows it.
    figure_page: int = 0


@dataclass(frozen=True)
class ListItem:
    """One item of a printed list, keeping the label the journal printed (`iii.`, `a)`)."""

    label: str
    id: str
    inlines: tuple[Inline, ...]
    source_line: int = 0
    aliases: tuple[str, ...] = ()  # retired ids that land here, as for a Paragraph


@dataclass(frozen=True)
class ListBlock:
    """A list; `style` names the label family: roman, arabic, alpha or bullet."""

    style: str
    items: tuple[ListItem, ...]
    source_line: int = 0


Block: TypeAlias = Paragraph | ListBlock


@dataclass(frozen=True)
class Section:
    """A titled part of a paper; `level` 2 for top-level sections, deeper for subsections."""

    heading: str
    id: str
    level: int
    blocks: tuple[Block, ...]
    source_line: int = 0
    page_before: str | None = None
    # Other ids of the heading: the slugs of its corrected forms, since `id` stays (anchors/).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Footnote:
    """A note body; `present` is False when the source printed the call but not the body."""

    number: str
    inlines: tuple[Inline, ...]
    present: bool = True
    source_line: int = 0


@dataclass(frozen=True)
class Diagnostic:
    """A warning about the source, with the line (text) or page (PDF) it concerns."""

    line: int
    message: str


@dataclass(frozen=True)
class SourceText:
    """What a PDF prints, for the fidelity measure: per page (of the file) the letters and
    digits of its body and of its notes, as `extract.align.letters` folds them, and how many
    the reader set aside as page furniture or left out (table and chart text)."""

    pages: tuple[tuple[int, str, str], ...]
    total: int  # letters and digits on all pages, as pdfminer's layout analysis yields them
    furniture: int
    left_out: int


@dataclass(frozen=True)
class Document:
    """One paper: what was printed, plus what the reader found doubtful."""

    printed_title: str | None
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...] = ()
    keywords: tuple[str, ...] = ()
    author_notes: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    # The authors' line as printed where it says more than their names ("Rezension von …").
    byline: str | None = None
    page_markers: tuple[str, ...] = ()
    # True when every page boundary carries a marker (PDFs), so text between two markers is
    # known to lie on the earlier page; text sources print only some page numbers.
    page_markers_complete: bool = False
    # For PDF sources: (printed page, 1-based page of the PDF file) pairs, for `file.pdf#page=N`.
    pdf_pages: tuple[tuple[str, int], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    # Words of the source that are print artefacts (running heads, page numbers, repeated
    # link URLs): they leave the body on purpose and are not counted as lost.
    artefact_lines: tuple[int, ...] = ()
    # (alias, page anchor): page anchors published before (an id record's) that now land on
    # another marker of the same PDF page, e.g. after a reader learned the printed numbers.
    page_aliases: tuple[tuple[str, str], ...] = ()
    # PDF sources: what the pages print, so a build can tell how much reached the page.
    source_text: SourceText | None = None
    # The language the text was read as (the `.yml`'s, else detected), ISO 639-1.
    language: str | None = None
    # What a PDF says about itself (first page, info dictionary): ("journal", "…") pairs,
    # used where the `.yml` is silent (`metadata.with_printed`).
    printed_meta: tuple[tuple[str, str], ...] = ()
    # The subtitle printed under the title (PDF title blocks), shown and cited with it.
    printed_subtitle: str | None = None


def pdf_page_numbers(document: Document) -> dict[str, list[int]]:
    """Printed page -> the pages of the PDF printing it, in order (a number may be printed
    twice)."""
    pdf: dict[str, list[int]] = {}
    for printed, number in document.pdf_pages:
        pdf.setdefault(printed, []).append(number)
    return pdf


def page_anchors(document: Document) -> list[tuple[str, int]]:
    """Each page marker's anchor, in page order, with its page of the PDF (0 when unknown):
    `page-38`, and `page-38-2` for the second page printed 38."""
    pdf = pdf_page_numbers(document)
    seen: dict[str, int] = {}
    anchors = []
    for printed in document.page_markers:
        seen[printed] = count = seen.get(printed, 0) + 1
        numbers = pdf.get(printed, [])
        number = numbers[count - 1] if count <= len(numbers) else 0
        anchors.append((page_anchor(printed, count), number))
    return anchors


def iter_blocks(document: Document) -> list[tuple[Section, Block]]:
    """Every block with its section, in reading order."""
    return [(section, block) for section in document.sections for block in section.blocks]


def block_passages(block: Block) -> tuple[tuple[str, tuple[Inline, ...]], ...]:
    """A block's linkable passages as (id, inlines): the paragraph, or each list item."""
    if isinstance(block, Paragraph):
        return ((block.id, block.inlines),)
    return tuple((item.id, item.inlines) for item in block.items)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words of some inlines, without calls or markers, for search and snippets.

    A page marker stands between words (the readers never put one inside a word, and the
    page shows it with a space on either side): "publicly" p. 34 "supported" is two words.
    """
    parts = [
        part.text if isinstance(part, Text) else " "
        for part in inlines
        if not isinstance(part, FootnoteRef)
    ]
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class PaperMeta:
    """What the corpus editor knows about a paper (its `.yml`); only known fields are set.

    `title` is the printed title as the editor confirms it; `label` is an editorial name for
    navigation when the source prints no title, and is never presented as a title.
    """

    slug: str
    source: str
    title: str | None = None
    label: str | None = None
    authors: tuple[str, ...] = ()
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    year: int | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    pdf: str | None = None
    keywords: tuple[str, ...] = ()
    language: str | None = None  # None: not said; the reader's detected language is used
    complete: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Paper:
    """One paper of the corpus: what the editor says and what the source contains."""

    meta: PaperMeta
    document: Document
    source: Path
    # Names the Document (the extraction cache's key of the source, its metadata and the
    # reader code, then of its ids: anchors/), so what is made of it can be kept too; "" when
    # read without a cache.
    key: str = ""
    # The SHA-256 of the source bytes the Document was read from ("" when unknown), so a page
    # is measured against exactly what it was made of (`runtime.pool.source_digest`).
    source_key: str = ""


@dataclass
class Corpus:
    """The papers that loaded, and one error per paper (or file) that did not."""

    root: Path
    papers: list[Paper] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)


# The one contract of a reader: a source and its metadata in, a Document out (extract/).
Reader: TypeAlias = Callable[[Path, PaperMeta], Document]
