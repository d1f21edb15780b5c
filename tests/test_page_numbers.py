"""Printed page numbers are read wherever a journal or a series prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.extract.pdf import read_pdf
from tests.pdfgen import Block, Paper, write_paper

FILLER = "The argument is developed at some length in this sentence of the paper. " * 14


def _paper(**options: object) -> Paper:
    blocks = [Block("title", "Printed Numbers in Many Places"), Block("authors", "Ann Example")]
    for number in range(1, 9):
        blocks += [Block("heading", f"{number}. Section {number}"), Block("para", FILLER * 2)]
    return Paper(blocks=blocks, first_page=113, **options)  # type: ignore[arg-type]


def _markers(tmp_path: Path, paper: Paper) -> list[str]:
    return list(read_pdf(write_paper(paper, tmp_path / "numbers.pdf")).page_markers)


def _expected(tmp_path: Path) -> list[str]:
    count = len(_markers(tmp_path, _paper()))
    assert count >= 3
    return [str(113 + index) for index in range(count)]


@pytest.mark.parametrize(
    "options",
    [
        {"number_style": "head"},  # "Journal of Test Studies …    114"
        {"number_style": "spaced"},  # "1 1 4"
        # A book's page on an A4 sheet: the text block and its foot far above the sheet's edge.
        {"number_y": 124.0, "bottom": 150.0},
    ],
    ids=["in-the-running-head", "letter-spaced", "high-foot"],
)
def test_numbers_are_read_where_they_stand(tmp_path: Path, options: dict[str, object]) -> None:
    assert _markers(tmp_path, _paper(**options)) == _expected(tmp_path)


def test_an_unnumbered_opening_page_takes_the_number_before(tmp_path: Path) -> None:
    assert _markers(tmp_path, _paper(unnumbered=frozenset({0}))) == _expected(tmp_path)


def test_an_unnumbered_page_between_two_numbered_ones_is_numbered(tmp_path: Path) -> None:
    assert _markers(tmp_path, _paper(unnumbered=frozenset({1}))) == _expected(tmp_path)


def test_unnumbered_back_matter_gets_no_number(tmp_path: Path) -> None:
    back = ["In this series so far:", "No. 1/2005 A first working paper", "No. 2/2005 Another"]
    document = read_pdf(write_paper(_paper(back_matter=back), tmp_path / "series.pdf"))
    assert list(document.page_markers) == _expected(tmp_path)
    assert max(page for _, page in document.pdf_pages) == len(_expected(tmp_path))


def test_a_call_raised_a_little_is_still_a_call() -> None:
    from corpus_site.extract.lines import Call
    from corpus_site.extract.pdf_layout import Glyph, RawLine
    from corpus_site.extract.pdf_lines import split_line

    def glyphs(text: str, size: float, x: float, baseline: float) -> list[Glyph]:
        return [
            Glyph(c, "Times", size, x + i * size * 0.5, x + (i + 1) * size * 0.5, baseline)
            for i, c in enumerate(text)
        ]

    # 'heit'2' at 9.8 pt with the 7.9 pt call raised 0.9 pt (a German book chapter).
    line = RawLine(
        tuple(glyphs("Sicherheit", 9.8, 60, 500) + glyphs("2", 7.9, 109, 500.9))
        + tuple(glyphs(" zuständig sind", 9.8, 113, 500)),
        1,
    )
    assert split_line(line) == ["Sicherheit", Call("2", 1), " zuständig sind"]
    # A digit of the same size on the baseline is text.
    flat = RawLine(tuple(glyphs("Artikel 2 sagt", 9.8, 60, 500)), 1)
    assert split_line(flat) == ["Artikel 2 sagt"]


def test_notes_in_body_type_under_a_rule_are_notes(tmp_path: Path) -> None:
    from tests.pdfgen import BODY

    blocks = [
        Block("title", "Notes Set Large"),
        Block("heading", "1. Introduction"),
        Block("para", "A claim made here{1} and another one{2}. " + FILLER),
    ]
    notes = {"1": "The first note, in body type.", "2": "The second note, also in body type."}
    paper = Paper(blocks=blocks, notes=notes, note_size=BODY[1])
    document = read_pdf(write_paper(paper, tmp_path / "large-notes.pdf"))
    texts = {note.number: note for note in document.footnotes}
    assert set(texts) == {"1", "2"} and all(note.present for note in texts.values())


def test_a_note_carried_to_the_next_page_without_a_rule_stays_one_note(tmp_path: Path) -> None:
    from corpus_site.model import block_passages, plain_text
    from tests.test_pdf_structure import journal_paper

    paper = journal_paper()
    paper.note_rule = False
    document = read_pdf(write_paper(paper, tmp_path / "no-rule.pdf"))
    notes = {note.number: plain_text(note.inlines) for note in document.footnotes}
    assert notes["4"].count("A long note that will not fit") == 9
    body = " ".join(
        plain_text(inlines)
        for section in document.sections
        for block in section.blocks
        for _, inlines in block_passages(block)
    )
    assert "A long note" not in body
