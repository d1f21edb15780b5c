"""Measure that nothing was lost: the share of a source's words that reach its page, in order.

The page's visible text is compared word by word with the source (minus what the reader set
aside as print artefacts: running heads, page numbers, repeated link URLs). Notes are compared
separately, since a page shows them at the end rather than where the source printed them.

`measure_html` works on a page's HTML: the build hands it what MkDocs made of the page, so the
page is not rendered twice. `measure_paper` (for `corpus-site check`, which has no MkDocs)
renders the page with Python-Markdown and the site's extensions first.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import markdown as python_markdown

from corpus_site.extract.lines import Call, Line, NoteStart
from corpus_site.extract.text import decode_source, scan
from corpus_site.model import Document, PaperMeta
from corpus_site.pages.markdown import render_document

if TYPE_CHECKING:
    from corpus_site.model import Paper

EXTENSIONS = ["attr_list", "footnotes", "admonition", "abbr", "toc"]
# `corpus-site build --strict` and `check --strict` fail a paper keeping fewer of its words.
FIDELITY_THRESHOLD = 0.999
_NOTE_CLASSES = {"footnote", "author-note", "uncalled-notes"}
_VOID = {"br", "hr", "img", "input", "meta", "link"}
# Text around these runs on ("<a>US</a>-led" is one word); any other tag separates words, so a
# footnote call (`<sup>`) does not join the number to the word before it.
_INLINE = {"a", "abbr", "b", "code", "em", "i", "mark", "s", "small", "span", "strong", "u"}


@dataclass(frozen=True)
class Fidelity:
    """How many source words were expected, and how many reached the page in order."""

    expected: int
    kept: int

    @property
    def share(self) -> float:
        return self.kept / self.expected if self.expected else 1.0


def words(text: str) -> list[str]:
    """Comparable words: lower case, hyphens and line-end splits ignored."""
    text = re.sub(r"-[ \t]*\n\s*", "", text)
    text = text.replace("-", "").replace("\u00ad", "")
    return re.findall(r"\w+", text.lower())


class _VisibleText(HTMLParser):
    """Collects the text a reader sees, split into body and notes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body: list[str] = []
        self.notes: list[str] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._separate(tag)
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        ids = dict(attrs).get("id") or ""
        in_notes = bool(self._stack and self._stack[-1])
        self._stack.append(in_notes or bool(classes & _NOTE_CLASSES) or ids == "uncalled-notes")

    def handle_endtag(self, tag: str) -> None:
        self._separate(tag)
        if self._stack and tag not in _VOID:
            self._stack.pop()

    def _separate(self, tag: str) -> None:
        if tag not in _INLINE:
            self.body.append(" ")
            self.notes.append(" ")

    def handle_data(self, data: str) -> None:
        (self.notes if self._stack and self._stack[-1] else self.body).append(data)


def visible_text(page_markdown: str) -> tuple[str, str]:
    """The page's visible (body, notes) text as Python-Markdown renders it."""
    return html_text(python_markdown.markdown(page_markdown, extensions=EXTENSIONS))


def html_text(html: str) -> tuple[str, str]:
    """The visible (body, notes) text of a page's HTML."""
    parser = _VisibleText()
    parser.feed(html)
    return "".join(parser.body), "".join(parser.notes)


def _kept(expected: list[str], seen: list[str]) -> int:
    """How many words of `expected` appear in `seen` in the same order.

    Words, and runs of ANCHOR_RUN words, that occur once in each are matched first (patience
    diff: the longest chain of them in the same order), and only the short stretches between
    those anchors go to difflib, which is quadratic: on a whole paper about a second for 5,000
    words, minutes for 150,000, against milliseconds here. Runs are what anchor a long paper
    whose every word recurs.
    """
    total, start_e, start_s = 0, 0, 0
    for i, j in [*_anchors(expected, seen), (len(expected), len(seen))]:
        part, other = expected[start_e:i], seen[start_s:j]
        if part == other:  # most stretches: what difflib would find, without it
            total += len(part)
        elif part and other:
            matcher = difflib.SequenceMatcher(None, part, other, False)
            total += sum(block.size for block in matcher.get_matching_blocks())
        total += i < len(expected)
        start_e, start_s = i + 1, j + 1
    return total


ANCHOR_RUN = 6


def _unique_starts(items: list[str], size: int) -> dict[tuple[str, ...], int]:
    """Each run of `size` items that occurs once in `items`, with where it starts."""
    counts: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], int] = {}
    for start in range(len(items) - size + 1):
        run = tuple(items[start : start + size])
        counts[run] += 1
        first.setdefault(run, start)
    return {run: first[run] for run, count in counts.items() if count == 1}


def _anchors(expected: list[str], seen: list[str]) -> list[tuple[int, int]]:
    """Positions (i, j) that surely match: a word, or the first word of a run of ANCHOR_RUN
    words, unique in both lists; the longest chain of them in the same order."""
    found: dict[int, int] = {}
    for size in (ANCHOR_RUN, 1):  # a unique word wins over a run starting at the same word
        in_seen = _unique_starts(seen, size)
        for run, i in _unique_starts(expected, size).items():
            if run in in_seen:
                found[i] = in_seen[run]
    pairs = sorted(found.items())
    # Longest increasing subsequence of the `seen` positions (patience sorting).
    tails: list[int] = []  # tails[k]: index in `pairs` ending the best chain of length k + 1
    ends: list[int] = []  # ends[k]: the `seen` position of pairs[tails[k]]
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(ends, j)
        previous[index] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(index)
            ends.append(j)
        else:
            tails[k] = index
            ends[k] = j
    chain: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def source_words(source: bytes, meta: PaperMeta) -> tuple[list[str], list[str]]:
    """The (body, notes) words of a pdfminer-style text source that its page must show."""
    text = decode_source(source, Path(meta.source))
    scanned = scan(text, journal=meta.journal)
    note_lines: set[int] = set()
    call_lines: set[int] = set()
    for token in scanned.tokens:
        if isinstance(token, NoteStart) or (isinstance(token, Line) and token.note):
            note_lines.add(token.where)
        elif isinstance(token, Call):
            call_lines.add(token.where)
    set_aside = set(scanned.artefact_lines) | call_lines
    not_body = set_aside | note_lines
    lines = text.split("\n")
    body_source = "\n".join(line for number, line in enumerate(lines, 1) if number not in not_body)
    note_source = "\n".join(
        line
        for number, line in enumerate(lines, 1)
        if number in note_lines and number not in set_aside and not line.strip().isdigit()
    )
    return words(body_source), words(note_source)


def measure_html(source: bytes, meta: PaperMeta, html: str) -> Fidelity:
    """Fidelity of a pdfminer-style text source against the HTML of its page."""
    expected_body, expected_notes = source_words(source, meta)
    body, notes = html_text(html)
    kept = _kept(expected_body, words(body)) + _kept(expected_notes, words(notes))
    return Fidelity(len(expected_body) + len(expected_notes), kept)


def measure_text_source(source: bytes, document: Document, meta: PaperMeta) -> Fidelity:
    """Fidelity of a pdfminer-style text source against its page rendered by Python-Markdown."""
    html = python_markdown.markdown(render_document(document, meta), extensions=EXTENSIONS)
    return measure_html(source, meta, html)


def measurable(paper: Paper) -> bool:
    """Whether the paper's source is one fidelity can be measured on (text, so far)."""
    return paper.source.suffix.lower() == ".txt"


def measure_paper(paper: Paper) -> Fidelity | None:
    """A paper's fidelity, for the sources it can be measured on (text, so far)."""
    if not measurable(paper):
        return None
    return measure_text_source(paper.source.read_bytes(), paper.document, paper.meta)
