"""The one stream every reader produces: printed lines, with geometry where the source has it.

A reader's job ends here. It says what it saw (a line's text with its note calls in place, the
cues of its print: a new text box, padding after a sentence, the line's place and type on the
page) and what it set aside as page furniture or left out; `builder` alone decides what the
lines are (title, heading, paragraph, list item, note), so a fix there helps text and PDF alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from corpus_site.model import Diagnostic, SourceText


@dataclass(frozen=True)
class Call:
    """A footnote call printed (raised) after the text before it."""

    label: str
    where: int = 0  # the source line (text) or PDF page (PDF) it was printed on


@dataclass(frozen=True)
class Geometry:
    """Where and how a line is printed; only PDF sources know it."""

    page: int  # 1-based page of the PDF file
    x0: float
    x1: float
    baseline: float
    size: float  # the line's body type size, in points
    bold: bool
    italic: bool
    margin: float  # left edge of the line's column
    right: float  # right edge of the line's column
    unraised: str = ""  # the text without its small raised glyphs (note marks, superscripts)

    @property
    def indent(self) -> float:
        return self.x0 - self.margin


@dataclass
class Line:
    """One printed line: its text pieces with calls in place, and the cues of its print."""

    parts: list[str | Call]
    where: int  # the source line (text) or PDF page (PDF)
    geometry: Geometry | None = None
    note: bool = False  # printed in the notes area of its page
    # Text cues (pdfminer-style text has no geometry; these stand in for it):
    new_box: bool = False  # the line opened a new text box
    ends_paragraph: bool = False  # sentence end plus padding: the paragraph ends here
    after_call: bool = False  # the rest of a printed line that a note call interrupted
    padded: bool = False  # the raw line ended in whitespace
    # A PDF knows which line a page begins with; the printed number of that page:
    page_start: str | None = None
    # A label opening a note body here ("12"), how many characters of the text it takes,
    # or None: the reader proposes it, the builder accepts it in sequence.
    note_label: str | None = None
    note_label_length: int = 0

    @cached_property
    def text(self) -> str:
        """The text, spaces collapsed (read often: cached; `parts` do not change)."""
        return " ".join("".join(p for p in self.parts if isinstance(p, str)).split())

    @property
    def raw_text(self) -> str:
        """The text as printed, spaces at either edge kept (cues for joining)."""
        return "".join(p for p in self.parts if isinstance(p, str))


@dataclass(frozen=True)
class Break:
    """A paragraph break the source marks (pdfminer's whitespace-only line)."""

    where: int


@dataclass(frozen=True)
class PageStart:
    """A printed page number seen between lines (text sources): the page begins here."""

    page: str
    where: int


@dataclass(frozen=True)
class NoteStart:
    """The source opens a note body here: `label` its number, None for an author note."""

    label: str | None
    where: int


Token = Line | Break | PageStart | NoteStart | Call


@dataclass
class Stream:
    """The tokens of one source, plus what its reader set aside and why."""

    tokens: list[Token]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Source lines (text) that are page furniture: running heads, page numbers, link repeats.
    artefact_lines: list[int] = field(default_factory=list)
    # PDF pages: (printed number, page of the file) pairs, and the printed numbers in order.
    pdf_pages: list[tuple[str, int]] = field(default_factory=list)
    page_markers: list[str] = field(default_factory=list)
    # The body type size (PDF), so the builder can tell larger and smaller type.
    body_size: float = 0.0
    # (page, text) of what a PDF reader set aside: page furniture (running heads, page
    # numbers, cover sheets) and text left out (table and chart figures).
    furniture: list[tuple[int, str]] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)
    source_text: SourceText | None = None
    # What a PDF's first pages and info dictionary print about it (`pdf_front`).
    front_fields: dict[str, str] = field(default_factory=dict)
    # The title a repository's cover sheet prints, when the PDF has one.
    cover_title: str | None = None

    @property
    def lines(self) -> list[Line]:
        return [token for token in self.tokens if isinstance(token, Line)]
