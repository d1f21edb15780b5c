"""A unit's printed lines -> one run of inlines: text reflowed, calls and page starts in place.

One joiner for every source: line-end hyphens are undone (see `hyphenation`), a URL broken at a
line end is rejoined without a space, a dash at a line end keeps its word attached, and the
text after a note call keeps the call's punctuation ("power,1 and" -> call then ", and").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus_site.extract.hyphenation import Vocabulary, join_line_end_hyphen
from corpus_site.extract.lines import Call, Line, PageStart
from corpus_site.model import FootnoteRef, Inline, PageMarker, Text

_URL_GLUE = ("/", "-", "?", "&", "#", "=", ".", "_")
_AFTER_CALL_GLUE = ",.;:)]!?\u2019\u201d"
_OPENING = "([{\"'\u201c\u2018"


class Joiner:
    """Reflows units; `size` is the body type size (geometry) for telling full lines."""

    def __init__(self, vocabulary: Vocabulary, size: float = 0.0, language: str = "en") -> None:
        self.vocabulary = vocabulary
        self.size = size
        self.language = language

    def inlines(
        self, parts: Sequence[Line | Call | PageStart], pages_before: Sequence[str], skip: int = 0
    ) -> tuple[Inline, ...]:
        """The inlines of `parts`; `skip` characters of the first line (a list label) dropped."""
        out: list[Inline | _Run] = [PageMarker(page) for page in pages_before]
        previous: Line | None = None
        first = True
        for part in parts:
            if isinstance(part, Call):
                out.append(FootnoteRef(part.label))
            elif isinstance(part, PageStart):
                _end_with_space(out)
                out.append(PageMarker(part.page))
            else:
                pieces = list(part.parts)
                if first and skip:
                    pieces = _drop_prefix(pieces, skip)
                first = False
                self._line(out, pieces, part, previous)
                previous = part
        return finish(out)

    def _line(
        self,
        out: list[Inline | _Run],
        pieces: list[str | Call],
        line: Line,
        previous: Line | None,
    ) -> None:
        page = line.page_start
        opened = False
        for piece in pieces:
            if isinstance(piece, Call):
                out.append(FootnoteRef(piece.label))
                continue
            text = " ".join(piece.split())
            if not opened:
                if not text:
                    continue
                self._join(out, text, line, previous, page)
                page = None
                opened = True
                continue
            if piece[:1].isspace():
                text = " " + text
            if piece[-1:].isspace() and text.strip():
                text += " "
            _append_text(out, text)
        if page is not None:
            out.append(PageMarker(page))

    def _join(
        self,
        out: list[Inline | _Run],
        text: str,
        line: Line,
        previous: Line | None,
        page: str | None,
    ) -> None:
        """Append a new printed line's text to what came before it.

        A page that begins with this line gets its marker after the first word when a
        hyphenated word spans the page break, otherwise before the line.
        """
        marker: list[Inline | _Run] = [PageMarker(page)] if page is not None else []
        run = out[-1] if out else None
        if not isinstance(run, _Run):
            if isinstance(run, FootnoteRef):
                glue = "" if text[0] in _AFTER_CALL_GLUE else " "
                out.extend([*marker, _Run(glue + text)])
            else:
                out.extend([*marker, _Run(text)])
            return
        # Only the end of the text so far is looked at: a paragraph costs linear time.
        before = run.tail()
        stripped = before.rstrip()
        run.cut(len(before) - len(stripped))
        word = stripped.rpartition(" ")[2]
        if _hyphenated(stripped, text) and not _is_url(word):
            lead = len(word) - len(word.lstrip(_OPENING))
            right, _, rest = text.partition(" ")
            joined = word[:lead] + join_line_end_hyphen(
                word[lead:], right, self.vocabulary, self.language
            )
            run.cut(len(word))
            run.add(joined)
            tail = " " + rest if rest else ""
            if marker:
                out.extend([*marker, _Run(tail)])
            else:
                run.add(tail)
            return
        # "HICSS-" + "38", "1990-" + "95": a hyphen before a number is the word's own.
        dash = stripped.endswith(("\u2013", "\u2014")) and not stripped[-2:-1].isspace()
        dash = dash or (stripped.endswith("-") and stripped[-2:-1].isalnum() and text[0].isdigit())
        glue = "" if dash or self._url_goes_on(word, before, text, line, previous) else " "
        if not stripped:
            glue = ""
        run.add(glue)
        if marker:
            out.extend([*marker, _Run(text)])
        else:
            run.add(text)

    def _url_goes_on(
        self, word: str, before: str, text: str, line: Line, previous: Line | None
    ) -> bool:
        """Whether a URL ending the text so far continues on `line`.

        Geometry says whether the line above was full (a URL broken by the line end); text
        says whether the new line opened a new text box or the old one ended in padding.
        """
        if not _is_url(word) or word.endswith((")", "]", ",", ";", '"', "\u201d")):
            return False
        shape = previous.geometry if previous else None
        if shape is not None:
            full = shape.x1 > shape.right - self.size
            fresh = re.match(r"[A-Z][a-z]", text) is not None
            return word.endswith(_URL_GLUE) or text.startswith(_URL_GLUE) or (full and not fresh)
        if line.new_box or before.endswith(" ") or (previous is not None and previous.padded):
            return False
        return " " not in text.split("/", 1)[0] and (
            text.startswith(_URL_GLUE) or word.endswith(_URL_GLUE)
        )


def _hyphenated(before: str, text: str) -> bool:
    return before.endswith("-") and before[-2:-1].isalpha() and text[:1].isalpha()


def _is_url(word: str) -> bool:
    return "://" in word or word.lstrip(_OPENING).startswith("www.")


class _Run:
    """Text being reflowed, kept as chunks and joined once (`finish`): appending to one
    growing string would copy the whole paragraph for every printed line."""

    __slots__ = ("chunks",)

    def __init__(self, text: str = "") -> None:
        self.chunks = [text] if text else []

    def add(self, text: str) -> None:
        if text:
            self.chunks.append(text)

    def tail(self, size: int = 1024) -> str:
        """The last `size` characters (all, if fewer), made the last chunk."""
        total, index = 0, len(self.chunks)
        while index > 0 and total < size:
            index -= 1
            total += len(self.chunks[index])
        merged = "".join(self.chunks[index:])
        # Split off what lies before the tail, so the tail chunk never grows.
        head, end = merged[:-size], merged[-size:]
        self.chunks[index:] = [chunk for chunk in (head, end) if chunk]
        return end

    def cut(self, count: int) -> None:
        """Drop the last `count` characters."""
        while count > 0 and self.chunks:
            last = self.chunks[-1]
            if len(last) <= count:
                count -= len(last)
                self.chunks.pop()
            else:
                self.chunks[-1] = last[:-count]
                count = 0

    def text(self) -> str:
        return "".join(self.chunks)


def _end_with_space(out: list[Inline | _Run]) -> None:
    if out and isinstance(out[-1], _Run):
        run = out[-1]
        before = run.tail(1)
        run.cut(len(before) - len(before.rstrip()))
        run.add(" ")


def _append_text(out: list[Inline | _Run], text: str) -> None:
    if out and isinstance(out[-1], _Run):
        out[-1].add(text)
    elif text:
        out.append(_Run(text))


def _drop_prefix(pieces: list[str | Call], count: int) -> list[str | Call]:
    out: list[str | Call] = []
    for piece in pieces:
        if count > 0 and isinstance(piece, str):
            stripped = piece.lstrip()
            taken = min(count, len(stripped))
            piece = stripped[taken:].lstrip()
            count -= taken
        elif count > 0 and isinstance(piece, Call):
            count -= len(piece.label)
            continue
        out.append(piece)
    return [piece for piece in out if isinstance(piece, Call) or piece]


def finish(out: Sequence[Inline | _Run]) -> tuple[Inline, ...]:
    """Adjacent texts merged, runs of spaces collapsed, no space at either end."""
    merged: list[Inline] = []
    for piece in out:
        part = Text(piece.text()) if isinstance(piece, _Run) else piece
        if isinstance(part, Text):
            text = re.sub(r"\s\s+", " ", part.text)
            if merged and isinstance(merged[-1], PageMarker):
                text = text.lstrip()  # the writer puts its own space after a marker
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(re.sub(r"\s\s+", " ", merged[-1].text + text))
                continue
            part = Text(text)
        elif isinstance(part, PageMarker) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text.rstrip())  # the writer puts a space before it
        merged.append(part)
    if merged and isinstance(merged[0], Text):
        merged[0] = Text(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Text):
        merged[-1] = Text(merged[-1].text.rstrip())
    return tuple(part for part in merged if not (isinstance(part, Text) and not part.text))


def plain(inlines: Sequence[Inline]) -> str:
    """The text of some inlines, calls and markers left out."""
    return "".join(part.text for part in inlines if isinstance(part, Text)).strip()
