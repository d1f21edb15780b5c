"""The first seed, typeset as a PDF, reads back with the text path's headings, lists and calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.extract.pdf import read_pdf
from corpus_site.extract.text import read_text
from corpus_site.model import Document, FootnoteRef, Inline, ListBlock, Text
from tests.conftest import FIRST_SEED
from tests.pdfgen import Block, Paper, write_paper


def running_text(inlines: tuple[Inline, ...]) -> str:
    """Inlines as pdfgen source: text, with `{n}` where a call sits; page markers dropped."""
    out = ""
    for part in inlines:
        if isinstance(part, Text):
            out += part.text
        elif isinstance(part, FootnoteRef):
            out = out.rstrip() + "{" + part.number + "}"
    return " ".join(out.split())


def typeset(document: Document, path: Path) -> Path:
    blocks = [Block("title", document.printed_title or "")]
    for section in document.sections:
        blocks.append(Block("heading", section.heading))
        for block in section.blocks:
            if isinstance(block, ListBlock):
                blocks += [Block("item", running_text(i.inlines), i.label) for i in block.items]
            else:
                blocks.append(Block("para", running_text(block.inlines)))
    notes = {note.number: running_text(note.inlines) for note in document.footnotes}
    paper = Paper(blocks, notes, first_page=33, running_head="Strategic Studies")
    return write_paper(paper, path)


def labels(document: Document) -> list[list[str]]:
    return [
        [item.label for item in block.items]
        for section in document.sections
        for block in section.blocks
        if isinstance(block, ListBlock)
    ]


def calls(document: Document) -> list[str]:
    found: list[str] = []
    for section in document.sections:
        for block in section.blocks:
            for holder in block.items if isinstance(block, ListBlock) else (block,):
                found += [p.number for p in holder.inlines if isinstance(p, FootnoteRef)]
    return found


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document]:
    text = read_text(FIRST_SEED)
    pdf = read_pdf(typeset(text, tmp_path_factory.mktemp("seed") / "seed.pdf"))
    return text, pdf


def test_same_headings(both: tuple[Document, Document]) -> None:
    text, pdf = both
    assert pdf.printed_title == text.printed_title
    assert [(s.heading, s.id) for s in pdf.sections] == [(s.heading, s.id) for s in text.sections]


def test_same_list_labels(both: tuple[Document, Document]) -> None:
    text, pdf = both
    assert labels(pdf) == labels(text)
    assert any(len(run) >= 9 for run in labels(pdf))  # i. ... ix. survives as one list


def test_same_calls_linked_to_bodies(both: tuple[Document, Document]) -> None:
    text, pdf = both
    assert calls(pdf) == calls(text)
    # The seed prints only some note bodies; the PDF must find exactly those.
    assert [(n.number, n.present) for n in pdf.footnotes] == [
        (n.number, n.present) for n in text.footnotes
    ]
    assert any(note.present for note in pdf.footnotes)
