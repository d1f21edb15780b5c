"""Build a Document from scanned text: reflow lines, find the title, headings, lists and notes.

Every decision uses the text's own cues (line length, title case, isolation between breaks,
label sequences), never a list of known section names, so new papers work without code changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus_site.extract.hyphenation import Vocabulary, join_line_end_hyphen
from corpus_site.extract.lists import ListLabel, parse_label
from corpus_site.extract.text import (
    Break,
    Call,
    Note,
    Page,
    Scan,
    TextLine,
    Token,
    join_note_lines,
)
from corpus_site.ids import KEYWORDS_SUFFIX, PAGE_IDS, slugify, unique_id
from corpus_site.model import (
    Block,
    Diagnostic,
    Document,
    Footnote,
    FootnoteRef,
    Inline,
    ListBlock,
    ListItem,
    PageMarker,
    Paragraph,
    Section,
    Text,
)

_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "or", "per", "the", "to", "via", "vs", "with"}
)
_KEYWORDS = re.compile(r"^key\s?words?\s*[:\-\u2013\u2014]\s*", re.IGNORECASE)
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+")
_CLOSING = "\"'\u201d\u2019)]"
MAX_HEADING_WORDS = 12
MAX_HEADING_LINES = 3


@dataclass
class Unit:
    """A run of tokens that will become one title, heading, paragraph or list item."""

    lines: list[TextLine] = field(default_factory=list)
    parts: list[TextLine | Call | Page] = field(default_factory=list)
    label: ListLabel | None = None
    heading: bool = False
    pages_before: list[Page] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.lines[0].number if self.lines else 0

    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def normalise(scan: Scan) -> Document:
    """Turn a scanned source into the document model."""
    builder = _Builder(scan)
    return builder.build()


def _is_title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'\u2019\-]*", text)
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised / len(significant) >= 0.75


def heading_like(text: str, full_width: float) -> bool:
    """A line that could be (part of) a heading: short, title case, no closing punctuation."""
    stripped = text.strip()
    bare = _HEADING_NUMBER.sub("", stripped)
    if not bare or len(bare.split()) > MAX_HEADING_WORDS:
        return False
    if not (bare[0].isupper() or bare[0].isdigit()):
        return False
    if stripped.rstrip(_CLOSING)[-1:] in ".,;:":
        return False
    if len(stripped) > max(0.85 * full_width, 20):
        return False
    return _is_title_case(bare)


def _ends_with_small_word(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in _SMALL_WORDS


class _Builder:
    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.diagnostics = list(scan.diagnostics)
        texts = [t.text for t in scan.tokens if isinstance(t, TextLine)]
        lengths = sorted(len(t) for t in texts)
        # The width of a full body line; headings are clearly shorter than it.
        self.full_width = float(lengths[int(len(lengths) * 0.9)]) if lengths else 60.0
        self.vocabulary = Vocabulary(["\n".join(texts)])

    # -- pass 1: tokens -> units -------------------------------------------------------

    def units(self) -> list[Unit]:
        units: list[Unit] = []
        current = Unit()
        pending_pages: list[Page] = []

        def close() -> None:
            nonlocal current
            if current.lines:
                units.append(current)
            elif current.parts or current.pages_before:
                pending_pages.extend(p for p in current.pages_before + current.parts)  # type: ignore[misc]
            current = Unit()

        tokens = self.scan.tokens
        for position, token in enumerate(tokens):
            if isinstance(token, Break):
                close()
            elif isinstance(token, Note):
                continue
            elif isinstance(token, Page):
                if current.lines:
                    current.parts.append(token)
                else:
                    pending_pages.append(token)
            elif isinstance(token, Call):
                if current.lines:
                    current.parts.append(token)
                else:
                    self.diagnostics.append(
                        Diagnostic(token.number, f"footnote call {token.label} before any text")
                    )
            else:
                starts = self._starts_unit(token, current, tokens, position)
                if starts:
                    close()
                if not current.lines:
                    current.pages_before, pending_pages = pending_pages, []
                    current.label = parse_label(token.text)
                    current.heading = current.label is None and self._opens_heading(
                        token, tokens, position
                    )
                current.lines.append(token)
                current.parts.append(token)
                if token.ends_paragraph:
                    close()
        close()
        if pending_pages:
            if units:
                units[-1].parts.extend(pending_pages)
            else:
                for page in pending_pages:
                    self.diagnostics.append(Diagnostic(page.number, "page number with no text"))
        return units

    def _starts_unit(
        self, line: TextLine, current: Unit, tokens: Sequence[Token], position: int
    ) -> bool:
        if not current.lines or line.after_call:
            return False
        if current.heading:
            # A heading takes following heading-like lines of the same text box only.
            return (
                line.new_box
                or len(current.lines) >= MAX_HEADING_LINES
                or not heading_like(line.text, self.full_width)
            )
        label = parse_label(line.text)
        if label is not None and (
            (current.label is not None and label.follows(current.label)) or label.is_first
        ):
            return True
        return line.new_box and self._opens_heading(line, tokens, position)

    def _opens_heading(self, line: TextLine, tokens: Sequence[Token], position: int) -> bool:
        if not heading_like(line.text, self.full_width):
            return False
        # A short title-case line ending in "and"/"of" is a heading only if another
        # heading-like line completes it; otherwise it is the first line of a paragraph.
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if _ends_with_small_word(line.text):
            return isinstance(following, TextLine) and heading_like(following.text, self.full_width)
        return True

    # -- pass 2: units -> document -----------------------------------------------------

    def build(self) -> Document:
        units = self.units()
        title: str | None = None
        keywords: tuple[str, ...] = ()
        sections: list[_SectionDraft] = []
        used_ids: set[str] = set(PAGE_IDS)
        index = 0
        if units and units[0].heading and self._is_title(units[0]):
            title = units[0].text()
            index = 1
        current: _SectionDraft | None = None
        for unit in units[index:]:
            if unit.heading and not any(isinstance(p, Call) for p in unit.parts):
                heading = " ".join(unit.text().split())
                current = _SectionDraft(heading, unique_id(slugify(heading), used_ids))
                current.source_line = unit.first_line
                current.pages_before = [p.page for p in unit.pages_before]
                current.trailing_parts = [p for p in unit.parts if isinstance(p, Page)]
                sections.append(current)
                continue
            if current is None:
                current = _SectionDraft("", unique_id("front", used_ids))
                sections.append(current)
            if _KEYWORDS.match(unit.text()) and not keywords:
                keywords = _split_keywords(_KEYWORDS.sub("", unit.text()))
            current.add(unit, self)
        footnotes, author_notes = self._notes()
        return Document(
            printed_title=title,
            sections=tuple(draft.finish() for draft in sections),
            footnotes=footnotes,
            keywords=keywords,
            author_notes=author_notes,
            page_markers=tuple(t.page for t in self.scan.tokens if isinstance(t, Page)),
            diagnostics=tuple(sorted(self.diagnostics, key=lambda d: d.line)),
            artefact_lines=tuple(self.scan.artefact_lines),
        )

    def _is_title(self, unit: Unit) -> bool:
        # The first heading-like block of a paper is its title when it is more than a
        # one- or two-word section name ("Abstract") or spans several printed lines.
        return len(unit.lines) > 1 or len(unit.text().split()) >= 3

    def inlines(self, unit: Unit, skip_label: bool = False) -> tuple[Inline, ...]:
        """Reflow a unit's lines into inlines, placing calls and page markers in position."""
        out: list[Inline] = [PageMarker(p.page) for p in unit.pages_before]
        buffer = ""
        after_call = False

        def flush() -> None:
            nonlocal buffer
            if buffer:
                out.append(Text(buffer))
                buffer = ""

        for part in unit.parts:
            if isinstance(part, Call):
                flush()
                out.append(FootnoteRef(part.label))
                after_call = True
                continue
            if isinstance(part, Page):
                buffer = buffer.rstrip() + " " if buffer else buffer
                flush()
                out.append(PageMarker(part.page))
                continue
            text = part.text
            if skip_label and part is unit.lines[0] and unit.label is not None:
                text = text[len(unit.label.raw) :].lstrip()
            text = " ".join(text.split())
            if not text:
                continue
            previous = buffer or _last_text(out)
            if previous.endswith("-") and previous[-2:-1].isalpha() and text[:1].isalpha():
                buffer = self._join_hyphen(out, buffer, text, part.number)
            elif not buffer and not out:
                buffer = text
            elif after_call and text[0] in ",.;:)]!?\u2019\u201d":
                buffer += text
            elif buffer:
                buffer = f"{buffer} {text}"
            else:
                buffer = text if _last_text(out).endswith(" ") else f" {text}"
            after_call = False
        flush()
        return tuple(_merge_text(out))

    def _join_hyphen(self, out: list[Inline], buffer: str, text: str, line: int) -> str:
        """Join "geo-" + "economic ..." keeping or dropping the hyphen, see hyphenation."""
        source = buffer
        if not buffer:
            # The hyphenated word ended the text before a page marker; take it back.
            for position in range(len(out) - 1, -1, -1):
                piece = out[position]
                if isinstance(piece, Text):
                    source = piece.text
                    del out[position]
                    markers = out[position:]
                    del out[position:]
                    head, _, word = source.rpartition(" ")
                    first, _, rest = text.partition(" ")
                    joined = join_line_end_hyphen(word, first, self.vocabulary)
                    out.append(Text(f"{head} {joined}".lstrip() if head else joined))
                    out.extend(markers)
                    return f" {rest}" if rest else ""
        head, _, word = source.rpartition(" ")
        first, _, rest = text.partition(" ")
        joined = join_line_end_hyphen(word, first, self.vocabulary)
        glued = f"{head} {joined}" if head else joined
        return f"{glued} {rest}" if rest else glued

    def _notes(self) -> tuple[tuple[Footnote, ...], tuple[str, ...]]:
        calls = [t for t in self.scan.tokens if isinstance(t, Call)]
        bodies: dict[str, Note] = {}
        author_notes: list[str] = []
        for token in self.scan.tokens:
            if not isinstance(token, Note):
                continue
            text = join_note_lines([line for _, line in token.lines])
            if token.label is None:
                if text:
                    author_notes.append(text)
                continue
            if token.label in bodies:
                self.diagnostics.append(
                    Diagnostic(token.number, f"second body for footnote {token.label}; kept both")
                )
                bodies[token.label].lines.extend(token.lines)
            else:
                bodies[token.label] = token
        footnotes: list[Footnote] = []
        seen: set[str] = set()
        previous = 0
        for call in calls:
            if call.label in seen:
                continue
            seen.add(call.label)
            if int(call.label) != previous + 1:
                self.diagnostics.append(
                    Diagnostic(call.number, f"footnote call {call.label} after {previous}")
                )
            previous = int(call.label)
            body = bodies.get(call.label)
            if body is None:
                self.diagnostics.append(
                    Diagnostic(call.number, f"footnote {call.label}: the source has no body")
                )
                footnotes.append(Footnote(call.label, (), present=False, source_line=call.number))
            else:
                text = join_note_lines([line for _, line in body.lines])
                footnotes.append(Footnote(call.label, (Text(text),), source_line=body.number))
        for label, body in bodies.items():
            if label not in seen:
                self.diagnostics.append(
                    Diagnostic(body.number, f"footnote {label} has a body but no call in the text")
                )
                text = join_note_lines([line for _, line in body.lines])
                footnotes.append(Footnote(label, (Text(text),), source_line=body.number))
        return tuple(footnotes), tuple(author_notes)


def _last_text(out: list[Inline]) -> str:
    for piece in reversed(out):
        if isinstance(piece, Text):
            return piece.text
        if isinstance(piece, FootnoteRef):
            return ""
    return ""


def _merge_text(out: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for piece in out:
        if isinstance(piece, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return [
        Text(" ".join(p.text.split()) if p is merged[0] else _squeeze(p.text))
        if isinstance(p, Text)
        else p
        for p in merged
    ]


def _squeeze(text: str) -> str:
    """Collapse runs of whitespace but keep one space at either edge where there was one."""
    core = " ".join(text.split())
    if not core:
        return " "
    return (" " if text[:1].isspace() else "") + core + (" " if text[-1:].isspace() else "")


def _item_key(label: ListLabel | None, index: int) -> str:
    """`iii` for a labelled item; bullets have no label of their own, so `item3`."""
    if label is None or label.style == "bullet":
        return f"item{index}"
    return label.key


def _split_keywords(text: str) -> tuple[str, ...]:
    parts = re.split(r"[;,]", text.strip().rstrip("."))
    return tuple(p.strip() for p in parts if p.strip())


@dataclass
class _SectionDraft:
    heading: str
    id: str
    source_line: int = 0
    pages_before: list[str] = field(default_factory=list)
    trailing_parts: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    open_list: list[tuple[Unit, tuple[Inline, ...]]] = field(default_factory=list)
    paragraphs: int = 0
    lists: int = 0

    def add(self, unit: Unit, builder: _Builder) -> None:
        if self.trailing_parts:
            unit.pages_before[:0] = self.trailing_parts
            self.trailing_parts = []
        if unit.label is not None:
            last = self.open_list[-1][0].label if self.open_list else None
            if last is not None and not unit.label.follows(last):
                self._close_list()
            self.open_list.append((unit, builder.inlines(unit, skip_label=True)))
            return
        self._close_list()
        self.paragraphs += 1
        is_keywords = bool(_KEYWORDS.match(unit.text()))
        suffix = KEYWORDS_SUFFIX if is_keywords else f"p{self.paragraphs}"
        if is_keywords:
            self.paragraphs -= 1
        self.blocks.append(Paragraph(f"{self.id}-{suffix}", builder.inlines(unit), unit.first_line))

    def _close_list(self) -> None:
        if not self.open_list:
            return
        self.lists += 1
        prefix = self.id if self.lists == 1 else f"{self.id}-list{self.lists}"
        first_label = self.open_list[0][0].label
        assert first_label is not None
        items = tuple(
            ListItem(
                label=unit.label.raw if unit.label else "",
                id=f"{prefix}-{_item_key(unit.label, index)}",
                inlines=inlines,
                source_line=unit.first_line,
            )
            for index, (unit, inlines) in enumerate(self.open_list, start=1)
        )
        self.blocks.append(ListBlock(first_label.style, items, self.open_list[0][0].first_line))
        self.open_list = []

    def finish(self) -> Section:
        self._close_list()
        return Section(
            heading=self.heading,
            id=self.id,
            level=2,
            blocks=tuple(self.blocks),
            source_line=self.source_line,
            page_before=self.pages_before[0] if self.pages_before else None,
        )
