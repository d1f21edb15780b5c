"""What a PDF page's print says about a line: the evidence `segment` asks of PDF sources.

Type size and weight make headings (numbered, bold, larger, or a short italic line set
apart), the line pitch and indents break paragraphs, and runs of hanging indents mark the
entries of a reference list.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from corpus_site.extract.lines import Line, Token
from corpus_site.extract.segment import (
    CAPTION,
    MAX_ITALIC_HEADING_WORDS,
    MAX_STYLED_HEADING_WORDS,
    NUMBERED,
    SENTENCE_END,
    Unit,
    opening,
)


class PrintGeometry:
    """Evidence of a PDF page: type size and weight, indents, line pitch and gaps."""

    def __init__(self, lines: Sequence[Line], size: float) -> None:
        self.size = size
        self.pitch = _pitch(lines, size)
        self.hanging: set[int] = set()
        self.entry_starts: set[int] = set()
        self._levels: dict[int, int | None] = {}
        self._set_apart = self._find_set_apart(lines)
        self._find_hanging_runs(lines)

    def heading_level(
        self, line: Line, fresh: bool = True, following: Token | None = None
    ) -> int | None:
        key = id(line)
        if key not in self._levels:
            self._levels[key] = self._heading_level(line)
        return self._levels[key]

    def _heading_level(self, line: Line) -> int | None:
        shape = line.geometry
        text = line.text
        words = text.split()
        if shape is None or not words or CAPTION.match(text):
            return None
        if len(words) > MAX_STYLED_HEADING_WORDS + 6 or shape.size < self.size * 0.9:
            return None
        large = shape.size >= self.size * 1.12
        numbered = NUMBERED.match(text)
        if numbered and numbered.group("title")[0].isupper():
            number = numbered.group("number").rstrip(".")
            # An unstyled "4.1 Title" on a short line is a heading; "4." alone may be a list.
            plain = "." in number and shape.x1 < shape.right - 2 * self.size
            if shape.bold or shape.italic or large or plain:
                return 1 + len(number.split(".")) if number[0].isdigit() else 2
        if len(words) > MAX_STYLED_HEADING_WORDS or text.endswith((",", ";")):
            return None
        if (shape.bold or large) and opening(text)[:1].isupper():
            return 2
        if self._italic_heading(line):
            return 3
        return None

    def _italic_heading(self, line: Line) -> bool:
        """A short italic line in body type, set apart from the text above by a clear gap
        and ending no sentence: a subheading ("Literatur", "Phase 1: Anwerbung ...")."""
        shape = line.geometry
        text = line.text.strip()
        return (
            shape is not None
            and shape.italic
            and id(line) in self._set_apart
            and shape.x1 < shape.right - 2 * self.size  # short: not a paragraph's first line
            and sum(1 for word in text.split() if re.search(r"\w", word))
            <= MAX_ITALIC_HEADING_WORDS  # words, not the dashes between them
            and opening(text)[:1].isupper()
            and text[-1:] not in ".,;:!?"
            and not text.split()[0].endswith(":")  # a run-in label: "Schlagwörter: …"
            and re.search(r"[^\W\d_]{3}", text) is not None
        )

    def _find_set_apart(self, lines: Sequence[Line]) -> set[int]:
        """Lines with a gap above them of a line pitch and half a line of their type more,
        in their column (the same in single and one-and-a-half spacing)."""
        found: set[int] = set()
        for above, below in itertools.pairwise(lines):
            a, b = above.geometry, below.geometry
            if a is None or b is None or a.page != b.page or not (b.x0 < a.x1 and a.x0 < b.x1):
                continue
            if a.baseline - b.baseline > self.pitch + 0.5 * b.size:
                found.add(id(below))
        return found

    def continues_heading(self, heading: Unit, previous: Line, line: Line) -> bool:
        above, below = previous.geometry, line.geometry
        if above is None or below is None:
            return False
        close = 0 < above.baseline - below.baseline <= self.pitch * 1.6
        return (
            (above.bold, above.italic) == (below.bold, below.italic)
            and close
            and abs(above.size - below.size) < 0.5
            and not NUMBERED.match(line.text)
            and above.x1 > above.right - 3 * self.size
        )

    def breaks(self, unit: Unit, previous: Line, line: Line) -> bool:
        if self._breaks(previous, line):
            return True
        return unit.kind == "item" and self._leaves_item(unit, line, previous)

    def _breaks(self, previous: Line, line: Line) -> bool:
        above, below = previous.geometry, line.geometry
        if above is None or below is None:
            return False
        gap = above.baseline - below.baseline
        overlap = below.x0 < above.x1 and above.x0 < below.x1
        same_column = above.page == below.page and gap > 0 and overlap
        if same_column and gap > self.pitch * 1.45:
            return True
        if id(line) in self.hanging:
            return id(line) in self.entry_starts
        short = above.x1 < above.right - 2 * self.size
        ended = bool(SENTENCE_END.search(previous.text))
        indented = below.indent > 0.8 * self.size and (
            not same_column or below.indent > above.indent + 0.8 * self.size
        )
        if indented and (ended or short):
            return True
        return short and ended and below.size == above.size and same_column

    def _leaves_item(self, item: Unit, line: Line, previous: Line) -> bool:
        first, shape = item.lines[0].geometry, line.geometry
        if first is None or shape is None or previous.geometry is None:
            return False
        label = item.label.raw if item.label else ""
        text_start = first.x0 + (first.x1 - first.x0) * len(label) / max(len(item.lines[0].text), 1)
        if shape.x0 >= text_start - self.size:
            return False
        # Wrapped back under the label: still the item unless the item's text had ended.
        return previous.geometry.x1 < previous.geometry.right - 2 * self.size

    def _find_hanging_runs(self, lines: Sequence[Line]) -> None:
        """First lines of entries in runs set with hanging indents (reference lists).

        A run between headings is hanging when most of its lines are indented, nearly all by
        the same amount; an entry starts at a line that is not.
        """
        run: list[Line] = []
        for line in [*lines, None]:
            if line is not None and line.geometry and self.heading_level(line) is None:
                run.append(line)
                continue
            indents = [ln.geometry.indent for ln in run if ln.geometry]
            base = min(indents, default=0.0)
            indented = [x for x in indents if x > base + 0.8 * self.size]
            if len(run) >= 4 and len(indented) > 0.5 * len(run):
                hang = statistics.median(indented)
                steady = [x for x in indented if abs(x - hang) < 0.5 * self.size]
                if len(steady) >= 0.8 * len(indented):
                    self.hanging.update(id(ln) for ln in run)
                    self.entry_starts.update(
                        id(ln)
                        for ln in run
                        if ln.geometry and ln.geometry.indent < (base + hang) / 2
                    )
            run = []


def _pitch(lines: Sequence[Line], size: float) -> float:
    """The usual distance between two baselines of body text."""
    gaps = []
    for above, below in itertools.pairwise(lines):
        if above.geometry is None or below.geometry is None:
            continue
        gap = above.geometry.baseline - below.geometry.baseline
        if 0 < gap < 3 * size and abs(above.geometry.size - size) < 0.5:
            gaps.append(round(gap, 1))
    return statistics.median(gaps) if gaps else size * 1.2
