"""Generated journal-style PDFs come back as exactly the structure they were typeset from."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.extract.pdf import read_pdf, read_pdf_metadata
from corpus_site.model import (
    Document,
    FootnoteRef,
    Inline,
    ListBlock,
    PageMarker,
    Paragraph,
    Text,
)
from tests.pdfgen import Block, Paper, write_paper

FILLER = "The argument is developed at some length in this sentence of the paper. "


def journal_paper(columns: int = 1) -> Paper:
    """Headings, calls after words and commas, a note running onto the next page, a roman
    list, a numbered list that is not a note, a split word and a split compound."""
    return Paper(
        columns=columns,
        info_title="Info Title Ignored When Printed",
        blocks=[
            Block("title", "Strategic Calculus and Test Papers"),
            Block("authors", "Ann Example and Bo Sample"),
            Block("heading", "Abstract"),
            Block("para", "This abstract states what the test paper is about in one go."),
            Block("keywords", "Keywords: testing; structure; notes"),
            Block("heading", "1. Introduction"),
            Block(
                "para",
                "A treaty was signed in Berlin{1}. The Programme,{2} and the self-\n"
                "imposed limits of the devel-\nopment plan matter here. " + FILLER * 3,
            ),
            Block("para", "A second paragraph starts with an indent. " + FILLER * 2),
            Block("heading", "1.1 Policy Recommendations"),
            Block("para", "The paper makes three points:"),
            Block("item", "Russia should be engaged on every front. " + FILLER, label="i."),
            Block("item", "Trade should grow.{3}", label="ii."),
            Block("item", "Dialogue should be regular.", label="iii."),
            Block("heading", "2. Numbered Steps"),
            Block("para", "Two steps follow, numbered like notes but printed as a list:"),
            Block("item", "Collect the sources.", label="1."),
            Block("item", "Read them closely.", label="2."),
            Block("para", FILLER * 14 + "The end of the long part comes here.{4}"),
            Block("heading", "3. Conclusion"),
            Block("para", "Closing words of the paper. " * 90),
        ],
        notes={
            "1": "On the Berlin treaty.",
            "2": "On the programme.",
            "3": "On trade.",
            "4": "A long note that will not fit on its page and runs onto the next one. " * 9,
        },
    )


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "single.pdf"
    return read_pdf(write_paper(journal_paper(), path))


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "double.pdf"
    return read_pdf(write_paper(journal_paper(columns=2), path))


def words(inlines: tuple[Inline, ...]) -> str:
    return "".join(part.text for part in inlines if isinstance(part, Text))


def calls(document: Document) -> list[str]:
    found = []
    for section in document.sections:
        for block in section.blocks:
            holders = block.items if isinstance(block, ListBlock) else (block,)
            for holder in holders:
                found += [p.number for p in holder.inlines if isinstance(p, FootnoteRef)]
    return found


@pytest.fixture(params=["single", "double"])
def document(request: pytest.FixtureRequest) -> Document:
    result: Document = request.getfixturevalue(request.param)
    return result


def test_title_authors_and_keywords(document: Document) -> None:
    assert document.printed_title == "Strategic Calculus and Test Papers"
    assert document.authors == ("Ann Example", "Bo Sample")
    assert document.keywords == ("testing", "structure", "notes")


def test_headings_levels_and_ids(document: Document) -> None:
    assert [(s.heading, s.level, s.id) for s in document.sections] == [
        ("Abstract", 2, "abstract"),
        ("1. Introduction", 2, "introduction"),
        ("1.1 Policy Recommendations", 3, "policy-recommendations"),
        ("2. Numbered Steps", 2, "numbered-steps"),
        ("3. Conclusion", 2, "conclusion"),
    ]


def test_calls_in_place_and_linked_in_order(document: Document) -> None:
    intro = document.sections[1].blocks[0]
    assert isinstance(intro, Paragraph)
    assert intro.id == "introduction-p1"
    assert intro.inlines[:4] == (
        Text("A treaty was signed in Berlin"),
        FootnoteRef("1"),
        Text(". The Programme,"),
        FootnoteRef("2"),
    )
    assert calls(document) == ["1", "2", "3", "4"]
    assert [(n.number, n.present) for n in document.footnotes] == [
        ("1", True),
        ("2", True),
        ("3", True),
        ("4", True),
    ]
    assert words(document.footnotes[0].inlines) == "On the Berlin treaty."


def test_note_running_onto_next_page_is_joined(document: Document) -> None:
    expected = "A long note that will not fit on its page and runs onto the next one. " * 9
    assert words(document.footnotes[3].inlines) == expected.strip()


def test_hyphenation_joins_split_words_and_keeps_compounds(document: Document) -> None:
    text = words(document.sections[1].blocks[0].inlines)  # type: ignore[union-attr]
    assert "the self-imposed limits of the development plan" in text


def test_roman_list_and_numbered_list_are_lists_not_notes(document: Document) -> None:
    policy = document.sections[2]
    assert isinstance(policy.blocks[1], ListBlock)
    roman = policy.blocks[1]
    assert roman.style == "roman"
    assert [(i.label, i.id) for i in roman.items] == [
        ("i.", "policy-recommendations-i"),
        ("ii.", "policy-recommendations-ii"),
        ("iii.", "policy-recommendations-iii"),
    ]
    assert words(roman.items[1].inlines) == "Trade should grow."
    assert roman.items[1].inlines[-1] == FootnoteRef("3")
    steps = document.sections[3].blocks[1]
    assert isinstance(steps, ListBlock) and steps.style == "arabic"
    assert [words(i.inlines) for i in steps.items] == ["Collect the sources.", "Read them closely."]


def test_paragraph_ids_and_breaks(document: Document) -> None:
    intro = document.sections[1]
    assert [b.id for b in intro.blocks] == ["introduction-p1", "introduction-p2"]
    second = intro.blocks[1]
    assert words(second.inlines).startswith("A second paragraph starts")  # type: ignore[union-attr]


def test_running_heads_gone_and_printed_pages_marked(document: Document) -> None:
    every = " ".join(
        words(b.inlines) for s in document.sections for b in s.blocks if isinstance(b, Paragraph)
    )
    assert "Journal of Test Studies" not in every
    pages = len(document.page_markers)
    assert pages >= 2
    assert document.page_markers == tuple(str(113 + i) for i in range(pages))
    assert document.sections[0].page_before == "113"
    placed = [
        p.page
        for s in document.sections
        for b in s.blocks
        for holder in (b.items if isinstance(b, ListBlock) else (b,))
        for p in holder.inlines
        if isinstance(p, PageMarker)
    ]
    placed += [s.page_before for s in document.sections if s.page_before]
    assert sorted(placed, key=int) == list(document.page_markers)


def test_no_diagnostics_for_a_clean_paper(document: Document) -> None:
    assert document.diagnostics == ()


def test_page_labels_used_when_no_number_is_printed(tmp_path: Path) -> None:
    paper = journal_paper()
    paper.first_page = None
    paper.page_label_start = 7
    document = read_pdf(write_paper(paper, tmp_path / "labels.pdf"))
    assert document.page_markers[:2] == ("7", "8")


def test_no_page_numbers_invented(tmp_path: Path) -> None:
    paper = journal_paper()
    paper.first_page = None
    document = read_pdf(write_paper(paper, tmp_path / "bare.pdf"))
    assert document.page_markers == ()
    assert all(s.page_before is None for s in document.sections)


def test_call_without_body_is_marked_absent(tmp_path: Path) -> None:
    paper = journal_paper()
    paper.blocks.append(Block("para", "A sentence with a call to a missing note.{5}"))
    paper.notes["5"] = ""
    document = read_pdf(write_paper(paper, tmp_path / "missing.pdf"))
    missing = document.footnotes[-1]
    assert (missing.number, missing.inlines, missing.present) == ("5", (), False)
    assert missing.source_line == 2  # the page printing the call, for the diagnostic
    assert any("note 5" in d.message for d in document.diagnostics)


def test_metadata_prefers_the_printed_page(tmp_path: Path) -> None:
    path = write_paper(journal_paper(), tmp_path / "meta.pdf")
    assert read_pdf_metadata(path) == {
        "title": "Strategic Calculus and Test Papers",
        "authors": "Ann Example; Bo Sample",
        # The running head, "Journal of Test Studies, Vol. 3, No. 2".
        "journal": "Journal of Test Studies",
        "volume": "3",
        "issue": "2",
    }


def test_positional_page_labels_are_no_printed_numbers(tmp_path: Path) -> None:
    """Labels 1, 2, … say only where a page sits in the file: no anchors from them."""
    paper = journal_paper()
    paper.first_page = None
    paper.page_label_start = 1
    document = read_pdf(write_paper(paper, tmp_path / "positional.pdf"))
    assert document.page_markers == ()


def test_pages_numbered_from_the_cited_range_when_none_is_printed(tmp_path: Path) -> None:
    paper = journal_paper()
    paper.first_page = None
    paper.running_head = "Journal of Test Studies, Vol. 3, No. 2 (2019), pp. 41-42"
    document = read_pdf(write_paper(paper, tmp_path / "cited.pdf"))
    assert document.page_markers == ("41", "42")
    assert document.pdf_pages == (("41", 1), ("42", 2))
