"""Which printed pages a passage lies on, for its `data-pages` and the copied citation."""

from __future__ import annotations

from dataclasses import dataclass

from corpus_site.model import Document, PageMarker, block_passages


@dataclass(frozen=True)
class _Passage:
    id: str
    before: str | None  # the last page number printed before the passage starts
    inside: tuple[str, ...]  # the page numbers printed inside it, in order
    after: str | None  # the first page number printed after it ends


def passage_pages(document: Document) -> dict[str, str]:
    """Printed pages each passage is known to lie on ("34", "37–38").

    Where every page boundary is marked (PDFs), a passage lies on the page of the marker
    before it and on those printed inside it. Where only some are (text sources), the pages
    between two printed numbers may be unmarked, so a page is never guessed: a passage gets
    the range its neighbouring markers bound (after "p. 34" and before "p. 38": "34–37"),
    and where a side is unbounded, only the numbers printed inside it.
    """
    result: dict[str, str] = {}
    for passage in _passages(document):
        if document.page_markers_complete:
            pages = [passage.before] if passage.before else []
            pages += passage.inside
        else:
            pages = _bounded(passage) or list(passage.inside)
        if pages:
            first, last = pages[0], pages[-1]
            result[passage.id] = first if first == last else f"{first}\u2013{last}"
    return result


def _bounded(passage: _Passage) -> list[str]:
    """The first and last page a passage can lie on, from the markers around it, when both
    are known numbers and agree with those printed inside it; else nothing."""
    if passage.before is None or passage.after is None:
        return []
    if not (passage.before.isdigit() and passage.after.isdigit()):
        return []
    first, last = int(passage.before), int(passage.after) - 1
    inside = [int(page) for page in passage.inside if page.isdigit()]
    if (
        len(inside) != len(passage.inside)
        or last < first
        or not all(first <= page <= last for page in inside)
    ):
        return []
    return [str(first), str(last)]


def _passages(document: Document) -> list[_Passage]:
    """Every passage in reading order with the page numbers printed around and inside it."""
    order: list[tuple[str, str | None, tuple[str, ...]]] = []
    current: str | None = None
    for section in document.sections:
        if section.page_before:
            current = section.page_before
        for block in section.blocks:
            for passage_id, inlines in block_passages(block):
                inside = tuple(part.page for part in inlines if isinstance(part, PageMarker))
                order.append((passage_id, current, inside))
                if inside:
                    current = inside[-1]
    # The first marker after each passage: the next one printed inside a later passage, or
    # before a later section.
    passages: list[_Passage] = []
    following: str | None = None
    markers_after: list[str | None] = []
    section_starts = _section_markers(document)
    for index in range(len(order) - 1, -1, -1):
        markers_after.append(following)
        if order[index][2]:
            following = order[index][2][0]
        if index in section_starts:
            following = section_starts[index]
    markers_after.reverse()
    for (passage_id, before, inside), after in zip(order, markers_after, strict=True):
        passages.append(_Passage(passage_id, before, inside, after))
    return passages


def _section_markers(document: Document) -> dict[int, str]:
    """Index of the first passage of each section printed after a page number: that number."""
    starts: dict[int, str] = {}
    index = 0
    for section in document.sections:
        if section.page_before:
            starts.setdefault(index, section.page_before)  # the first, if sections are empty
        index += sum(len(block_passages(block)) for block in section.blocks)
    return starts
