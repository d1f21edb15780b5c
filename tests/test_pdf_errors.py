"""Unreadable PDFs fail with one line that names the file and says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus_site.errors import SourceError
from corpus_site.extract.pdf import read_pdf
from tests.pdfgen import Block, Paper, write_image_only_pdf, write_paper


def small_paper() -> Paper:
    return Paper(
        blocks=[
            Block("title", "A Short Paper"),
            Block("heading", "1. Only"),
            Block("para", "One short paragraph."),
        ]
    )


def failure(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_pdf(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message


def test_encrypted_pdf_says_a_password_would_help(tmp_path: Path) -> None:
    paper = small_paper()
    paper.encrypt_password = "user-secret"
    message = failure(write_paper(paper, tmp_path / "locked.pdf"))
    assert "encrypted" in message and "a password would help" in message


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    message = failure(write_image_only_pdf(tmp_path / "scan.pdf"))
    assert "no text layer (scanned image; run OCR first)" in message


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = write_paper(small_paper(), tmp_path / "whole.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) // 2])
    assert "truncated" in failure(cut)


def test_corrupt_pdf(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n")
    assert "corrupt" in failure(broken)


def test_html_saved_as_pdf(tmp_path: Path) -> None:
    page = tmp_path / "download.pdf"
    page.write_text("<!doctype html><html><body>Access denied</body></html>")
    message = failure(page)
    assert "not a PDF" in message and "HTML" in message


def test_text_file_named_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("just some notes\n")
    assert "not a PDF" in failure(notes)


def test_owner_password_only_pdf_still_reads(tmp_path: Path) -> None:
    paper = small_paper()
    paper.encrypt_password = ""  # opens without a password, like most "protected" papers
    document = read_pdf(write_paper(paper, tmp_path / "owner-only.pdf"))
    assert [s.heading for s in document.sections] == ["1. Only"]
