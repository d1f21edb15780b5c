"""Read pdfminer-style text: tell body lines from print artefacts before any reflowing.

pdfminer's `extract_text` output has a recognisable grammar: printed lines are separated by one
empty line, whitespace-only lines separate paragraphs, a line opening with a space starts a new
text box, a superscript footnote call lands on a line of its own glued to the line it follows
(no empty line between), and a page ends with a long blank "rule" line, the notes, the running
head and the page number. This module turns those cues into the stream of lines every reader
produces (`lines.py`); the one builder (`builder.py`) makes the document of it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from corpus_site.errors import SourceError
from corpus_site.extract.lines import Break, Call, Line, NoteStart, PageStart, Stream, Token
from corpus_site.model import Diagnostic, Document

# A whitespace-only line at least this long is the rule above a page's footnotes.
RULE_MIN_SPACES = 20
_DIGITS = re.compile(r"\d{1,4}")
_URL_START = re.compile(r"(?:https?://|www\.)\S*$")
# Symbols that open an author note instead of a numbered footnote (private-use glyphs included).
_NOTE_SYMBOLS = re.compile(r"[*\u2020\u2021\u00a7\ue000-\uf8ff]+")
MAX_RUNNING_HEAD_CHARS = 80
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?\s*$")
_URL_GLUE = ("/", "-", "?", "&", "#", "=", ".", "_")


def decode_source(data: bytes, path: Path) -> str:
    """Decode a text source; refuse binary data instead of rendering garbage."""
    if not data.strip():
        raise SourceError(path, "the file is empty; add the paper's text or remove the file")
    if b"\x00" in data[:8192]:
        raise SourceError(path, "binary data in a text file; is this really extracted text?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, "not UTF-8 text; re-save the file as UTF-8 (iconv -t UTF-8)", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, journal: str | None = None, language: str | None = None) -> Document:
    """Read one pdfminer-style text file into a Document, in `language` (else detected)."""
    from corpus_site.extract.builder import build_document
    from corpus_site.extract.language import detect_language

    text = decode_source(path.read_bytes(), path)
    return build_document(scan(text, journal=journal), language or detect_language(text))


def _is_blank(line: str) -> bool:
    return line == ""


def _is_space(line: str) -> bool:
    return line != "" and line.strip() == ""


def _is_rule(line: str) -> bool:
    return _is_space(line) and len(line) >= RULE_MIN_SPACES


def _running_heads(lines: list[str], journal: str | None) -> set[str]:
    """Short lines printed beside a page number that recur, or that name the journal."""
    counts = Counter(line.strip() for line in lines if line.strip())
    heads: set[str] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for position, index in enumerate(nonblank):
        if not _DIGITS.fullmatch(lines[index].strip()):
            continue
        for neighbour in (position - 1, position + 1):
            if not 0 <= neighbour < len(nonblank):
                continue
            candidate = lines[nonblank[neighbour]].strip()
            if (
                len(candidate) <= MAX_RUNNING_HEAD_CHARS
                and not _DIGITS.fullmatch(candidate)
                and candidate[-1:] not in ".,;:"
                and (counts[candidate] >= 2 or candidate == (journal or "").strip())
            ):
                heads.add(candidate)
    return heads


def scan(text: str, journal: str | None = None) -> Stream:
    """Split pdfminer-style text into body lines, breaks, calls, pages and notes."""
    lines = text.split("\n")
    heads = _running_heads(lines, journal)
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    short_line = 0.6 * lengths[len(lengths) // 2] if lengths else 0.0
    tokens: list[Token] = []
    artefacts: list[int] = []
    diagnostics: list[Diagnostic] = []
    in_notes = False
    swallow_space = False  # the rest of a printed line after a call is not a paragraph break
    last_page = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        stripped = line.strip()
        glued = index > 0 and not _is_blank(lines[index - 1])
        index += 1
        if _is_blank(line):
            continue
        if stripped in heads:
            artefacts.append(number)
            in_notes = False
            continue
        # A number standing alone between empty lines, outside the notes: a page number.
        if (
            _DIGITS.fullmatch(stripped)
            and not glued
            and (not in_notes or _next_is_head(lines, index, heads))
            and int(stripped) > last_page
        ):
            tokens.append(PageStart(stripped, number))
            artefacts.append(number)
            last_page = int(stripped)
            in_notes = False
            swallow_space = False
            continue
        if _is_rule(line):
            in_notes = True
            continue
        if in_notes:
            _scan_note_line(tokens, line, number, glued, diagnostics)
            continue
        if _is_space(line):
            if swallow_space:
                swallow_space = False
            else:
                tokens.append(Break(number))
            continue
        previous_text = lines[index - 2].strip() if index >= 2 else ""
        if _DIGITS.fullmatch(stripped) and glued and previous_text:
            tokens.append(Call(stripped, number))
            swallow_space = True
            continue
        tokens.append(
            Line(
                [stripped],
                number,
                new_box=line.startswith(" "),
                ends_paragraph=_ends_paragraph(line, short_line, lines[index : index + 1]),
                after_call=swallow_space,
            )
        )
        swallow_space = False
    _drop_url_repeats(tokens, artefacts)
    pages = [token.page for token in tokens if isinstance(token, PageStart)]
    return Stream(tokens, diagnostics, sorted(artefacts), page_markers=pages)


def _ends_paragraph(line: str, short_line: float, following: list[str]) -> bool:
    """Sentence end plus padding, or a short line closing a sentence: the paragraph ends.

    A short line followed by a footnote call does not count: the call belongs to it and the
    paragraph usually goes on.
    """
    if not _SENTENCE_END.search(line):
        return False
    if len(line) - len(line.rstrip()) >= 2:  # padding (a regex here is quadratic on spaces)
        return True
    next_is_call = bool(following) and bool(_DIGITS.fullmatch(following[0].strip()))
    return len(line.strip()) < short_line and not next_is_call


def _next_is_head(lines: list[str], index: int, heads: set[str]) -> bool:
    """Whether a running head sits right next to the number starting at `index`."""
    before = [line.strip() for line in lines[: index - 1] if line.strip()][-1:]
    after = [line.strip() for line in lines[index : index + 4] if line.strip()][:1]
    return any(candidate in heads for candidate in before + after)


def _scan_note_line(
    tokens: list[Token], line: str, number: int, glued: bool, diagnostics: list[Diagnostic]
) -> None:
    """Collect the footnote area of a page: numbers open notes, other lines extend them."""
    stripped = line.strip()
    if not stripped:
        return
    if _DIGITS.fullmatch(stripped):
        tokens.append(NoteStart(stripped, number))
        return
    if _NOTE_SYMBOLS.fullmatch(stripped):
        tokens.append(NoteStart(None, number))
        return
    if not tokens or not isinstance(tokens[-1], NoteStart | Line) or not _in_note(tokens[-1]):
        diagnostics.append(
            Diagnostic(number, "text below the footnote rule with no note number; kept as a note")
        )
        tokens.append(NoteStart(None, number))
    tokens.append(
        Line([line], number, note=True, new_box=line.startswith(" "), padded=line.endswith(" "))
    )


def _in_note(token: Token) -> bool:
    return isinstance(token, NoteStart) or (isinstance(token, Line) and token.note)


def _drop_url_repeats(tokens: list[Token], artefacts: list[int]) -> None:
    """Remove the whole-URL lines that a PDF's link annotations repeat after a note.

    The note already carries the URL (split over lines); the repeats are annotation text.
    """
    kept: list[Token] = []
    note: list[str] = []
    for token in tokens:
        if isinstance(token, NoteStart):
            note = []
        elif isinstance(token, Line) and token.note:
            candidate = token.raw_text.strip()
            if _URL_START.match(candidate) and candidate in join_note_lines(note):
                artefacts.append(token.where)
                continue
            note.append(token.raw_text)
        kept.append(token)
    tokens[:] = kept


def join_note_lines(lines: list[str]) -> str:
    """Join a note's printed lines; a URL broken at a line end is rejoined without a space."""
    text = ""
    for raw in lines:
        piece = raw.strip()
        if not piece:
            continue
        last_token = text.rsplit(" ", 1)[-1] if text else ""
        url_continues = (
            bool(_URL_START.match(last_token))
            and not raw.startswith(" ")
            and not text.endswith(" ")
            and " " not in piece.split("/", 1)[0]
            and (piece.startswith(_URL_GLUE) or last_token.endswith(_URL_GLUE))
        )
        if not text:
            text = piece
        elif url_continues:
            text = text.rstrip() + piece
        else:
            text = f"{text.rstrip()} {piece}"
        if raw.endswith(" "):
            text += " "
    return " ".join(text.split())
