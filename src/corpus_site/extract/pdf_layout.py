"""Page geometry -> reading-order lines: running heads, page numbers, footnote zones, columns.

Pure Python over plain records, so the geometry rules can be tested without pdfminer;
`pdf.py` fills the records from pdfminer's layout objects.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from typing import NamedTuple

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)
# Top and bottom bands where running heads, footers and page numbers live.
MARGIN_BAND = 0.13


class Glyph(NamedTuple):
    """One character as printed: its font, size and where it sits on the page.

    A named tuple rather than a dataclass: a paper has tens of thousands of glyphs.
    """

    text: str
    font: str
    size: float
    x0: float
    x1: float
    baseline: float

    @property
    def bold(self) -> bool:
        return _is_bold(self.font)

    @property
    def italic(self) -> bool:
        return _is_italic(self.font)


# Field readers for Glyph tuples, for map() over many glyphs.
_TEXT: Callable[[Glyph], str] = itemgetter(0)
_SIZE: Callable[[Glyph], float] = itemgetter(2)
_X0: Callable[[Glyph], float] = itemgetter(3)
_X1: Callable[[Glyph], float] = itemgetter(4)
_BASELINE: Callable[[Glyph], float] = itemgetter(5)


@lru_cache(maxsize=256)
def _is_bold(font: str) -> bool:
    return bool(_BOLD.search(font))


@lru_cache(maxsize=256)
def _is_italic(font: str) -> bool:
    return bool(_ITALIC.search(font))


@dataclass(frozen=True)
class Rule:
    """A horizontal stroke (line or hairline rectangle), e.g. the rule above footnotes."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True)
class RawLine:
    """Glyphs sharing a baseline, left to right; spaces are glyphs with text " "."""

    glyphs: tuple[Glyph, ...]
    page: int

    # The properties below run over every glyph of every line (tens of thousands per paper),
    # so they use builtins over tuples (C loops) rather than generators.

    @cached_property
    def text(self) -> str:
        return "".join(map(_TEXT, self.glyphs))

    @cached_property
    def inked(self) -> list[Glyph]:
        return [glyph for glyph in self.glyphs if not glyph[0].isspace()]

    @cached_property
    def x0(self) -> float:
        return self._measure()["x0"]

    @cached_property
    def x1(self) -> float:
        return self._measure()["x1"]

    @cached_property
    def size(self) -> float:
        """The commonest glyph size: the line's text size, ignoring superscripts."""
        return self._measure()["size"]

    @cached_property
    def smallest(self) -> float:
        """The least size of an inked glyph."""
        return self._measure()["smallest"]

    @cached_property
    def baseline(self) -> float:
        """Baseline of the text-size glyphs, so a raised call does not move the line."""
        return self._measure()["baseline"]

    def _measure(self) -> dict[str, float]:
        """x0, x1, size, smallest and baseline, from one transposition of the inked glyphs.

        All five go into the instance dict, where the cached properties above are looked up
        first, so the first read of any of them answers the others too.
        """
        _, _, sizes, lefts, rights, baselines = zip(*self.inked, strict=True)
        first = sizes[0]
        if sizes.count(first) == len(sizes):
            size = smallest = first
            main = baselines
        else:
            counts = Counter(sizes)
            size = max(counts.items(), key=lambda item: (item[1], item[0]))[0]
            smallest = min(sizes)
            low = round(size, 1) * 0.9
            main = tuple(b for s, b in zip(sizes, baselines, strict=True) if s >= low) or baselines
        first = main[0]
        baseline = first if main.count(first) == len(main) else sorted(main)[len(main) // 2]
        measures = {
            "x0": min(lefts),
            "x1": max(rights),
            "size": round(size, 1),
            "smallest": smallest,
            "baseline": baseline,
        }
        self.__dict__.update(measures)
        return measures

    @cached_property
    def bold(self) -> bool:
        return all(map(_is_bold, self._word_fonts))

    @cached_property
    def italic(self) -> bool:
        return all(map(_is_italic, self._word_fonts))

    @cached_property
    def _word_fonts(self) -> set[str]:
        """The fonts of the line's letters and digits."""
        return {glyph[1] for glyph in self.inked if glyph[0].isalnum()}


@dataclass(frozen=True)
class RawPage:
    """One PDF page as read: lines, rules, the page label and whether it holds images."""

    number: int
    width: float
    height: float
    lines: tuple[RawLine, ...]
    rules: tuple[Rule, ...] = ()
    label: str | None = None
    has_images: bool = False
    figure_text: str = ""  # text inside figures (chart labels): left out of the body
    unmapped: int = 0  # glyphs whose font maps them to no character ("(cid:12)"): left out


@dataclass
class PageFlow:
    """A page after layout: body lines in reading order, footnote lines, printed number."""

    number: int
    body: list[RawLine] = field(default_factory=list)
    notes: list[RawLine] = field(default_factory=list)
    margin: list[RawLine] = field(default_factory=list)
    printed: str | None = None
    middle: float | None = None  # the gutter's x on a two-column page
    dropped: set[int] = field(default_factory=set)  # ids of body lines left out (figures)


def merge_fragments(lines: Sequence[RawLine], middle: float, height: float) -> list[RawLine]:
    """Join pieces of one printed line that pdfminer split (stream order, wide justification)."""
    pieces = sorted((line for line in lines if line.inked), key=_reading_key)
    band = height * MARGIN_BAND
    merged: list[list[RawLine]] = []
    rights: list[float] = []  # per group, the rightmost x1 of its parts
    for piece in pieces:
        baseline, size, x0 = piece.baseline, piece.size, piece.x0
        body = band < baseline < height - band
        # Groups were opened top-down: the candidates are the last few, near this baseline.
        for index in range(len(merged) - 1, -1, -1):
            group = merged[index]
            last = group[-1]
            larger = max(size, last.size)
            if last.baseline - baseline > larger:
                merged.append([piece])
                rights.append(piece.x1)
                break
            right = rights[index]
            gap = x0 - right
            # Justified lines may have wide word gaps, between words of one type size (not a
            # margin column's small type beside a title); a gap over the page middle is a gutter.
            gutter = right < middle < x0
            main = max(part.size for part in group)  # not a note call's size
            # (or a note's label hanging before its text: "1", "**")
            one_type = abs(size - main) < 0.5 or sum(len(p.text.strip()) for p in group) <= 3
            near = gap < 1.5 * size or (gap < 6 * size and body and not gutter and one_type)
            if abs(last.baseline - baseline) <= 0.25 * larger and gap > -1 and near:
                group.append(piece)
                rights[index] = max(right, piece.x1)
                break
        else:
            merged.append([piece])
            rights.append(piece.x1)
    result = []
    for group in merged:
        if len(group) == 1:
            result.append(group[0])  # unchanged: keep the line and what it has computed
            continue
        glyphs: list[Glyph] = []
        for part in sorted(group, key=_left_edge):
            if glyphs and not glyphs[-1].text.isspace() and not part.glyphs[0].text.isspace():
                end = glyphs[-1]
                glyphs.append(Glyph(" ", end.font, end.size, end.x1, end.x1, end.baseline))
            glyphs.extend(part.glyphs)
        result.append(RawLine(tuple(glyphs), group[0].page))
    return sorted(result, key=_reading_key)


def _reading_key(line: RawLine) -> tuple[float, float]:
    return -line.baseline, line.x0


def _left_edge(line: RawLine) -> float:
    return line.x0


def body_size(lines: Sequence[RawLine]) -> float:
    """The text size most glyphs are printed in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.inked)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _is_note_rule(rule: Rule, page: RawPage, lines: list[RawLine]) -> bool:
    """A short rule at the text's left edge in the lower page, not underlining a line."""
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    if rule.x1 - rule.x0 >= 0.6 * width or abs(rule.x0 - left) >= 10:
        return False
    underline = any(
        0 <= line.baseline - rule.y <= 4 and line.x0 < rule.x1 and line.x1 > rule.x0
        for line in lines
    )
    return (
        rule.x1 - rule.x0 < 0.6 * width
        and abs(rule.x0 - left) < 10
        and rule.y < page.height * 0.6
        and not underline
    )


# A note carried over from the page before takes a few lines, not a page.
MAX_CONTINUED_NOTE_LINES = 12
_NOTE_WITH_TEXT = re.compile(r"\s*(?:\d{1,3}|[*\u2020\u2021])\s+\S*[^\W\d_]")
_NOTE_OPENING = re.compile(r"\s*(?:\d{1,3}|[*\u2020\u2021])(?:\s|$)")


def split_notes(
    lines: list[RawLine], page: RawPage, size: float, typed: Sequence[Rule] = ()
) -> int:
    """Index where the footnote block begins among `lines` (top to bottom), or len(lines).

    Notes are the small-type lines at the bottom: below a short rule when there is one (in
    body type too when the first opens with a note label), otherwise the trailing run of small
    lines that starts with a note number.
    """
    if not lines:
        return 0
    small = [line.size < size * 0.93 for line in lines]
    rules = [rule for rule in (*page.rules, *typed) if _is_note_rule(rule, page, lines)]
    start = len(lines)
    while start > 0 and small[start - 1]:
        start -= 1
    start = _continued_notes(lines, start)
    if rules:
        top = max(rule.y for rule in rules)
        below = [i for i, line in enumerate(lines) if line.baseline < top]
        # Under a note rule, notes in small type; or, set in body type, opening with a label.
        if below and (all(small[i] for i in below) or _NOTE_OPENING.match(lines[below[0]].text)):
            return below[0]
    if start < len(lines) and re.match(r"\s*(\d+\s|[*†‡])", lines[start].text):
        return start
    return len(lines)


def _continued_notes(lines: list[RawLine], start: int) -> int:
    """Where the small lines from `start` on begin as notes: at a note label, or above the
    first labelled note at lines set like a note's (a note continued from the page before has
    no label of its own: it lines up with the notes under it, at their leading)."""
    labelled = next(
        (i for i in range(start, len(lines)) if _NOTE_WITH_TEXT.match(lines[i].text)), None
    )
    if labelled is None or labelled - start > MAX_CONTINUED_NOTE_LINES:
        return start  # no label, or small type well above it: a table, a quotation
    label = lines[labelled]
    first = labelled
    while first > start:
        above, below = lines[first - 1], lines[first]
        aligned = label.x0 - 1 <= above.x0 <= label.x0 + 3 * label.size
        if not aligned or above.baseline - below.baseline > 1.6 * label.size:
            break
        first -= 1
    return first


def is_two_column(lines: list[RawLine], page: RawPage) -> bool:
    """Whether at least three long lines sit wholly on each side of the page's middle."""
    middle = page.width / 2
    wide = page.width * 0.25
    right = [ln for ln in lines if ln.x0 >= middle - 5 and ln.x1 - ln.x0 > wide]
    left = [ln for ln in lines if ln.x1 <= middle + 5 and ln.x1 - ln.x0 > wide]
    return len(right) >= 3 and len(left) >= 3


def order_columns(lines: list[RawLine], page: RawPage) -> list[RawLine]:
    """Reading order: full-width lines in place, two-column bands left column first."""
    middle = page.width / 2
    if not is_two_column(lines, page):
        return sorted(lines, key=lambda ln: (-ln.baseline, ln.x0))
    ordered: list[RawLine] = []
    band: list[RawLine] = []

    def flush(before_wide: bool) -> None:
        first = sorted((ln for ln in band if ln.x0 < middle - 5), key=lambda ln: -ln.baseline)
        second = sorted((ln for ln in band if ln.x0 >= middle - 5), key=lambda ln: -ln.baseline)
        later: list[RawLine] = []
        if before_wide and second:
            # Left-column lines below the whole right column lead into the full-width text
            # that follows (a heading placed above a full-width block), so they come last.
            # Only a block set apart by a gap moves: "About the Authors" above full-width bios.
            bottom = second[-1].baseline - 0.5 * second[-1].size
            cut = len(first)
            while cut > 0 and first[cut - 1].baseline < bottom:
                cut -= 1
            for index in range(cut, len(first)):
                above = first[index - 1] if index > 0 else None
                if above is None or above.baseline - first[index].baseline > 2 * above.size:
                    later = first[index:]
                    first = first[:index]
                    break
        ordered.extend(first + second + later)
        band.clear()

    for line in sorted(lines, key=lambda ln: (-ln.baseline, ln.x0)):
        if line.x0 < middle - 5 and line.x1 > middle + 5:
            flush(before_wide=True)
            ordered.append(line)
        else:
            band.append(line)
    flush(before_wide=False)
    return ordered
