"""Typeset small journal-style PDFs with a known structure, for the PDF reader's tests.

A deliberately plain typesetter over reportlab's canvas: justified lines, superscript note
calls, notes below a short rule at the page foot (carried over to the next page when they do
not fit), running heads, printed page numbers from any start, one or two columns, hanging
list labels. In running text `{7}` is a note call and `\\n` forces a line break, so a test
can put a hyphenated word at a line end exactly where it wants one.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

BODY = ("Times-Roman", 10.0)
BOLD = "Times-Bold"
NOTE = ("Times-Roman", 8.0)
CALL_SIZE = 6.0
LEADING = 12.5
NOTE_LEADING = 10.0
MARGIN = 60.0
TOP = A4[1] - 80.0
BOTTOM = 80.0
_CALL = re.compile(r"\{([^}]+)\}")


@dataclass
class Block:
    """One typeset unit: kind is title, authors, heading, para, item or keywords."""

    kind: str
    text: str
    label: str = ""


@dataclass
class Paper:
    """What to typeset and how."""

    blocks: list[Block]
    notes: dict[str, str] = field(default_factory=dict)
    first_page: int | None = 113
    running_head: str = "Journal of Test Studies, Vol. 3, No. 2"
    columns: int = 1
    info_title: str | None = None
    info_author: str | None = None
    page_label_start: int | None = None
    encrypt_password: str | None = None
    # Where the printed number stands: "foot" (centred), "head" (closing the running head)
    # or "spaced" (centred, its digits letter-spaced: "1 1 3"); at `number_y` for "foot".
    number_style: str = "foot"
    number_y: float = 45.0
    bottom: float = BOTTOM  # where the text block ends (a book's leaves a wide foot)
    note_size: float = NOTE[1]  # some series set their notes in body type
    note_rule: bool = True  # the short rule over the notes
    unnumbered: frozenset[int] = frozenset()  # page indexes that print no number
    back_matter: list[str] = field(default_factory=list)  # lines of unnumbered end pages


@dataclass
class _Line:
    words: list[tuple[str, str, float]]  # (text, font, size) runs, calls marked by size
    x: float
    width: float
    justify: bool
    gap_before: float = 0.0
    label: str = ""


@dataclass
class _Page:
    body: list[tuple[int, float, _Line]] = field(default_factory=list)  # column, y, line
    notes: list[_Line] = field(default_factory=list)


def _runs(text: str, font: str, size: float) -> list[list[tuple[str, str, float]]]:
    """Words (each a list of runs) and forced breaks (an empty list) of some running text."""
    words: list[list[tuple[str, str, float]]] = []
    for chunk in text.replace("\n", " \n ").split(" "):
        if chunk == "\n":
            words.append([])
            continue
        if not chunk:
            continue
        runs: list[tuple[str, str, float]] = []
        for index, part in enumerate(_CALL.split(chunk)):
            if part:
                runs.append((part, font, CALL_SIZE if index % 2 else size))
        words.append(runs)
    return words


def _width(runs: list[tuple[str, str, float]]) -> float:
    return sum(stringWidth(text, font, size) for text, font, size in runs)


def _wrap(text: str, font: str, size: float, width: float, indent: float = 0) -> list[_Line]:
    lines: list[_Line] = []
    current: list[tuple[str, str, float]] = []
    used = 0.0
    space = stringWidth(" ", font, size)
    x = indent
    for word in _runs(text, font, size):
        if not word:
            lines.append(_Line(current, x, width - x, False))
            current, used, x = [], 0.0, 0.0
            continue
        needed = _width(word) + (space if current else 0)
        if current and used + needed > width - x:
            lines.append(_Line(current, x, width - x, True))
            current, used, x = [], 0.0, 0.0
            needed = _width(word)
        if current:
            current.append((" ", font, size))
        current.extend(word)
        used += needed
    if current:
        lines.append(_Line(current, x, width - x, False))
    return lines


def _draw_line(canvas: Canvas, line: _Line, x: float, y: float) -> None:
    natural = _width(line.words)
    spaces = sum(1 for text, _, _ in line.words if text == " ")
    extra = (line.width - natural) / spaces if line.justify and spaces else 0.0
    cursor = x + line.x
    if line.label:
        canvas.setFont(*BODY)
        canvas.drawString(x, y, line.label)
    for text, font, size in line.words:
        rise = 3.5 if size == CALL_SIZE else 0.0
        if text != " ":
            canvas.setFont(font, size)
            canvas.drawString(cursor, y + rise, text)
        cursor += stringWidth(text, font, size) + (extra if text == " " else 0.0)


class _Typesetter:
    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.full = A4[0] - 2 * MARGIN
        self.gutter = 20.0
        self.column_width = (self.full - self.gutter) / paper.columns
        self.pages: list[_Page] = [_Page()]
        self.column = 0
        self.y = TOP
        self.pending_notes: list[_Line] = []
        self.body_top = TOP

    def _note_height(self) -> float:
        page = self.pages[-1]
        if not page.notes:
            return 0.0
        return len(page.notes) * NOTE_LEADING + 14.0

    def _new_column(self) -> None:
        if self.column + 1 < self.paper.columns:
            self.column += 1
            self.y = self.body_top
            return
        self.pages.append(_Page())
        self.column = 0
        self.y = TOP
        self.body_top = TOP
        carried, self.pending_notes = self.pending_notes, []
        self._place_notes(carried)

    def _place_notes(self, lines: list[_Line]) -> None:
        """Put note lines on this page while they fit; carry the rest to the next page."""
        for index, line in enumerate(lines):
            floor = self.paper.bottom + self._note_height() + NOTE_LEADING
            lowest = min([self.y] + [y for col, y, _ in self.pages[-1].body if col != self.column])
            if lowest - LEADING < floor:
                self.pending_notes.extend(lines[index:])
                return
            self.pages[-1].notes.append(line)

    def add_line(self, line: _Line, full_width: bool = False, notes: list[str] = ()) -> None:
        self.y -= line.gap_before
        note_lines = [note_line for number in notes for note_line in self._note_lines(number)]
        room = (
            self.y - LEADING - (self.paper.bottom + self._note_height() + (NOTE_LEADING * 2 + 14))
        )
        if room < 0:
            self._new_column()
        self.y -= LEADING
        self.pages[-1].body.append((-1 if full_width else self.column, self.y, line))
        if full_width:
            self.body_top = self.y - LEADING
        if note_lines:
            self._place_notes(note_lines)

    def _note_lines(self, number: str) -> list[_Line]:
        text = self.paper.notes[number]
        if not text:
            return []  # a call whose note the "journal" forgot to print
        size = self.paper.note_size
        lines = _wrap(text, NOTE[0], size, self.full - 8, indent=0)
        lines[0].words[:0] = [(number, NOTE[0], CALL_SIZE), (" ", NOTE[0], size)]
        for line in lines:
            line.x += 8 if line is not lines[0] else 0
        return lines

    def typeset(self) -> list[_Page]:
        for block in self.paper.blocks:
            self._block(block)
        while self.pending_notes:
            self._new_column()
        return self.pages

    def _block(self, block: Block) -> None:
        width = self.column_width
        calls = _CALL.findall(block.text)
        if block.kind == "title":
            for line in _wrap(block.text, BOLD, 16, self.full):
                line.justify = False
                line.gap_before = 8
                self.add_line(line, full_width=True)
            return
        if block.kind == "authors":
            line = _wrap(block.text, BODY[0], 11, self.full)[0]
            line.gap_before = 10
            self.add_line(line, full_width=True)
            self.y -= 10
            return
        if block.kind == "heading":
            for index, line in enumerate(_wrap(block.text, BOLD, 11, width)):
                line.justify = False
                line.gap_before = 10 if index == 0 else 0
                self.add_line(line, full_width=self._full(block))
            return
        indent, hang = (12.0, 0.0) if block.kind in ("para", "keywords") else (0.0, 22.0)
        if block.kind == "item":
            lines = _wrap(block.text, BODY[0], BODY[1], width - hang)
            for line in lines:
                line.x += hang
            lines[0].label = block.label
            lines[0].gap_before = 3
        else:
            lines = _wrap(block.text, BODY[0], BODY[1], width, indent=indent)
        for line in lines:
            line_calls = [
                c for c in calls if any(t == c and s == CALL_SIZE for t, _, s in line.words)
            ]
            self.add_line(line, full_width=self._full(block), notes=line_calls)

    def _full(self, block: Block) -> bool:
        return self.paper.columns == 1 or block.kind in ("title", "authors")


def write_paper(paper: Paper, path: Path) -> Path:
    """Typeset `paper` into `path` and return the path."""
    pages = _Typesetter(paper).typeset()
    options = {}
    if paper.encrypt_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        options["encrypt"] = StandardEncryption(paper.encrypt_password, "owner-secret")
    canvas = Canvas(str(path), pagesize=A4, invariant=1, **options)
    if paper.info_title:
        canvas.setTitle(paper.info_title)
    if paper.info_author:
        canvas.setAuthor(paper.info_author)
    if paper.page_label_start is not None:
        canvas.addPageLabel(0, style="D", start=paper.page_label_start)
    for index, page in enumerate(pages):
        printed = None
        if paper.first_page is not None and index not in paper.unnumbered:
            printed = str(paper.first_page + index)
        canvas.setFont("Times-Italic", 8)
        head = paper.running_head
        if printed is not None and paper.number_style == "head":
            head = f"{head}    {printed}"
        canvas.drawString(MARGIN, A4[1] - 45, head)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, A4[1] - 50, A4[0] - MARGIN, A4[1] - 50)
        for column, y, line in page.body:
            x = MARGIN if column <= 0 else MARGIN + column * (_column_width(paper) + 20)
            _draw_line(canvas, line, x, y)
        if page.notes:
            top = paper.bottom + len(page.notes) * NOTE_LEADING + 4
            if paper.note_rule:
                canvas.line(MARGIN, top, MARGIN + 90, top)
            for number, line in enumerate(page.notes):
                _draw_line(canvas, line, MARGIN, top - 10 - number * NOTE_LEADING)
        if printed is not None and paper.number_style != "head":
            canvas.setFont(*NOTE)
            text = " ".join(printed) if paper.number_style == "spaced" else printed
            canvas.drawCentredString(A4[0] / 2, paper.number_y, text)
        canvas.showPage()
    for _ in range(2 if paper.back_matter else 0):
        canvas.setFont(*BODY)
        for row, text in enumerate(paper.back_matter):
            canvas.drawString(MARGIN, TOP - row * LEADING, text)
        canvas.showPage()
    canvas.save()
    return path


def _column_width(paper: Paper) -> float:
    return (A4[0] - 2 * MARGIN - 20.0) / paper.columns


def write_image_only_pdf(path: Path) -> Path:
    """A one-page PDF whose only content is an 8x8 grey image, like an un-OCRed scan."""
    pixels = zlib.compress(bytes((x * 16 + y * 8) % 256 for x in range(8) for y in range(8)))
    content = b"q 400 0 0 600 100 100 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(pixels)
        + pixels
        + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
