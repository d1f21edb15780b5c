"""The title block of crafted first pages: a byline above the title, a vertical band, a
note called from the title."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from corpus_site.extract.pdf import read_pdf

LINE = "Der Text des Beitrags beginnt hier und geht in einer ganzen Zeile weiter fort."


def _page(path: Path, draw_top: object) -> Path:
    canvas = Canvas(str(path))
    draw_top(canvas)  # type: ignore[operator]
    canvas.setFont("Times-Roman", 10)
    for row in range(30):
        canvas.drawString(72, 600 - row * 12, LINE)
    canvas.setFont("Times-Roman", 7)
    canvas.drawString(72, 200, "1 Eine Anmerkung zum Titel des Beitrags.")
    canvas.save()
    return path


def test_names_above_a_bold_title_are_its_authors(tmp_path: Path) -> None:
    def top(canvas: Canvas) -> None:
        canvas.setFont("Times-Roman", 14)
        canvas.drawString(72, 720, "Peter Muster / Thomas Beispiel")
        title = "Die ganze Vernetzung der inneren Sicherheit"
        canvas.setFont("Times-Bold", 12)
        canvas.drawString(72, 690, title)
        canvas.setFont("Times-Bold", 8)
        end = 72 + canvas.stringWidth(title, "Times-Bold", 12)
        canvas.drawString(end, 690.9, "1")  # the title's note call, raised 0.9 pt

    document = read_pdf(_page(tmp_path / "byline.pdf", top))
    assert document.printed_title == "Die ganze Vernetzung der inneren Sicherheit"
    assert document.authors == ("Peter Muster", "Thomas Beispiel")
    # The note the title calls is the article's note, not a note without a call.
    assert document.author_notes == ("Eine Anmerkung zum Titel des Beitrags.",)
    assert not document.footnotes


def test_a_vertical_band_stays_out_of_the_title(tmp_path: Path) -> None:
    def top(canvas: Canvas) -> None:
        canvas.setFont("Times-Bold", 16)
        canvas.drawString(120, 700, "Migration und Entwicklung in Spanien und Deutsch-")
        canvas.drawString(120, 680, "land im Vergleich")
        canvas.saveState()
        canvas.translate(60, 500)
        canvas.rotate(90)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(0, 0, "CENTRE ON MIGRATION AND DEVELOPMENT")
        canvas.restoreState()

    document = read_pdf(_page(tmp_path / "band.pdf", top))
    assert (
        document.printed_title
        == "Migration und Entwicklung in Spanien und Deutschland im Vergleich"
    )
    assert document.source_text is not None and document.source_text.left_out > 0
