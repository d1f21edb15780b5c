"""Measure that nothing was lost: the share of a source's text that reaches its page, in order.

A text source's page is compared word by word with the source (minus what the reader set
aside as print artefacts: running heads, page numbers, repeated link URLs); a PDF's, letter
by letter with what its pages print as its reader recorded it (`model.SourceText`: page
furniture and left-out table and chart text already set aside). Notes are compared
separately, since a page shows them at the end rather than where the source printed them.

`measure_html` works on a page's HTML: the build hands it what MkDocs made of the page, so the
page is not rendered twice. `measure_paper` (for `corpus-site check`, which has no MkDocs)
renders the page with Python-Markdown and the site's extensions first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import markdown as python_markdown

from corpus_site.extract.align import kept_in_order, kept_per_part, letters
from corpus_site.extract.lines import Call, Line, NoteStart
from corpus_site.extract.text import decode_source, scan
from corpus_site.model import Document, PaperMeta, SourceText
from corpus_site.pages.markdown import render_document

if TYPE_CHECKING:
    from corpus_site.model import Paper

EXTENSIONS = ["attr_list", "footnotes", "admonition", "abbr", "toc"]
# `corpus-site build --strict` and `check --strict` fail a paper keeping fewer of its words.
FIDELITY_THRESHOLD = 0.999
# A PDF is measured in letters against what its pages print; layout leaves more doubt (a
# caption read as a figure, a page number inside the text), so its bar is lower.
PDF_FIDELITY_THRESHOLD = 0.98
_NOTE_CLASSES = {"footnote", "uncalled-notes"}
_AUTHOR_CLASSES = {"author-note"}
_VOID = {"br", "hr", "img", "input", "meta", "link"}
# Text around these runs on ("<a>US</a>-led" is one word); any other tag separates words, so a
# footnote call (`<sup>`) does not join the number to the word before it.
_INLINE = {"a", "abbr", "b", "code", "em", "i", "mark", "s", "small", "span", "strong", "u"}


@dataclass(frozen=True)
class Fidelity:
    """How many source words (text) or letters (PDF) were expected, and how many reached the
    page in order."""

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
    """Collects the text a reader sees: the body, the notes, and the author notes (which a
    text source prints among its notes and a PDF on its title page)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # "asides": the notes and author notes together, in page order; "main": the body and
        # author notes together, in page order (a PDF prints its author notes on page one).
        self.parts: dict[str, list[str]] = {
            "body": [],
            "notes": [],
            "author": [],
            "asides": [],
            "main": [],
        }
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._separate(tag)
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        ids = dict(attrs).get("id") or ""
        kind = self._stack[-1] if self._stack else "body"
        if kind == "body" and (classes & _NOTE_CLASSES or ids == "uncalled-notes"):
            kind = "notes"
        elif kind == "body" and classes & _AUTHOR_CLASSES:
            kind = "author"
        self._stack.append(kind)
        if tag == "li" and ids.startswith("fn:"):
            # A note's number is shown by its list item, not as text: the reader sees it.
            self.parts["notes"].append(f" {ids[3:]} ")
            self.parts["asides"].append(f" {ids[3:]} ")

    def handle_endtag(self, tag: str) -> None:
        self._separate(tag)
        if self._stack and tag not in _VOID:
            self._stack.pop()

    def _separate(self, tag: str) -> None:
        if tag not in _INLINE:
            for part in self.parts.values():
                part.append(" ")

    def handle_data(self, data: str) -> None:
        kind = self._stack[-1] if self._stack else "body"
        self.parts[kind].append(data)
        if kind != "body":
            self.parts["asides"].append(data)
        if kind != "notes":
            self.parts["main"].append(data)


def _visible(html: str) -> dict[str, str]:
    parser = _VisibleText()
    parser.feed(html)
    return {kind: "".join(parts) for kind, parts in parser.parts.items()}


def visible_text(page_markdown: str) -> tuple[str, str]:
    """The page's visible (body, notes) text as Python-Markdown renders it."""
    return html_text(python_markdown.markdown(page_markdown, extensions=EXTENSIONS))


def html_text(html: str) -> tuple[str, str]:
    """The visible (body, notes) text of a page's HTML; author notes count as notes."""
    seen = _visible(html)
    return seen["body"], seen["asides"]


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
    kept = kept_in_order(expected_body, words(body)) + kept_in_order(expected_notes, words(notes))
    return Fidelity(len(expected_body) + len(expected_notes), kept)


def measure_text_source(source: bytes, document: Document, meta: PaperMeta) -> Fidelity:
    """Fidelity of a pdfminer-style text source against its page rendered by Python-Markdown."""
    html = python_markdown.markdown(render_document(document, meta), extensions=EXTENSIONS)
    return measure_html(source, meta, html)


def measure_pdf_html(source: SourceText, html: str) -> Fidelity:
    """Fidelity of a PDF (what its pages print, `SourceText`) against the HTML of its page,
    in letters and digits: spacing, letter-spacing and hyphen splits neither add nor take.
    Body text is looked for outside the notes (author notes included: a PDF prints them on
    its title page), note text in the notes and author notes."""
    seen = _visible(html)
    body = kept_per_part([page[1] for page in source.pages], letters(seen["main"]))
    notes = kept_per_part([page[2] for page in source.pages], letters(seen["asides"]))
    expected = sum(len(page[1]) + len(page[2]) for page in source.pages)
    return Fidelity(expected, sum(body) + sum(notes))


def measure_subject(subject: bytes | SourceText, meta: PaperMeta, html: str) -> Fidelity:
    """Fidelity of a text source (its bytes) or a PDF (its `SourceText`) against `html`."""
    if isinstance(subject, SourceText):
        return measure_pdf_html(subject, html)
    return measure_html(subject, meta, html)


def subject_of(paper: Paper, source: bytes) -> bytes | SourceText:
    """What a paper's page is measured against: a PDF's recorded text, else its bytes."""
    return paper.document.source_text or source


def measurable(paper: Paper) -> bool:
    """Whether the paper's page can be measured: a text source, or a PDF with its text."""
    return paper.source.suffix.lower() == ".txt" or paper.document.source_text is not None


def threshold(paper: Paper, text_minimum: float, pdf_minimum: float) -> float:
    """The share of its source a paper's page must keep."""
    return pdf_minimum if paper.document.source_text is not None else text_minimum


def measure_paper(paper: Paper) -> Fidelity | None:
    """A paper's fidelity against its page rendered by Python-Markdown (for `check`)."""
    if not measurable(paper):
        return None
    if paper.document.source_text is None:
        return measure_text_source(paper.source.read_bytes(), paper.document, paper.meta)
    html = python_markdown.markdown(
        render_document(paper.document, paper.meta), extensions=EXTENSIONS
    )
    return measure_pdf_html(paper.document.source_text, html)
