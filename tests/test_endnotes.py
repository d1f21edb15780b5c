"""Endnotes: bodies printed under "Notes" / "Anmerkungen" at the end, linked to their calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.extract.endnotes import attach_endnotes
from corpus_site.extract.pdf import read_pdf
from corpus_site.model import Diagnostic, Footnote, Paragraph, Section, Text, plain_text

EXPARSER = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "exparser" / "pdfs"
needs_exparser = pytest.mark.skipif(not EXPARSER.is_dir(), reason="development PDFs absent")


def _paragraphs(prefix: str, *texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(f"{prefix}-p{n}", (Text(t),)) for n, t in enumerate(texts, 1))


def test_bodies_are_moved_from_the_notes_section_to_their_calls() -> None:
    sections = (
        Section("Results", "results", 2, _paragraphs("results", "Text with calls.")),
        Section(
            "Notes",
            "notes",
            2,
            _paragraphs(
                "notes",
                "This article was commissioned by the editors. 1 The first note; see Lewis (2004).",
                "2 The second note.",
                "Its second paragraph, which goes on.",
                "3 Debates of 8 July 1980, page 12 of 40.",
            ),
        ),
    )
    footnotes = tuple(Footnote(str(n), (), present=False) for n in (1, 2, 3))
    diagnostics = [Diagnostic(9, f"footnote {n}: the source has no body") for n in (1, 2, 3)]
    done, notes = attach_endnotes(sections, footnotes, diagnostics)
    assert [plain_text(note.inlines) for note in notes] == [
        "The first note; see Lewis (2004).",
        "The second note. Its second paragraph, which goes on.",
        "Debates of 8 July 1980, page 12 of 40.",
    ]
    assert all(note.present for note in notes) and not diagnostics
    # What stands before the first label stays in the section, and nothing is printed twice.
    assert [plain_text(b.inlines) for b in done[1].blocks] == [  # type: ignore[union-attr]
        "This article was commissioned by the editors."
    ]
    assert done[0] == sections[0]


def test_no_section_or_no_missing_body_changes_nothing() -> None:
    sections = (Section("Notes", "notes", 2, _paragraphs("notes", "1 A note.")),)
    present = (Footnote("1", (Text("At the foot."),)),)
    assert attach_endnotes(sections, present, []) == (sections, present)
    other = (Section("Conclusion", "conclusion", 2, _paragraphs("c", "1 A sentence.")),)
    absent = (Footnote("1", (), present=False),)
    assert attach_endnotes(other, absent, []) == (other, absent)


@needs_exparser
def test_a_journal_article_with_notes_before_its_references() -> None:
    document = read_pdf(EXPARSER / "en-22925.pdf")
    assert all(note.present for note in document.footnotes)
    bodies = {note.number: plain_text(note.inlines) for note in document.footnotes}
    assert bodies["3"] == "Debates of the European Parliament, 8 July 1980."
    assert not any("has no body" in d.message for d in document.diagnostics)


@needs_exparser
def test_anmerkungen_at_the_end_of_a_german_article() -> None:
    document = read_pdf(EXPARSER / "de-list-39796.pdf")
    assert len(document.footnotes) >= 9 and all(note.present for note in document.footnotes)
