"""A PDF in the corpus: its page links to the original file and to each printed page of it."""

from __future__ import annotations

import re
from pathlib import Path

from corpus_site.cli import main
from tests.pdfgen import write_paper
from tests.test_pdf_structure import journal_paper


def test_pdf_paper_links_the_original_and_each_printed_page(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_paper(journal_paper(), corpus / "journal-paper.pdf")
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site), "--strict"]) == 0
    assert (site / "pdfs" / "journal-paper.pdf").read_bytes()[:5] == b"%PDF-"
    page = (site / "papers" / "journal-paper" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdfs/journal-paper.pdf"' in page  # the header's "Original PDF"
    links = re.findall(r'href="../../pdfs/journal-paper.pdf#page=(\d+)"', page)
    markers = re.findall(r'id="page-(\d+)"', page)
    # The generated paper prints its pages from 113 on; PDF page 1 is printed page 113.
    assert markers[:2] == ["113", "114"]
    assert [int(n) for n in links] == [int(m) - 112 for m in markers]
    assert re.search(r'<meta name="citation_pdf_url" content="[^"]*pdfs/journal-paper.pdf">', page)
