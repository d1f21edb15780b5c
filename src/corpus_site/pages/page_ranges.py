"""Which printed pages a passage lies on, for its `data-pages` and the copied citation."""

from __future__ import annotations

from corpus_site.model import Document, PageMarker, block_passages


def passage_pages(document: Document) -> dict[str, str]:
    """Printed pages each passage is known to lie on ("34", "37–38").

    Unless every page boundary is marked, a passage only gets the page numbers printed inside
    it: the pages between two printed numbers may be unmarked, and a page is never guessed.
    """
    result: dict[str, str] = {}
    current: str | None = None
    for section in document.sections:
        if section.page_before:
            current = section.page_before
        if not document.page_markers_complete:
            current = None
        for block in section.blocks:
            for passage_id, inlines in block_passages(block):
                if not document.page_markers_complete:
                    current = None
                pages = [current] if current else []
                for part in inlines:
                    if isinstance(part, PageMarker):
                        current = part.page
                        pages.append(part.page)
                if pages:
                    first, last = pages[0], pages[-1]
                    result[passage_id] = first if first == last else f"{first}\u2013{last}"
    return result
