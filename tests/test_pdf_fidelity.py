"""Nothing silently lost from a PDF: what its pages print is measured against its page, from the
same parse; a PDF whose text is mostly lost is an error naming it and its pages; a loss under
`min_fidelity_pdf` warns, and fails `--strict`."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

import corpus_site.extract.pdf as pdf_reader
from corpus_site.cli import main
from corpus_site.errors import SourceError
from corpus_site.extract.align import kept_per_part, letters
from corpus_site.extract.pdf import read_pdf
from corpus_site.extract.yield_check import check_yield
from corpus_site.fidelity.measure import measure_paper
from corpus_site.model import Document, Paper, PaperMeta, Paragraph
from corpus_site.pages.markdown import render_document
from tests.pdfgen import write_paper
from tests.test_pdf_structure import journal_paper

EXPARSER = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "exparser" / "pdfs"
needs_exparser = pytest.mark.skipif(not EXPARSER.is_dir(), reason="development PDFs absent")


def test_letters_ignore_spacing_letter_spacing_and_hyphen_splits() -> None:
    assert letters("P a t r i c e  Pou-\ntrus, 1998") == letters("Patrice Poutrus 1998")
    assert letters("ﬁne Straße") == "finestrasse"


def test_kept_per_part_counts_each_part_and_splits_ranges_at_their_boundaries() -> None:
    pages = [letters("the first page prints this " * 4), letters("the second page " * 4)]
    assert kept_per_part(pages, "".join(pages)) == [len(pages[0]), len(pages[1])]
    assert kept_per_part(pages, pages[0]) == [len(pages[0]), 0]
    assert kept_per_part(pages, "")[1] == 0


def _generated(tmp_path: Path) -> Path:
    return write_paper(journal_paper(), tmp_path / "paper.pdf")


def test_a_generated_pdf_records_what_its_pages_print_and_keeps_it(tmp_path: Path) -> None:
    path = _generated(tmp_path)
    document = read_pdf(path)
    source = document.source_text
    assert source is not None and len(source.pages) == 2
    # The running head and page numbers are furniture, not expected on the page.
    assert 0 < source.furniture < 0.1 * source.total and source.left_out == 0
    assert all(body for _, body, _ in source.pages)
    fidelity = measure_paper(Paper(PaperMeta("paper", "paper.pdf"), document, path))
    assert fidelity is not None and fidelity.share >= 0.99


def _corpus_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus of the generated paper, read in this process (so a patched reader holds)."""
    import corpus_site.runtime.pool as pool

    monkeypatch.setattr(pool, "_can_start_workers", lambda reader: False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _generated(corpus)
    return corpus


def _keep_first_section(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader bug: everything after the first section is lost."""
    original = pdf_reader.build_document

    def lossy(*args: object, **kwargs: object) -> Document:
        document = original(*args, **kwargs)  # type: ignore[arg-type]
        return dataclasses.replace(document, sections=document.sections[:1], footnotes=())

    monkeypatch.setattr(pdf_reader, "build_document", lossy)


def test_a_pdf_whose_text_is_mostly_lost_is_an_error_naming_file_and_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _generated(tmp_path)
    _keep_first_section(monkeypatch)
    with pytest.raises(SourceError) as raised:
        read_pdf(path)
    message = str(raised.value)
    assert str(path) in message and "of the text its pages print could be placed" in message
    assert "page 2 yields none" in message, message


def test_a_build_fails_on_a_mostly_lost_pdf_naming_it_and_builds_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = _corpus_read_here(tmp_path, monkeypatch)
    shutil.copy(
        Path(__file__).parent.parent / "corpus" / "pakistan-russia-convergence-excerpt.txt", corpus
    )
    _keep_first_section(monkeypatch)
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 1
    (error,) = [r.getMessage() for r in caplog.records if "could be placed" in r.getMessage()]
    assert f"{corpus / 'paper.pdf'}: only 3% of the text" in error and "page 2 yields none" in error
    assert (site / "papers" / "pakistan-russia-convergence-excerpt" / "index.html").is_file()


def test_a_small_loss_warns_under_min_fidelity_pdf_and_fails_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = _corpus_read_here(tmp_path, monkeypatch)
    original = pdf_reader.build_document

    def drop_one_paragraph(*args: object, **kwargs: object) -> Document:
        document = original(*args, **kwargs)  # type: ignore[arg-type]
        first, *rest = document.sections[1:]
        blocks = tuple(b for b in first.blocks if not isinstance(b, Paragraph))[:1]
        kept = dataclasses.replace(first, blocks=blocks or first.blocks[:1])
        return dataclasses.replace(document, sections=(document.sections[0], kept, *rest))

    monkeypatch.setattr(pdf_reader, "build_document", drop_one_paragraph)
    args = ["build", "--corpus", str(corpus), "--site-dir", str(tmp_path / "site"), "--offline"]
    assert main(args) == 0, "without --strict a small loss is a warning"
    warnings = [r.getMessage() for r in caplog.records if "reach the page" in r.getMessage()]
    assert len(warnings) == 1 and "paper.pdf: only 9" in warnings[0], warnings
    assert "of the source's letters reach the page in order (minimum 98.0%)" in warnings[0]
    caplog.clear()
    assert main([*args, "--strict"]) == 1


def test_check_prints_the_share_and_what_was_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _generated(corpus)
    assert main(["check", "--corpus", str(corpus), "--strict"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = next(i for i, ln in enumerate(lines) if "reaching the page" in ln)
    share, furniture, left_out = lines[start : start + 3]
    assert re.fullmatch(r"  letters reaching the page in order: (99\.\d\d|100\.00)%", share)
    assert re.fullmatch(r"  set aside as page furniture: \d\.\d\d%", furniture), furniture
    assert left_out == "  left out (table and chart text): 0.00%", left_out


@needs_exparser
def test_a_paper_drawn_as_one_form_per_page_is_read_whole() -> None:
    """en-53781 draws each page as one Form XObject: its text was once taken for a chart
    and left out, so 66 of about 3,900 words reached the page."""
    document = read_pdf(EXPARSER / "en-53781.pdf")
    assert document.printed_title == (
        "Post-colonial State and Bureaucracy in Bangladesh: Theoretical Understanding"
    )
    assert len(document.sections) >= 10
    assert document.source_text is not None and document.source_text.left_out == 0
    paper = Paper(PaperMeta("en-53781", "en-53781.pdf"), document, EXPARSER / "en-53781.pdf")
    fidelity = measure_paper(paper)
    assert fidelity is not None and fidelity.share >= 0.98


@needs_exparser
@pytest.mark.parametrize(
    "name", ["en-22355", "en-5048", "de-list-12797", "de-notes-4336", "de-both-11653"]
)
def test_development_papers_keep_what_their_pages_print(name: str) -> None:
    path = EXPARSER / f"{name}.pdf"
    document = read_pdf(path)
    check_yield(document, path)
    source = document.source_text
    assert source is not None and source.furniture < 0.06 * source.total
    fidelity = measure_paper(Paper(PaperMeta(name, path.name), document, path))
    assert fidelity is not None and fidelity.share >= 0.98, fidelity


@needs_exparser
def test_a_caption_whose_chart_was_left_out_links_its_pdf_page() -> None:
    document = read_pdf(EXPARSER / "de-list-48117.pdf")
    page = render_document(document, PaperMeta("p", "p.pdf"), pdf_href="../../pdfs/p.pdf")
    line = next(ln for ln in page.splitlines() if ln.startswith("Tab. 1:"))
    assert line.endswith(
        "[See it in the PDF (PDF page\u00a03)](../../pdfs/p.pdf#page=3){ .pdf-figure }"
    ), line


@needs_exparser
def test_a_sentence_about_a_table_is_no_caption() -> None:
    """en-22355 page 7 leaves a table out; "Table 1 shows means ..." there is a sentence."""
    document = read_pdf(EXPARSER / "en-22355.pdf")
    page = render_document(document, PaperMeta("p", "p.pdf"), pdf_href="../../pdfs/p.pdf")
    sentences = [ln for ln in page.splitlines() if ln.startswith("Table 1 shows")]
    assert sentences and all(".pdf-figure" not in ln for ln in sentences)
    assert any(ln.startswith("TABLE 1") and ".pdf-figure" in ln for ln in page.splitlines())


@needs_exparser
def test_the_language_is_detected_and_a_yml_wins() -> None:
    from corpus_site.extract import read_source

    path = EXPARSER / "de-notes-4336.pdf"
    assert read_pdf(path).language == "de"
    assert read_source(path, PaperMeta("x", path.name, language="en")).language == "en"


def test_a_pdf_of_nothing_but_page_furniture_is_an_error(tmp_path: Path) -> None:
    """Five pages printing one line in the running-head band: all of it is furniture, and a
    page showing nothing would be the result; the read says so instead."""
    from tests import hostile_pdfs

    kids = b" ".join(b"%d 0 R" % (10 + n) for n in range(5))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + kids + b"] /Count 5 >>",
        4: hostile_pdfs.stream(hostile_pdfs.HELLO),  # at y = 700 of 792: the top band
        5: hostile_pdfs.FONT,
    }
    for n in range(5):
        objects[10 + n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        )
    path = hostile_pdfs.raw_pdf(objects, tmp_path / "heads.pdf")
    with pytest.raises(SourceError, match="taken for page furniture or left out"):
        read_pdf(path)


@needs_exparser
def test_glyphs_without_a_character_leave_no_cid_junk_and_are_reported() -> None:
    """de-list-48277 sets some passages in a font with no Unicode map: pdfminer names each
    glyph "(cid:N)". They are left out of the page and reported on their pages."""
    document = read_pdf(EXPARSER / "de-list-48277.pdf")
    page = render_document(document, PaperMeta("p", "p.pdf"))
    # (A colon in body text is written as "&#58;".)
    assert not re.search(r"\(cid(?::|&#58;)\d", page)
    reports = [
        d for d in document.diagnostics if "their font maps them to no character" in d.message
    ]
    assert reports and all(d.line >= 1 for d in reports)
    # The rest of the paper is still there.
    assert "Kann man die Auswirkungen des Mechanism" in page


@needs_exparser
def test_a_font_without_a_usable_map_leaves_no_punctuation_junk() -> None:
    """de-list-48117 sets a chart in fonts that map a fifth or more of their glyphs to no
    character; the glyphs they do map come out as "+,0;" and the like. All are left out."""
    document = read_pdf(EXPARSER / "de-list-48117.pdf")
    page = render_document(document, PaperMeta("p", "p.pdf"))
    assert "/443" not in page and "0+,2)" not in page.replace("\\", "")
    assert any("no character" in d.message for d in document.diagnostics)


@needs_exparser
def test_small_type_beside_a_column_is_not_spliced_into_its_lines() -> None:
    """de-list-48117's third column is set a size smaller than the others: a wide gap joins
    words of one type only, so its lines no longer run on into the neighbour column's."""
    document = read_pdf(EXPARSER / "de-list-48117.pdf")
    page = render_document(document, PaperMeta("p", "p.pdf"))
    assert "aus britischen Wirtschaftsministeriums" not in page
