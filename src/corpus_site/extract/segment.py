"""Lines -> units: which lines form one heading, paragraph or list item.

One loop for every source. What a line's print says is asked of an evidence object: the cues of
pdfminer-style text (text boxes, padding, title case against the width of a full line) or the
geometry of a PDF (type size and weight, indents, gaps, hanging indents). Lists, note calls and
page starts are handled the same way whatever the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from corpus_site.extract.lines import Break, Call, Line, NoteStart, PageStart, Token
from corpus_site.extract.lists import ListLabel, parse_label
from corpus_site.model import Diagnostic

SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "or", "per", "the", "to", "via", "vs", "with"}
)
# "3.1 Title", "3.1. Title", "IV. Title", and "3.1) Title" as some German series number them.
NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*|[IVXLC]+)(?:\.|(?<=\.\d)\))?\s+(?P<title>\S.*)$")
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+")
# A caption ("Table 2", "Abbildung 1: …", "Tab. 3") is no heading, in English or German.
CAPTION = re.compile(
    r"^(?:table|tab\.|figure|fig\.|chart|graph|map|exhibit|abb\.|abbildung|tabelle|grafik|"
    r"schaubild|übersicht|diagramm)\s*\d",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?:][\"'\u201d\u2019)]?$")
_CLOSING = "\"'\u201d\u2019)]"
MAX_HEADING_WORDS = 12  # a heading set in body type (text cues)
MAX_HEADING_LINES = 3
MAX_STYLED_HEADING_WORDS = 14  # a heading set in larger or bold type (geometry)
MAX_ITALIC_HEADING_WORDS = 10

Part = Line | Call | PageStart


@dataclass
class Unit:
    """Lines (and the calls and page starts between them) that become one block."""

    kind: str  # heading | para | item
    lines: list[Line] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    label: ListLabel | None = None
    level: int = 2
    pages_before: list[str] = field(default_factory=list)
    keywords_heading: bool = False  # printed under a separate "Keywords" heading

    @property
    def first_line(self) -> int:
        return self.lines[0].where if self.lines else 0

    @property
    def page(self) -> int | None:
        """The PDF page the unit starts on, when the source knows pages."""
        geometry = self.lines[0].geometry if self.lines else None
        return geometry.page if geometry else None

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.parts.append(line)


def is_title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'\u2019\-]*", text)
    significant = [w for w in words if w.lower() not in SMALL_WORDS]
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
    return is_title_case(bare)


def opening(text: str) -> str:
    """The text from its first letter or digit: a heading may open with a quotation mark
    ("“Groupwork” between Innovation and Recurrence")."""
    return text.lstrip("\"'“”„‘’‚«»‹›([")


def ends_with_small_word(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1].lower() in SMALL_WORDS


class Evidence(Protocol):
    """What the print says about a line; the one place text and PDF sources differ."""

    def heading_level(self, line: Line, fresh: bool, following: Token | None) -> int | None:
        """The heading level `line` opens (2 = section), or None; `fresh`: no open unit."""
        ...

    def continues_heading(self, heading: Unit, previous: Line, line: Line) -> bool: ...

    def breaks(self, unit: Unit, previous: Line, line: Line) -> bool:
        """Whether `line` starts a new paragraph after `previous` in `unit`."""
        ...


class TextCues:
    """Evidence of pdfminer-style text: text boxes, padding and the width of a full line."""

    def __init__(self, lines: Sequence[Line]) -> None:
        lengths = sorted(len(line.text) for line in lines)
        # The width of a full body line; headings are clearly shorter than it.
        self.full_width = float(lengths[int(len(lengths) * 0.9)]) if lengths else 60.0

    def heading_level(self, line: Line, fresh: bool, following: Token | None) -> int | None:
        if not (fresh or line.new_box) or not heading_like(line.text, self.full_width):
            return None
        # A short title-case line ending in "and"/"of" is a heading only if another
        # heading-like line completes it; otherwise it is the first line of a paragraph.
        if ends_with_small_word(line.text):
            completed = isinstance(following, Line) and heading_like(
                following.text, self.full_width
            )
            return 2 if completed else None
        return 2

    def continues_heading(self, heading: Unit, previous: Line, line: Line) -> bool:
        return not (
            line.new_box
            or len(heading.lines) >= MAX_HEADING_LINES
            or not heading_like(line.text, self.full_width)
        )

    def breaks(self, unit: Unit, previous: Line, line: Line) -> bool:
        return False  # text marks its breaks itself (`Break`, `ends_paragraph`)


def segment(
    tokens: Sequence[Token], evidence: Evidence, diagnostics: list[Diagnostic]
) -> list[Unit]:
    """The body's units, in order; note tokens are left to `notes`."""
    units: list[Unit] = []
    current: Unit | None = None
    previous: Line | None = None
    pending: list[PageStart] = []
    open_label: ListLabel | None = None  # the last item's label since the last heading

    def close() -> None:
        nonlocal current, previous
        if current is not None:
            units.append(current)
        current, previous = None, None

    for position, token in enumerate(tokens):
        if isinstance(token, Break):
            close()
        elif isinstance(token, NoteStart) or (isinstance(token, Line) and token.note):
            continue
        elif isinstance(token, PageStart):
            if current is not None:
                current.parts.append(token)
            else:
                pending.append(token)
        elif isinstance(token, Call):
            if current is not None:
                current.parts.append(token)
            else:
                diagnostics.append(
                    Diagnostic(token.where, f"footnote call {token.label} before any text")
                )
        else:
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            opened = _place(token, current, previous, open_label, evidence, following)
            if opened is not None:
                close()
                opened.pages_before = [page.page for page in pending]
                if token.page_start is not None:  # a PDF page begins with the unit
                    opened.pages_before.append(token.page_start)
                    token.page_start = None
                pending = []
                current = opened
                if opened.kind != "para":  # the list items may continue after a paragraph
                    open_label = opened.label
            assert current is not None
            current.add(token)
            previous = token
            if token.ends_paragraph:
                close()
    close()
    if pending:
        if units:
            units[-1].parts.extend(pending)
        else:
            for page in pending:
                diagnostics.append(Diagnostic(page.where, "page number with no text"))
    return units


def _place(
    line: Line,
    current: Unit | None,
    previous: Line | None,
    open_label: ListLabel | None,
    evidence: Evidence,
    following: Token | None,
) -> Unit | None:
    """The new unit `line` opens, or None when it goes on with `current`."""
    if current is not None and previous is not None:
        if line.after_call:
            return None
        if current.kind == "heading":
            if evidence.continues_heading(current, previous, line):
                return None
            return _open(line, open_label, evidence, True, following)
        opened = _open(line, open_label, evidence, False, following)
        if opened.kind != "para" or evidence.breaks(current, previous, line):
            return opened
        return None
    return _open(line, open_label, evidence, True, following)


def _open(
    line: Line,
    open_label: ListLabel | None,
    evidence: Evidence,
    fresh: bool,
    following: Token | None,
) -> Unit:
    label = _label(line, open_label, fresh)
    level = evidence.heading_level(line, fresh, following)
    if level is not None and (label is None or label.style == "arabic"):
        return Unit("heading", level=level)
    if label is not None:
        return Unit("item", label=label)
    return Unit("para")


def _label(line: Line, open_label: ListLabel | None, fresh: bool) -> ListLabel | None:
    """The list label `line` opens an item with: a first item, or the next of the open list."""
    label = parse_label(line.text)
    if label is None or label.style == "bullet" or label.is_first:
        return label
    if open_label is not None and label.follows(open_label):
        return label
    return label if fresh and line.geometry is None else None
