"""Refuse to make a near-empty page of a PDF whose text the reader mostly failed to place.

The PDF reader records what each page prints (`SourceText`); here the Document it built is
compared with that, by sampled runs of letters. Under half found, a page with text of which
nothing is found, or a PDF whose text all went to page furniture, is an error naming the file
(and the pages): a page that silently shows 66 of 3,887 words is worse than no page. The
finer, in-order measure against the rendered page runs in every build (`fidelity/`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from corpus_site.errors import SourceError
from corpus_site.extract.align import letters
from corpus_site.model import Document, ListBlock, SourceText, Text

MIN_SHARE = 0.5
SAMPLE, STEP = 12, 16
# A page printing fewer letters than this (a caption, a page number) may yield nothing.
MIN_PAGE_LETTERS = 80


def document_text(document: Document) -> tuple[str, str]:
    """The letters of a Document's (body, notes) in reading order, as a page shows them."""
    body = [document.printed_title or "", *document.authors, *document.author_notes]
    for section in document.sections:
        body.append(section.heading)
        for block in section.blocks:
            if isinstance(block, ListBlock):
                for item in block.items:
                    body.append(item.label)
                    body.extend(part.text for part in item.inlines if isinstance(part, Text))
            else:
                body.extend(part.text for part in block.inlines if isinstance(part, Text))
    notes = [
        part.text for note in document.footnotes for part in note.inlines if isinstance(part, Text)
    ]
    return letters(" ".join(body)), letters(" ".join([*notes, *document.author_notes]))


def found_by_page(source: SourceText, text: str) -> dict[int, tuple[int, int]]:
    """PDF page -> (samples, samples found): SAMPLE-letter runs taken every STEP letters of
    what the page prints, looked up among the runs of `text`. A coarse share, order aside,
    at a few milliseconds a paper: enough to tell a page that yields nothing; the in-order
    measure against the rendered page runs in every build."""
    samples = {
        page: [printed[i : i + SAMPLE] for i in range(0, len(printed) - SAMPLE + 1, STEP)]
        for page, body, notes in source.pages
        if (printed := body + notes) is not None
    }
    # Only the sampled runs are kept, and the text's runs streamed past them: memory grows
    # with a sixteenth of what the pages print, not with every run of the document.
    wanted = {sample for page_samples in samples.values() for sample in page_samples}
    seen = {run for i in range(len(text) - SAMPLE + 1) if (run := text[i : i + SAMPLE]) in wanted}
    return {
        page: (len(page_samples), sum(sample in seen for sample in page_samples))
        for page, page_samples in samples.items()
    }


def check_yield(document: Document, path: Path) -> None:
    """Raise SourceError when the Document keeps under half of what its PDF prints, or none
    of a page that prints text."""
    source = document.source_text
    if source is None:
        return
    if source.total >= MIN_PAGE_LETTERS and not any(
        body or notes for _, body, notes in source.pages
    ):
        raise SourceError(
            path,
            "all of the text its pages print was taken for page furniture or left out; "
            "the reader does not know this layout: extract the text to a .txt beside it",
        )
    pages = found_by_page(source, "".join(document_text(document)))
    printed = sum(total for total, _ in pages.values())
    kept = sum(count for _, count in pages.values())
    empty = [
        page
        for page, (total, count) in pages.items()
        if total * STEP >= MIN_PAGE_LETTERS and not count
    ]
    share = kept / printed if printed else 1.0
    if share >= MIN_SHARE and not empty:
        return
    where = ""
    if empty:
        where = (
            f"; page {empty[0]} yields none"
            if len(empty) == 1
            else f"; pages {_ranges(empty)} yield none"
        )
    raise SourceError(
        path,
        f"only {share:.0%} of the text its pages print could be placed{where}; "
        "the reader does not know this layout: extract the text to a .txt beside it",
    )


def _ranges(pages: list[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in _runs(sorted(pages)))


def _runs(pages: list[int]) -> Iterator[tuple[int, int]]:
    start = previous = pages[0]
    for page in pages[1:]:
        if page != previous + 1:
            yield start, previous
            start = page
        previous = page
    yield start, previous
