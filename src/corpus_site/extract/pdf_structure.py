"""Reading-order lines with geometry -> Document: title, headings, lists, notes, page markers.

Decisions come from the print itself: font size and weight for headings, raised small digits
for note calls, label sequences for lists, indents and gaps for paragraph breaks.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from corpus_site.extract.hyphenation import Vocabulary, join_line_end_hyphen
from corpus_site.extract.lists import ListLabel, parse_label
from corpus_site.extract.pdf_layout import Glyph, PageFlow, RawLine, RawPage, lay_out_pages
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

_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\uf0b7": "\u2022",  # Symbol-font bullet as Word embeds it
        "\uf0a7": "\u25aa",
    }
)
_SOFT_HYPHEN = "\u00ad"
_NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*|[IVXLC]+)\.?\s+(?P<title>\S.*)$")
_KEYWORDS = re.compile(r"^key\s?words?\s*[:\-\u2013\u2014]?\s*", re.IGNORECASE)
_CAPTION = re.compile(r"^(table|figure|fig\.|chart|graph|map)\s*\d", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:][\"'\u201d\u2019)]?$")
_NOTE_LABEL = re.compile(r"^(\d{1,3})\s+\S")
_FRONT_MATTER = re.compile(
    r"universit|institut|e-?mail|@|correspond|submitted|accepted|received|published|"
    r"date of|copyright|\u00a9|licen[cs]|issn|doi:|faculty|department",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[^\W\d_][\w'\u2019.\-]*(?:\s+[^\W\d_][\w'\u2019.\-]*){1,3}$")
_MAX_HEADING_WORDS = 14
# Info-dictionary values that tools write when nobody filled the field in.
_PLACEHOLDERS = frozenset({"", "anonymous", "unknown", "untitled", "unspecified"})
_URL_GLUE = ("/", "-", "?", "&", "#", "=", ".", "_")
_FIGURE_NUMBERS = re.compile(r"[\d\s,.%\-\u2013]+")


def clean(text: str) -> str:
    """Ligatures and private-use bullets as plain characters; soft hyphens dropped."""
    return text.translate(_LIGATURES).replace(_SOFT_HYPHEN, "")


def _raised(glyph: Glyph, line_size: float, baseline: float) -> bool:
    return glyph.size < line_size * 0.85 and glyph.baseline > baseline + line_size * 0.15


@dataclass
class Piece:
    """Part of a line: text, or a footnote call found between its glyphs."""

    text: str = ""
    call: str | None = None


def split_line(line: RawLine) -> list[Piece]:
    """A line's text with raised small digits glued to a word turned into calls."""
    size, baseline = line.size, line.baseline
    if line.smallest >= size * 0.85:
        # No glyph is small enough to be a call: the whole line is text (most lines).
        return [Piece(line.text)] if line.text else []
    pieces: list[Piece] = [Piece()]
    glyphs = line.glyphs
    index = 0
    while index < len(glyphs):
        glyph = glyphs[index]
        if glyph.text.isdigit() and _raised(glyph, size, baseline):
            end = index
            while end < len(glyphs) and (
                (glyphs[end].text.isdigit() or glyphs[end].text == ",")
                and _raised(glyphs[end], size, baseline)
            ):
                end += 1
            before = pieces[-1].text
            if before and not before[-1].isspace():
                for number in "".join(g.text for g in glyphs[index:end]).split(","):
                    if number:
                        pieces.append(Piece(call=number))
                pieces.append(Piece())
                index = end
                continue
        pieces[-1].text += glyph.text
        index += 1
    return [piece for piece in pieces if piece.call or piece.text]


def note_label(line: RawLine) -> tuple[str, int] | None:
    """The number opening a footnote body and how many glyphs it takes, if any."""
    glyphs = line.glyphs
    size, baseline = line.size, line.baseline
    count = 0
    while count < len(glyphs) and glyphs[count].text.isdigit():
        if not _raised(glyphs[count], max(size, glyphs[-1].size), baseline) and count == 0:
            break
        count += 1
    if count:
        return "".join(g.text for g in glyphs[:count]), count
    match = _NOTE_LABEL.match(line.text)
    if match:
        return match.group(1), len(match.group(1))
    return None


@dataclass
class _Line:
    """A body line in reading order, with what the layout pass knows about its place."""

    raw: RawLine
    page_start: str | None  # printed page that begins with this line
    margin: float  # left edge of the line's column
    right: float  # right edge of the line's column

    @property
    def indent(self) -> float:
        return self.raw.x0 - self.margin

    @cached_property
    def text(self) -> str:
        return clean(self.raw.text).strip()


@dataclass
class _Unit:
    """Lines that become one heading, paragraph or list item."""

    kind: str  # heading | para | item
    lines: list[_Line] = field(default_factory=list)
    label: ListLabel | None = None
    level: int = 2
    pages_before: list[str] = field(default_factory=list)
    keywords_heading: bool = False  # printed under a separate "Keywords" heading

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


class _Builder:
    def __init__(self, flows: list[PageFlow], size: float) -> None:
        self.flows = flows
        self.size = size
        self.diagnostics: list[Diagnostic] = []
        texts = [line.text for flow in flows for line in flow.body + flow.notes]
        self.vocabulary = Vocabulary(clean(text) for text in texts)
        self.pitch = self._pitch()
        self.hanging_lines: set[int] = set()
        self.levels: dict[int, int | None] = {}
        self.title_found = False
        self.entry_starts: set[int] = set()

    def _pitch(self) -> float:
        gaps = []
        for flow in self.flows:
            for above, below in zip(flow.body, flow.body[1:], strict=False):
                gap = above.baseline - below.baseline
                if 0 < gap < 3 * self.size and abs(above.size - self.size) < 0.5:
                    gaps.append(round(gap, 1))
        return statistics.median(gaps) if gaps else self.size * 1.2

    # -- lines -> units ------------------------------------------------------------------

    def lines(self, skip: set[int]) -> list[_Line]:
        out: list[_Line] = []
        for flow in self.flows:
            columns: dict[str, list[RawLine]] = {}
            for raw in flow.body:
                columns.setdefault(_column(raw, flow), []).append(raw)
            edges = {key: _edges(lines) for key, lines in columns.items()}
            pending = flow.printed
            dropped = 0
            for raw in flow.body:
                if id(raw) in skip:
                    continue
                if raw.size < self.size * 0.92 and _FIGURE_NUMBERS.fullmatch(raw.text.strip()):
                    dropped += 1
                    continue
                margin, right = edges[_column(raw, flow)]
                out.append(_Line(raw, pending, margin, right))
                pending = None
            if dropped:
                where = f"page {flow.printed or flow.number}"
                message = f"{where}: {dropped} lines of table or chart figures left out"
                self.diagnostics.append(Diagnostic(flow.number, message))
        return out

    def heading_level(self, line: _Line) -> int | None:
        key = id(line)
        if key not in self.levels:
            self.levels[key] = self._heading_level(line)
        return self.levels[key]

    def _heading_level(self, line: _Line) -> int | None:
        raw = line.raw
        text = line.text
        words = text.split()
        if not words or len(words) > _MAX_HEADING_WORDS + 6 or _CAPTION.match(text):
            return None
        if raw.size < self.size * 0.9:
            return None
        large = raw.size >= self.size * 1.12
        numbered = _NUMBERED.match(text)
        if numbered and numbered.group("title")[0].isupper():
            number = numbered.group("number").rstrip(".")
            # An unstyled "4.1 Title" on a short line is a heading; "4." alone may be a list.
            plain = "." in number and raw.x1 < line.right - 2 * self.size
            if raw.bold or raw.italic or large or plain:
                return 1 + len(number.split(".")) if number[0].isdigit() else 2
        if len(words) > _MAX_HEADING_WORDS or text.endswith((",", ";")):
            return None
        if (raw.bold or large) and text[0].isupper():
            return 2
        return None

    def units(self, lines: list[_Line]) -> list[_Unit]:
        units: list[_Unit] = []
        previous: _Line | None = None
        self.entry_starts = self._hanging_runs(lines)
        for line in lines:
            current = units[-1] if units else None
            level = self.heading_level(line)
            label = parse_label(line.text)
            if current is not None and current.kind == "item" and label is not None:
                last = current.label
                if last is not None and not label.follows(last):
                    label = None if label.is_first is False else label
            if label is not None and label.style != "bullet" and not label.is_first:
                last = _open_label(units)
                if last is None or not label.follows(last):
                    label = None
            if (
                current is not None
                and current.kind == "heading"
                and previous is not None
                and self._continues_heading(previous, line)
            ):
                current.lines.append(line)
            elif level is not None and not (label is not None and label.style != "arabic"):
                units.append(_Unit("heading", [line], level=level))
            elif label is not None:
                units.append(_Unit("item", [line], label=label))
            elif current is None or self._starts_paragraph(current, previous, line):
                units.append(_Unit("para", [line]))
            else:
                current.lines.append(line)
            previous = line
        return units

    def _hanging_runs(self, lines: list[_Line]) -> set[int]:
        """First lines of entries in runs set with hanging indents (reference lists).

        A run between headings is hanging when most of its lines are indented, nearly all by
        the same amount; an entry starts at a line that is not.
        """
        starts: set[int] = set()
        run: list[_Line] = []
        for line in [*lines, None]:
            if line is not None and self.heading_level(line) is None:
                run.append(line)
                continue
            base = min((ln.indent for ln in run), default=0.0)
            indented = [ln.indent for ln in run if ln.indent > base + 0.8 * self.size]
            if len(run) >= 4 and len(indented) > 0.5 * len(run):
                hang = statistics.median(indented)
                steady = [x for x in indented if abs(x - hang) < 0.5 * self.size]
                if len(steady) >= 0.8 * len(indented):
                    self.hanging_lines.update(id(ln) for ln in run)
                    starts.update(id(ln) for ln in run if ln.indent < (base + hang) / 2)
            run = []
        return starts

    def _starts_paragraph(self, current: _Unit, previous: _Line | None, line: _Line) -> bool:
        if current.kind == "heading" or self._breaks(previous, line):
            return True
        return current.kind == "item" and self._leaves_item(current, line, previous)

    def _continues_heading(self, previous: _Line, line: _Line) -> bool:
        same_style = (previous.raw.bold, previous.raw.italic) == (line.raw.bold, line.raw.italic)
        close = 0 < previous.raw.baseline - line.raw.baseline <= self.pitch * 1.6
        return (
            same_style
            and close
            and abs(previous.raw.size - line.raw.size) < 0.5
            and not _NUMBERED.match(line.text)
            and previous.raw.x1 > previous.right - 3 * self.size
        )

    def _breaks(self, previous: _Line | None, line: _Line) -> bool:
        if previous is None:
            return True
        gap = previous.raw.baseline - line.raw.baseline
        overlap = line.raw.x0 < previous.raw.x1 and previous.raw.x0 < line.raw.x1
        same_column = previous.raw.page == line.raw.page and gap > 0 and overlap
        if same_column and gap > self.pitch * 1.45:
            return True
        if id(line) in self.hanging_lines:
            return id(line) in self.entry_starts
        short = previous.raw.x1 < previous.right - 2 * self.size
        ended = bool(_SENTENCE_END.search(previous.text))
        indented = line.indent > 0.8 * self.size and (
            not same_column or line.indent > previous.indent + 0.8 * self.size
        )
        if indented and (ended or short):
            return True
        return short and ended and line.raw.size == previous.raw.size and same_column

    def _leaves_item(self, item: _Unit, line: _Line, previous: _Line | None) -> bool:
        first = item.lines[0]
        label = item.label.raw if item.label else ""
        text_start = first.raw.x0 + (first.raw.x1 - first.raw.x0) * len(label) / max(
            len(first.text), 1
        )
        if line.raw.x0 >= text_start - self.size:
            return False
        # Wrapped back under the label: still the item unless the item's text had ended.
        return previous is not None and previous.raw.x1 < previous.right - 2 * self.size

    # -- units -> inlines -----------------------------------------------------------------

    def inlines(self, unit: _Unit, skip: int = 0) -> tuple[Inline, ...]:
        out: list[Inline] = [PageMarker(page) for page in unit.pages_before]
        previous: _Line | None = None
        for number, line in enumerate(unit.lines):
            pieces = split_line(line.raw)
            if number == 0 and skip:
                pieces = _drop_prefix(pieces, skip)
            full = previous is not None and previous.raw.x1 > previous.right - self.size
            self._join_pieces(out, pieces, line.page_start, full)
            previous = line
        return _finish(out)

    def _join_pieces(
        self, out: list[Inline], pieces: list[Piece], page: str | None, full: bool
    ) -> None:
        first = True
        for piece in pieces:
            if piece.call is not None:
                out.append(FootnoteRef(piece.call))
                continue
            text = " ".join(clean(piece.text).split())
            if piece.text[:1].isspace():
                text = " " + text
            if piece.text[-1:].isspace():
                text += " "
            if first:
                text = text.lstrip()
                self._join_line(out, text, page, full)
                page = None
            else:
                _append_text(out, text)
            first = False
        if page is not None and first:
            out.append(PageMarker(page))

    def _join_line(self, out: list[Inline], text: str, page: str | None, full: bool) -> None:
        """Append a new printed line's text, undoing line-end hyphenation.

        A page that begins with this line gets its marker after the first word when a
        hyphenated word spans the page break, otherwise before the line.
        """
        marker: list[Inline] = [PageMarker(page)] if page is not None else []
        last = _last_text(out)
        if last is None or last[0] != len(out) - 1:
            if out and isinstance(out[-1], FootnoteRef | PageMarker):
                text = " " + text
            out.extend([*marker, Text(text)])
            return
        index, previous = last
        stripped = previous.rstrip()
        word = stripped.split(" ")[-1]
        if stripped.endswith("-") and len(stripped) > 1 and stripped[-2].isalpha() and text:
            lead = len(word) - len(word.lstrip("([{\"'\u201c\u2018"))
            right, _, rest = text.partition(" ")
            joined = word[:lead] + join_line_end_hyphen(word[lead:], right, self.vocabulary)
            head = stripped[: len(stripped) - len(word)]
            tail = " " + rest if rest else ""
            if marker:
                out[index : index + 1] = [Text(head + joined), *marker, Text(tail)]
            else:
                out[index] = Text(head + joined + tail)
            return
        # A URL broken at a full line goes on, unless the next line opens with a new word.
        fresh = re.match(r"[A-Z][a-z]", text) is not None
        url = ("://" in word or word.startswith("www.")) and (
            word.endswith(_URL_GLUE) or (full and not fresh)
        )
        dash = stripped.endswith(("\u2013", "\u2014")) and not stripped[-2:-1].isspace()
        glue = "" if dash or url or not stripped else " "
        if marker:
            out[index : index + 1] = [Text(stripped + glue), *marker, Text(text)]
        else:
            out[index] = Text(stripped + glue + text)

    # -- document -----------------------------------------------------------------------

    def build(self) -> Document:
        title, authors, skip, _ = find_title(self.flows, self.size)
        self.title_found = title is not None
        lines = self.lines(skip)
        units = self.units(lines)
        self._attach_page_starts(units)
        sections, keywords, front_notes = self._sections(units)
        footnotes, author_notes = self._footnotes(sections)
        markers = tuple(flow.printed for flow in self.flows if flow.printed is not None)
        return Document(
            printed_title=title,
            sections=tuple(sections),
            footnotes=footnotes,
            keywords=keywords,
            author_notes=tuple(front_notes + author_notes),
            authors=authors,
            page_markers=markers,
            pdf_pages=tuple(
                (flow.printed, flow.number) for flow in self.flows if flow.printed is not None
            ),
            diagnostics=tuple(self.diagnostics),
        )

    def _attach_page_starts(self, units: list[_Unit]) -> None:
        """Move a page start on a unit's first line to the unit itself."""
        for unit in units:
            first = unit.lines[0]
            if first.page_start is not None:
                unit.pages_before.append(first.page_start)
                first.page_start = None

    def _sections(self, units: list[_Unit]) -> tuple[list[Section], tuple[str, ...], list[str]]:
        sections: list[Section] = []
        used: set[str] = set(PAGE_IDS)
        keywords: tuple[str, ...] = ()
        notes: list[str] = []
        draft: _Draft | None = None
        carried: list[str] = []
        keyword_heading: _Unit | None = None
        for unit in units:
            if keyword_heading is not None and unit.kind != "heading":
                unit.keywords_heading = True
                unit.pages_before[:0] = keyword_heading.pages_before
            keyword_heading = None
            if unit.kind == "heading":
                if _KEYWORDS.fullmatch(unit.text.rstrip(":")):
                    keyword_heading = unit
                    continue
                else:
                    if draft is not None:
                        sections.append(draft.finish(self))
                    heading = " ".join(unit.text.split())
                    slug = slugify(_NUMBERED.sub(r"\g<title>", heading))
                    draft = _Draft(heading, unique_id(slug, used), unit.level)
                    pages = carried + unit.pages_before
                    draft.page_before = pages[0] if pages else None
                    carried = []
                    continue
            if draft is None:
                on_title_page = self.title_found and unit.lines[0].raw.page == 1
                if on_title_page or (
                    _FRONT_MATTER.search(unit.text) and unit.lines[0].raw.page == 1
                ):
                    notes.append(self._plain(unit))
                    carried.extend(unit.pages_before)
                    continue
                draft = _Draft("", unique_id("front", used), 2)
            if carried:
                unit.pages_before[:0] = carried
                carried = []
            in_abstract = draft.heading.lower().startswith("abstract")
            if keywords and in_abstract and unit.lines[0].raw.page == 1:
                notes.append(self._plain(unit))
                continue
            if (unit.keywords_heading or _KEYWORDS.match(unit.text)) and not keywords:
                text = _KEYWORDS.sub("", unit.text)
                keywords = tuple(p.strip() for p in re.split(r"[;,]", text.rstrip(".")) if p)
            draft.add(unit)
        if draft is not None:
            sections.append(draft.finish(self))
        return sections, keywords, notes

    def _plain(self, unit: _Unit) -> str:
        out = self.inlines(unit)
        return "".join(part.text for part in out if isinstance(part, Text)).strip()

    def _footnotes(self, sections: list[Section]) -> tuple[tuple[Footnote, ...], list[str]]:
        calls: list[str] = []
        for section in sections:
            for block in section.blocks:
                holders = block.items if isinstance(block, ListBlock) else (block,)
                for holder in holders:
                    calls.extend(p.number for p in holder.inlines if isinstance(p, FootnoteRef))
        bodies: dict[str, _Unit] = {}
        order: list[str] = []
        author: list[_Unit] = []
        current: _Unit | None = None
        for flow in self.flows:
            for raw in flow.notes:
                line = _Line(raw, None, raw.x0, raw.x1)
                label = note_label(raw)
                expected = str(int(order[-1]) + 1) if order else None
                if (
                    label is not None
                    and label[0] not in bodies
                    and (label[0] == expected or label[0] in calls or expected is None)
                ):
                    current = _Unit("para", [line], level=label[1])
                    bodies[label[0]] = current
                    order.append(label[0])
                elif current is not None:
                    current.lines.append(line)
                else:
                    current = _Unit("para", [line])
                    author.append(current)
        footnotes: list[Footnote] = []
        for number in order:
            unit = bodies[number]
            inlines = self.inlines(unit, skip=unit.level)
            footnotes.append(Footnote(number, inlines, True, unit.lines[0].raw.page))
            if number not in calls:
                self.diagnostics.append(
                    Diagnostic(unit.lines[0].raw.page, f"note {number} is printed but never called")
                )
        for number in dict.fromkeys(calls):
            if number not in bodies:
                footnotes.append(Footnote(number, (), present=False))
                self.diagnostics.append(Diagnostic(0, f"note {number} is called but not printed"))
        footnotes.sort(key=lambda note: int(note.number) if note.number.isdigit() else 0)
        return tuple(footnotes), [self._plain(unit) for unit in author]


@dataclass
class _Draft:
    heading: str
    id: str
    level: int
    page_before: str | None = None
    units: list[_Unit] = field(default_factory=list)

    def add(self, unit: _Unit) -> None:
        self.units.append(unit)

    def finish(self, builder: _Builder) -> Section:
        blocks: list[Block] = []
        paragraphs = 0
        lists = 0
        items: list[tuple[_Unit, tuple[Inline, ...]]] = []
        used: set[str] = set()

        def close() -> None:
            nonlocal lists
            if not items:
                return
            lists += 1
            prefix = self.id if lists == 1 else f"{self.id}-list{lists}"
            first = items[0][0].label
            assert first is not None
            blocks.append(
                ListBlock(
                    first.style,
                    tuple(
                        ListItem(
                            label=unit.label.raw if unit.label else "",
                            id=unique_id(f"{prefix}-{_item_key(unit.label, index)}", used),
                            inlines=inlines,
                            source_line=unit.lines[0].raw.page,
                        )
                        for index, (unit, inlines) in enumerate(items, start=1)
                    ),
                    items[0][0].lines[0].raw.page,
                )
            )
            items.clear()

        for unit in self.units:
            if unit.kind == "item" and unit.label is not None:
                if items and not unit.label.follows(items[-1][0].label or unit.label):
                    close()
                items.append((unit, builder.inlines(unit, skip=len(unit.label.raw))))
                continue
            close()
            inlines = builder.inlines(unit)
            if unit.keywords_heading:
                inlines = (Text("Keywords: "), *inlines)
            if unit.keywords_heading or _KEYWORDS.match(unit.text):
                suffix = KEYWORDS_SUFFIX
            else:
                paragraphs += 1
                suffix = f"p{paragraphs}"
            page = unit.lines[0].raw.page
            blocks.append(
                Paragraph(unique_id(f"{self.id}-{suffix}", used), _finish(list(inlines)), page)
            )
        close()
        return Section(self.heading, self.id, self.level, tuple(blocks), 0, self.page_before)


def _item_key(label: ListLabel | None, index: int) -> str:
    if label is None or label.style == "bullet":
        return f"item{index}"
    return re.sub(r"[^0-9a-z]", "", label.key.lower())


def _open_label(units: list[_Unit]) -> ListLabel | None:
    for unit in reversed(units):
        if unit.kind == "item":
            return unit.label
        if unit.kind == "heading":
            return None
    return None


def _column(line: RawLine, flow: PageFlow) -> str:
    middle = flow.middle
    if middle is None or (line.x0 < middle - 5 and line.x1 > middle + 5):
        return "page"
    return "left" if line.x0 < middle else "right"


def _edges(lines: Sequence[RawLine]) -> tuple[float, float]:
    """A column's left margin (leftmost common line start) and right edge."""
    starts = Counter(round(line.x0) for line in lines)
    common = [x for x, count in starts.items() if count >= max(2, 0.1 * len(lines))]
    return float(min(common or starts)), max(line.x1 for line in lines)


def _last_text(out: list[Inline]) -> tuple[int, str] | None:
    for index in range(len(out) - 1, -1, -1):
        part = out[index]
        if isinstance(part, Text):
            return index, part.text
        if isinstance(part, FootnoteRef):
            continue
        return None
    return None


def _append_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    elif text:
        out.append(Text(text))


def _drop_prefix(pieces: list[Piece], count: int) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if count > 0 and piece.call is None:
            taken = min(count, len(piece.text))
            piece = Piece(piece.text[taken:].lstrip())
            count -= taken
        elif count > 0:
            count -= len(piece.call or "")
            continue
        out.append(piece)
    return [piece for piece in out if piece.call or piece.text]


def _finish(out: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for part in out:
        if isinstance(part, Text):
            text = re.sub(r"  +", " ", part.text)
            if merged and isinstance(merged[-1], PageMarker):
                text = text.lstrip()  # the writer puts its own space after a marker
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + text)
                continue
            part = Text(text)
        merged.append(part)
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip())
    return tuple(part for part in merged if not (isinstance(part, Text) and not part.text))


def find_title(
    flows: list[PageFlow], size: float
) -> tuple[str | None, tuple[str, ...], set[int], list[RawLine]]:
    """Title (largest type on page one), authors below it, lines used, masthead above it."""
    if not flows or not flows[0].body:
        return None, (), set(), []
    first = sorted(flows[0].body, key=lambda ln: -ln.baseline)
    largest = max(line.size for line in first)
    start = next(i for i, line in enumerate(first) if line.size == largest)
    if largest < size * 1.15 or _NUMBERED.match(clean(first[start].text).strip()):
        return None, (), set(), []
    end = start
    while end + 1 < len(first) and first[end + 1].size == largest:
        end += 1
    skip = {id(line) for line in first[: end + 1]}
    title = " ".join(" ".join(clean(line.text).split()) for line in first[start : end + 1])
    authors: tuple[str, ...] = ()
    for line in first[end + 1 : end + 4]:
        names = _names(line)
        if names:
            authors = names
            skip.add(id(line))
            break
        if line.text.strip("_ \u2014-"):
            break
        skip.add(id(line))
    return title, authors, skip, first[:start]


def _names(line: RawLine) -> tuple[str, ...]:
    text = "".join(
        g.text for g in line.glyphs if not (g.size < line.size * 0.85 and not g.text.isspace())
    )
    parts = [p.strip() for p in re.split(r",|;|&|\band\b", clean(text)) if p.strip(" *")]
    parts = [part.strip(" *") for part in parts]
    if parts and all(_NAME.match(part) and part[0].isupper() for part in parts):
        return tuple(parts)
    return ()


def build_document(pages: Sequence[RawPage]) -> Document:
    """The Document for some pages read by `pdf.py` (or built by hand in tests)."""
    flows, size = lay_out_pages(pages)
    return _Builder(flows, size).build()


def find_metadata(pages: Sequence[RawPage], info: dict[str, str]) -> dict[str, str]:
    """Title, authors and journal: the printed first page first, the info dictionary second."""
    flows, size = lay_out_pages(pages)
    title, authors, _, masthead = find_title(flows, size)
    found: dict[str, str] = {}
    if title or info.get("Title", "").lower() not in _PLACEHOLDERS:
        found["title"] = title or info["Title"]
    if authors:
        found["authors"] = "; ".join(authors)
    elif info.get("Author", "").lower() not in _PLACEHOLDERS:
        found["authors"] = info["Author"]
    candidates = masthead + [line for flow in flows for line in flow.margin]
    journal = _journal([" ".join(clean(line.text).split()) for line in candidates])
    if journal:
        found["journal"] = journal
    return found


_VOLUME = re.compile(r"^(?P<journal>[^,]+?),?\s*(?:\(\d{4}\)|\d{4})?,?\s*vol(?:ume|\.)\s*\d", re.I)
_VOLUME_LINE = re.compile(r"^(?:\d{4},\s*)?vol(?:ume|\.)\s*\d", re.IGNORECASE)


def _journal(lines: list[str]) -> str | None:
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _VOLUME_LINE.match(following) and not _VOLUME_LINE.match(line):
            return re.sub(r"\s*\(ISSN[^)]*\)", "", line).strip() or None
    for line in lines:
        match = _VOLUME.match(line)
        if match and not _VOLUME_LINE.match(line):
            return match.group("journal").strip()
    return None
