"""The pages a passage's citation names: what the printed page numbers around it allow."""

from __future__ import annotations

from corpus_site.model import Document, Inline, PageMarker, Paragraph, Section, Text
from corpus_site.pages.page_ranges import passage_pages


def paragraph(number: int, *pages: str) -> Paragraph:
    inlines: list[Inline] = [Text("Some words")]
    for page in pages:
        inlines += [PageMarker(page), Text("more words")]
    return Paragraph(id=f"s-p{number}", inlines=tuple(inlines))


def document(
    *blocks: Paragraph, complete: bool = False, page_before: str | None = None
) -> Document:
    section = Section(heading="S", id="s", level=2, blocks=blocks, page_before=page_before)
    return Document(printed_title="T", sections=(section,), page_markers_complete=complete)


def test_a_passage_between_two_printed_numbers_gets_the_range_they_bound() -> None:
    pages = passage_pages(document(paragraph(1, "34"), paragraph(2), paragraph(3, "38")))
    assert pages == {"s-p1": "34", "s-p2": "34\u201337", "s-p3": "38"}


def test_consecutive_numbers_bound_one_page() -> None:
    pages = passage_pages(document(paragraph(1, "34"), paragraph(2), paragraph(3, "35")))
    assert pages["s-p2"] == "34"


def test_no_page_is_named_where_a_side_is_unbounded() -> None:
    # Before the first number, after the last: the source does not say which page.
    pages = passage_pages(document(paragraph(1), paragraph(2, "34"), paragraph(3)))
    assert pages == {"s-p2": "34"}


def test_a_section_printed_after_a_page_number_bounds_the_passages_before_it() -> None:
    first = Section("A", "a", 2, (paragraph(1, "10"), paragraph(2)))
    second = Section("B", "b", 2, (Paragraph("b-p1", (Text("x"),)),), page_before="12")
    pages = passage_pages(Document(printed_title="T", sections=(first, second)))
    # b-p1 follows p. 12, but nothing printed after it bounds where it ends.
    assert pages == {"s-p1": "10", "s-p2": "10\u201311"}


def test_numbers_that_are_not_in_order_or_not_numbers_bound_nothing() -> None:
    backwards = passage_pages(document(paragraph(1, "38"), paragraph(2), paragraph(3, "34")))
    assert "s-p2" not in backwards
    roman = passage_pages(document(paragraph(1, "iv"), paragraph(2), paragraph(3, "vii")))
    assert "s-p2" not in roman


def test_complete_markers_put_a_passage_on_the_page_it_starts_on() -> None:
    pages = passage_pages(
        document(paragraph(1, "34"), paragraph(2), paragraph(3, "35"), complete=True)
    )
    assert pages == {"s-p1": "34", "s-p2": "34", "s-p3": "34\u201335"}
