"""The one document builder: a reader's stream of lines -> the Document.

Every source goes through here: `segment` groups lines into units with the evidence the
source has, `front` finds the title block, this module makes sections, lists, paragraphs and
their ids, the keywords paragraph and the front matter, and `notes` matches note bodies to
their calls. Every decision uses the print's own cues, never a list of known section names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_site.extract.endnotes import as_notes, attach_endnotes
from corpus_site.extract.front import TitleBlock, printed_title, title_unit
from corpus_site.extract.hyphenation import Vocabulary
from corpus_site.extract.inline import Joiner, finish, plain
from corpus_site.extract.lines import Call, Line, PageStart, Stream, Token
from corpus_site.extract.lists import ListLabel
from corpus_site.extract.notes import build_notes
from corpus_site.extract.outline import settle_headings
from corpus_site.extract.print_cues import PrintGeometry
from corpus_site.extract.segment import NUMBERED, Evidence, TextCues, Unit, segment
from corpus_site.ids import (
    FRONT_SECTION_ID,
    PAGE_IDS,
    keywords_id,
    list_item_id,
    numbered_id,
    slugify,
    unique_id,
)
from corpus_site.model import (
    Block,
    Diagnostic,
    Document,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Section,
    Text,
)

_KEYWORDS = re.compile(r"^key\s?words?\s*[:\-\u2013\u2014]\s*", re.IGNORECASE)
_KEYWORDS_HEADING = re.compile(r"key\s?words?", re.IGNORECASE)
# A caption of a table or chart: "Table 2", "Fig. 3", "Abb. 1", "Tabelle 4", "Schaubild 2".
_CAPTION = re.compile(
    r"^(?i:table|tab\.|figure|fig\.|chart|graph|map|exhibit|abb\.|abbildung|tabelle|grafik|"
    r"schaubild|übersicht|diagramm)\s*\d+(?:\.\d+)*"
    # then the caption's own punctuation, its end, or a capitalised title ("Table 1 shows
    # ..." is a sentence about the table, not its caption)
    r"(?:\s*[:.\-\u2013\u2014]|\s*$|\s+[A-ZÄÖÜ])"
)
# The abstract, and any long paragraph, is the paper's text, not its front matter.
_ABSTRACT = re.compile(r"(?i)(?:abstract|zusammenfassung|summary|résumé)\b")
MAX_FRONT_MATTER_WORDS = 80
_FRONT_MATTER = re.compile(
    r"universit|institut|e-?mail|@|correspond|submitted|accepted|received|published|"
    r"date of|copyright|\u00a9|licen[cs]|issn|doi:|faculty|department",
    re.IGNORECASE,
)


def build_document(stream: Stream, language: str | None = "en") -> Document:
    """The Document of one source's stream of lines, in `language` (None: not known; its
    line-end hyphens are then judged as English)."""
    return _Builder(stream, language).build()


class _Builder:
    def __init__(self, stream: Stream, language: str | None) -> None:
        self.language = language
        self.stream = stream
        self.diagnostics: list[Diagnostic] = list(stream.diagnostics)
        lines = stream.lines
        body = [line for line in lines if not line.note]
        self.geometric = any(line.geometry is not None for line in body)
        vocabulary = Vocabulary(["\n".join(line.text for line in lines)])
        self.joiner = Joiner(vocabulary, stream.body_size, language or "en")
        self.block = TitleBlock()
        if self.geometric:
            self.block = printed_title(body, stream.body_size, self._join)
        self.tokens: list[Token] = _without(stream.tokens, self.block.lines)
        kept = [line for line in body if id(line) not in self.block.lines]
        # Where the title starts on its page: what is printed above it is front matter.
        self.title_top = max(
            (ln.geometry.baseline for ln in body if ln.geometry and id(ln) in self.block.lines),
            default=None,
        )
        # The article's first page (after a repository's cover sheet), when pages are known.
        self.first_page = min((ln.geometry.page for ln in body if ln.geometry), default=0)
        self.evidence: Evidence = (
            PrintGeometry(kept, stream.body_size) if self.geometric else TextCues(kept)
        )

    def _above_title(self, unit: Unit) -> bool:
        """Whether a unit is printed above the title, on the title's page."""
        top = self.title_top
        return top is not None and all(
            ln.geometry is not None
            and ln.geometry.page == self.first_page
            and ln.geometry.baseline > top
            for ln in unit.lines
        )

    def _join(self, lines: Sequence[Line]) -> str:
        """Lines as one text, a word hyphenated at a line end joined as in the body."""
        return plain(self.joiner.inlines(lines, [])) or " ".join(
            " ".join(line.text for line in lines).split()
        )

    def build(self) -> Document:
        units = segment(self.tokens, self.evidence, self.diagnostics)
        title, authors = self.stream.cover_title or self.block.title, self.block.authors
        if not self.geometric and title_unit(units):
            title = " ".join(units[0].text.split())
            units = units[1:]
        settle_headings(units, title)
        sections, keywords, front_notes = self._sections(units, title is not None)
        calls = [part for section in sections for part in section.calls]
        # A note called from the title or the byline is the article's or its authors' note.
        front = [
            part
            for line in self.stream.lines
            if id(line) in self.block.lines
            for part in line.parts
            if isinstance(part, Call)
        ]
        footnotes, author_notes = build_notes(
            self.tokens, calls + front, self.joiner, self.diagnostics
        )
        in_body = {call.label for call in calls}
        titled_notes = {call.label for call in front} - in_body
        author_notes += tuple(
            plain(note.inlines)
            for note in footnotes
            if note.number in titled_notes and note.present
        )
        footnotes = tuple(note for note in footnotes if note.number not in titled_notes)
        absent = {note.number for note in footnotes if not note.present}
        done, footnotes = attach_endnotes(
            tuple(draft.section for draft in sections), footnotes, self.diagnostics
        )
        moved = [note for note in footnotes if note.number in absent and note.present]
        return Document(
            printed_title=title,
            sections=done,
            footnotes=footnotes,
            keywords=keywords,
            author_notes=tuple(front_notes) + author_notes,
            authors=authors,
            byline=self.block.byline if authors == self.block.authors else None,
            page_markers=tuple(self.stream.page_markers),
            pdf_pages=tuple(self.stream.pdf_pages),
            diagnostics=tuple(sorted(self.diagnostics, key=lambda d: d.line)),
            artefact_lines=tuple(self.stream.artefact_lines),
            source_text=as_notes(self.stream.source_text, moved),
            language=self.language,
            printed_subtitle=None if self.stream.cover_title else self.block.subtitle,
        )

    def _sections(
        self, units: Sequence[Unit], titled: bool
    ) -> tuple[list[_Draft], tuple[str, ...], list[str]]:
        drafts: list[_Draft] = []
        used: set[str] = set(PAGE_IDS)
        keywords: tuple[str, ...] = ()
        notes: list[str] = []
        draft: _Draft | None = None
        carried: list[str] = []
        keyword_heading: Unit | None = None
        for unit in units:
            if keyword_heading is not None and unit.kind != "heading":
                unit.keywords_heading = True
                unit.pages_before[:0] = keyword_heading.pages_before
            keyword_heading = None
            if unit.kind == "heading" and any(isinstance(p, Call) for p in unit.parts):
                unit.kind = "para"  # a note call marks a sentence, not a heading
            if unit.kind == "heading" and draft is None and self._above_title(unit):
                unit.kind = "para"  # a journal section's label over the title ("Rezensionen")
            if unit.kind == "heading":
                if _KEYWORDS_HEADING.fullmatch(unit.text.rstrip(":")):
                    keyword_heading = unit
                    continue
                if draft is not None:
                    drafts.append(draft)
                heading = self._join(unit.lines)
                slug = slugify(NUMBERED.sub(r"\g<title>", heading))
                draft = _Draft(heading, unique_id(slug, used), unit.level, unit.first_line)
                pages = carried + unit.pages_before
                draft.page_before = pages[0] if pages else None
                carried = [p.page for p in unit.parts if isinstance(p, PageStart)]
                continue
            if draft is None:
                on_title_page = (
                    unit.page == self.first_page
                    and (titled or bool(_FRONT_MATTER.search(unit.text)))
                    and not _ABSTRACT.match(unit.text)
                    and len(unit.text.split()) <= MAX_FRONT_MATTER_WORDS
                )
                if on_title_page:
                    notes.append(plain(self.joiner.inlines(unit.parts, unit.pages_before)))
                    carried.extend(unit.pages_before)
                    continue
                draft = _Draft("", unique_id(FRONT_SECTION_ID, used), 2)
            if carried:
                unit.pages_before[:0] = carried
                carried = []
            in_abstract = draft.heading.lower().startswith("abstract")
            if keywords and in_abstract and unit.page == self.first_page:
                notes.append(plain(self.joiner.inlines(unit.parts, unit.pages_before)))
                continue
            if (unit.keywords_heading or _KEYWORDS.match(unit.text)) and not keywords:
                text = _KEYWORDS.sub("", unit.text)
                keywords = tuple(
                    p.strip() for p in re.split(r"[;,]", text.strip().rstrip(".")) if p.strip()
                )
            draft.units.append(unit)
        if draft is not None:
            drafts.append(draft)
        left_out = {page for page, text in self.stream.left_out if text.strip()}
        for each in drafts:
            each.finish(self.joiner, left_out)
        return drafts, keywords, notes


@dataclass
class _Draft:
    heading: str
    id: str
    level: int
    source_line: int = 0
    page_before: str | None = None
    units: list[Unit] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    section: Section = field(init=False)

    def finish(self, joiner: Joiner, left_out: set[int]) -> None:
        """Make the section; a caption on a page whose table or chart was left out keeps
        that page, so the page can link to it in the PDF."""
        blocks: list[Block] = []
        paragraphs = 0
        lists = 0
        items: list[tuple[Unit, tuple[Inline, ...]]] = []
        used: set[str] = set()

        def close() -> None:
            nonlocal lists
            if not items:
                return
            lists += 1
            first = items[0][0].label
            assert first is not None
            blocks.append(
                ListBlock(
                    first.style,
                    tuple(
                        ListItem(
                            label=unit.label.raw if unit.label else "",
                            id=unique_id(
                                list_item_id(self.id, lists, _item_key(unit.label, index)), used
                            ),
                            inlines=inlines,
                            source_line=unit.first_line,
                        )
                        for index, (unit, inlines) in enumerate(items, start=1)
                    ),
                    items[0][0].first_line,
                )
            )
            items.clear()

        for unit in self.units:
            self.calls.extend(_calls(unit))
            if unit.kind == "item" and unit.label is not None:
                if items and not unit.label.follows(items[-1][0].label or unit.label):
                    close()
                inlines = joiner.inlines(unit.parts, unit.pages_before, skip=len(unit.label.raw))
                items.append((unit, inlines))
                continue
            close()
            inlines = joiner.inlines(unit.parts, unit.pages_before)
            if unit.keywords_heading:
                inlines = finish([Text("Keywords: "), *inlines])
            is_keywords = unit.keywords_heading or bool(_KEYWORDS.match(unit.text))
            if is_keywords:
                passage_id = keywords_id(self.id)
            else:
                paragraphs += 1
                passage_id = numbered_id(self.id, paragraphs)
            page = unit.page
            figure = page if page in left_out and _CAPTION.match(unit.text) else None
            blocks.append(
                Paragraph(
                    unique_id(passage_id, used),
                    inlines,
                    unit.first_line,
                    keywords=is_keywords,
                    figure_page=figure or 0,
                )
            )
        close()
        self.section = Section(
            self.heading, self.id, self.level, tuple(blocks), self.source_line, self.page_before
        )


def _without(tokens: Sequence[Token], used: set[int]) -> list[Token]:
    """The tokens but the title block's lines; a page starting on one starts on the next."""
    kept: list[Token] = []
    page: str | None = None
    for token in tokens:
        if id(token) in used and isinstance(token, Line):
            page = page or token.page_start
            continue
        if page is not None and isinstance(token, Line) and not token.note:
            token.page_start, page = token.page_start or page, None
        kept.append(token)
    return kept


def _calls(unit: Unit) -> list[Call]:
    found: list[Call] = []
    for part in unit.parts:
        if isinstance(part, Call):
            found.append(part)
        elif isinstance(part, Line):
            found.extend(piece for piece in part.parts if isinstance(piece, Call))
    return found


def _item_key(label: ListLabel | None, index: int) -> str:
    """`iii` for a labelled item; bullets have no label of their own, so `item3`."""
    if label is None or label.style == "bullet":
        return f"item{index}"
    return re.sub(r"[^0-9a-z]", "", label.key.lower())
