"""The one document builder on crafted lines, with and without geometry.

The same questions (is this a heading, where does a paragraph end, which note is which) are
put to `build_document` once as pdfminer-style text cues and once as PDF geometry, and the
answers must agree where the print says the same thing.
"""

from __future__ import annotations

from corpus_site.extract.builder import build_document
from corpus_site.extract.lines import Break, Call, Geometry, Line, NoteStart, PageStart, Stream
from corpus_site.model import FootnoteRef, ListBlock, PageMarker, Paragraph, Text

BODY = 10.0


def _text_lines(*rows: str) -> list[Line | Break]:
    """Text cues: an empty string is a paragraph break; a leading space opens a text box."""
    out: list[Line | Break] = []
    for number, row in enumerate(rows, start=1):
        if row == "":
            out.append(Break(number))
        else:
            out.append(Line([row.strip()], number, new_box=row.startswith(" ")))
    return out


class _Page:
    """Lays lines down a page top to bottom, as a PDF reader would measure them."""

    def __init__(self, page: int = 1) -> None:
        self.page = page
        self.baseline = 700.0

    def line(
        self,
        text: str | list[str | Call],
        *,
        size: float = BODY,
        bold: bool = False,
        indent: float = 0.0,
        width: float = 400.0,
        gap: float = 12.0,
        note: bool = False,
        label: str | None = None,
    ) -> Line:
        self.baseline -= gap
        parts = [text] if isinstance(text, str) else text
        shape = Geometry(
            page=self.page,
            x0=72.0 + indent,
            x1=72.0 + indent + width,
            baseline=self.baseline,
            size=size,
            bold=bold,
            italic=False,
            margin=72.0,
            right=472.0,
            unraised="".join(p for p in parts if isinstance(p, str)),
        )
        return Line(
            parts,
            self.page,
            shape,
            note=note,
            note_label=label,
            note_label_length=len(label or ""),
        )


def _paragraphs(document) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        "".join(p.text for p in block.inlines if isinstance(p, Text))
        for section in document.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    ]


def test_text_cues_make_title_headings_paragraphs_and_a_list() -> None:
    stream = Stream(
        _text_lines(
            " A Paper About Testing Things",
            "",
            " Introduction",
            "",
            "The first paragraph runs over two printed lines of text and then it",
            "ends here after a second line of body text that is long enough.",
            "",
            "It recommends:",
            "",
            "i. Engage every front.",
            "",
            "ii. Grow the trade.",
        )
    )
    document = build_document(stream)
    assert document.printed_title == "A Paper About Testing Things"
    assert [s.heading for s in document.sections] == ["Introduction"]
    assert _paragraphs(document)[0].startswith("The first paragraph runs")
    lists = [b for b in document.sections[0].blocks if isinstance(b, ListBlock)]
    assert [item.id for item in lists[0].items] == ["introduction-i", "introduction-ii"]


def test_geometry_makes_the_same_document_from_type_size_weight_and_indents() -> None:
    page = _Page()
    lines = [
        page.line("A Paper About Testing Things", size=16.0, gap=20.0),
        page.line("Introduction", bold=True, width=80.0, gap=24.0),
        page.line("The first paragraph runs over two printed lines of text and then it"),
        page.line("ends here after a second line of body text that is long enough.", width=300),
        page.line("It recommends:", indent=15.0, width=100.0),
        page.line("i. Engage every front.", width=150.0, gap=18.0),
        page.line("ii. Grow the trade.", width=120.0),
    ]
    document = build_document(Stream(list(lines), body_size=BODY))
    assert document.printed_title == "A Paper About Testing Things"
    assert [s.heading for s in document.sections] == ["Introduction"]
    paragraphs = _paragraphs(document)
    assert paragraphs[0] == (
        "The first paragraph runs over two printed lines of text and then it "
        "ends here after a second line of body text that is long enough."
    )
    assert paragraphs[1] == "It recommends:"
    lists = [b for b in document.sections[0].blocks if isinstance(b, ListBlock)]
    assert [item.id for item in lists[0].items] == ["introduction-i", "introduction-ii"]


def test_a_call_ending_a_sentence_then_an_unindented_short_line_ends_the_paragraph() -> None:
    page = _Page()
    lines = [
        page.line("Heading", bold=True, width=60.0),
        page.line(["The line ends a sentence here.", Call("1", 1)], width=250.0),
        page.line("A new paragraph starts flush left on the next line of the page, long."),
        page.line("1 The note text.", size=8.0, note=True, label="1"),
    ]
    document = build_document(Stream(list(lines), body_size=BODY))
    paragraphs = _paragraphs(document)
    assert paragraphs == [
        "The line ends a sentence here.",
        "A new paragraph starts flush left on the next line of the page, long.",
    ]
    assert document.footnotes[0].number == "1"
    assert document.footnotes[0].inlines == (Text("The note text."),)


def test_one_joiner_for_hyphens_calls_and_page_starts_in_text_and_pdf() -> None:
    text = Stream(
        [
            Line(["Heading Line"], 1, new_box=True),
            Break(2),
            Line(["The devel-"], 3),
            Line(["opment went on,"], 4),
            Call("1", 5),
            Line([", it said, into the"], 6, after_call=True),
            PageStart("34", 7),
            Line(["next page of the text."], 8),
            NoteStart("1", 9),
            Line(["The note."], 10, note=True),
        ]
    )
    page = _Page(1)
    pdf_lines = [page.line("Heading Line", bold=True, width=70.0)]
    pdf_lines += [
        page.line("The devel-"),
        page.line(["opment went on,", Call("1", 1), ", it said, into the"]),
    ]
    second = _Page(2)
    pdf_lines.append(second.line("next page of the text.", width=120.0))
    pdf_lines[-1].page_start = "34"
    pdf_lines.append(second.line("1 The note.", size=8.0, note=True, label="1"))
    expected = (
        Text("The development went on,"),
        FootnoteRef("1"),
        Text(", it said, into the"),
        PageMarker("34"),
        Text("next page of the text."),
    )
    for stream in (text, Stream(list(pdf_lines), body_size=BODY)):
        document = build_document(stream)
        paragraph = document.sections[-1].blocks[-1]
        assert isinstance(paragraph, Paragraph)
        assert paragraph.inlines == expected
        assert document.footnotes[0].inlines == (Text("The note."),)


def test_keywords_are_a_model_concept_in_both_kinds_of_source() -> None:
    text = build_document(Stream(_text_lines(" Abstract", "", "Keywords: one; two, three")))
    page = _Page()
    pdf = build_document(
        Stream(
            [
                page.line("Abstract", bold=True, width=60.0),
                page.line("Keywords", bold=True, width=60.0, gap=24.0),
                page.line("one; two, three", width=100.0),
            ],
            body_size=BODY,
        )
    )
    for document in (text, pdf):
        assert document.keywords == ("one", "two", "three")
        (paragraph,) = [b for s in document.sections for b in s.blocks]
        assert isinstance(paragraph, Paragraph) and paragraph.keywords
        assert paragraph.id == "abstract-keywords"


def test_a_proposed_note_label_out_of_sequence_stays_in_its_note() -> None:
    page = _Page()
    lines = [
        page.line("Heading", bold=True, width=60.0),
        page.line(["A claim.", Call("1", 1)], width=100.0),
        page.line("1 The note begins and says that", size=8.0, note=True, label="1"),
        page.line("12 per cent of cases differ.", size=8.0, note=True, label="12"),
    ]
    document = build_document(Stream(list(lines), body_size=BODY))
    (note,) = document.footnotes
    assert note.inlines == (Text("The note begins and says that 12 per cent of cases differ."),)


def test_a_url_split_at_a_line_end_is_rejoined_in_a_text_note() -> None:
    stream = Stream(
        [
            Line(["A claim."], 1),
            Call("1", 2),
            NoteStart("1", 3),
            Line(["See https://example.org/long/"], 4, note=True),
            Line(["path/page.html for more."], 5, note=True),
        ]
    )
    (note,) = build_document(stream).footnotes
    assert note.inlines == (Text("See https://example.org/long/path/page.html for more."),)
