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


# (font, size, x, baseline, text): the lines a crafted first page prints above the body.
Printed = list[tuple[str, float, float, float, str]]


def _first_page(path: Path, printed: Printed) -> Path:
    def top(canvas: Canvas) -> None:
        for font, size, x, y, text in printed:
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)

    return _page(path, top)


def test_a_section_label_over_the_title_is_no_title(tmp_path: Path) -> None:
    printed: Printed = [
        ("Helvetica-Bold", 20, 380, 760, "Rezensionen"),  # the journal's section, set apart
        ("Helvetica", 12, 72, 700, "Anna Beispiel (2015): Wege durch die Kindheit. Eine"),
        ("Helvetica", 12, 72, 686, "Analyse des Sozio-oekonomischen Panels"),
        ("Helvetica", 12, 72, 650, "Rezension von Berta Muster"),
    ]
    document = read_pdf(_first_page(tmp_path / "label.pdf", printed))
    assert document.printed_title == (
        "Anna Beispiel (2015): Wege durch die Kindheit. Eine Analyse des Sozio-oekonomischen Panels"
    )
    assert document.authors == ("Berta Muster",)
    assert document.byline == "Rezension von Berta Muster"  # the page prints more than names
    # The label stays on the page, above the body, and is no section heading.
    assert "Rezensionen" in document.author_notes
    assert all("Rezension" not in section.heading for section in document.sections)


def test_a_two_word_title_over_its_subtitle_is_the_title(tmp_path: Path) -> None:
    printed: Printed = [
        ("Times-Bold", 14, 72, 720, "Leading Change"),
        ("Times-Bold", 12, 72, 702, "The Role of the Principles for Responsible Management"),
        ("Times-Bold", 9.5, 72, 672, "ANNA MUSTER AND BERTA BEISPIEL"),
    ]
    document = read_pdf(_first_page(tmp_path / "short.pdf", printed))
    assert document.printed_title == "Leading Change"
    assert document.authors == ("ANNA MUSTER", "BERTA BEISPIEL")


def test_a_kicker_ending_in_a_colon_opens_the_title(tmp_path: Path) -> None:
    printed: Printed = [
        ("Helvetica", 60, 72, 740, "aktuell"),  # a masthead in the largest type
        ("Helvetica", 13, 72, 680, "Behindertenrechte:"),
        ("Helvetica", 22, 72, 656, "Den Aktionsplan zu einem wirksamen"),
        ("Helvetica", 22, 72, 632, "Instrument machen"),
    ]
    document = read_pdf(_first_page(tmp_path / "kicker.pdf", printed))
    assert document.printed_title == (
        "Behindertenrechte: Den Aktionsplan zu einem wirksamen Instrument machen"
    )


def test_title_lines_far_apart_are_two_blocks(tmp_path: Path) -> None:
    printed: Printed = [
        ("Times-Bold", 15, 72, 740, "VERA 8:"),
        ("Times-Bold", 15, 72, 710, "Vergleichsarbeiten im Schuljahr 2009/2010"),  # 2 lines on
        ("Times-Bold", 15, 72, 640, "Länderbericht Brandenburg"),  # a block of its own
    ]
    document = read_pdf(_first_page(tmp_path / "blocks.pdf", printed))
    assert document.printed_title == "VERA 8: Vergleichsarbeiten im Schuljahr 2009/2010"


def test_a_bold_title_in_body_type_with_its_author_below(tmp_path: Path) -> None:
    """A working paper's cover: series line, number, the title in bold body type, a
    subtitle, "von" and the author; nothing is larger than the body."""
    printed: Printed = [
        ("Times-Roman", 9, 150, 770, "DUISBURGER BEITRÄGE zur SOZIOLOGISCHEN FORSCHUNG"),
        ("Times-Roman", 9, 250, 750, "No. 2/1999"),
        ("Times-BoldItalic", 10, 230, 725, "Der große Zapfenstreich"),
        ("Times-Roman", 10, 180, 705, "Eine soziologische Analyse eines umstrittenen Rituals"),
        ("Times-Roman", 10, 280, 680, "von"),
        ("Times-Roman", 10, 255, 665, "Ulrich Steuten"),
    ]
    document = read_pdf(_first_page(tmp_path / "cover.pdf", printed))
    assert document.printed_title == "Der große Zapfenstreich"
    assert document.authors == ("Ulrich Steuten",)
    assert document.byline == "von Ulrich Steuten"
    assert "No. 2/1999" in document.author_notes


def test_a_bold_line_without_names_after_it_is_no_title(tmp_path: Path) -> None:
    printed: Printed = [("Times-Bold", 10, 72, 725, "Einleitung in das Thema")]
    document = read_pdf(_first_page(tmp_path / "heading.pdf", printed))
    assert document.printed_title is None


def test_under_a_label_a_bold_title_with_its_kicker_and_a_subtitle(tmp_path: Path) -> None:
    """A discussion paper's cover: the series label largest, then a kicker, the title in
    bold body type, a two-line subtitle whose first line looks like a name, the author."""
    printed: Printed = [
        ("Helvetica-Bold", 15, 380, 780, "discussion paper"),
        ("Helvetica", 10, 170, 700, "First line supervision without any supervisor:"),
        ("Helvetica-Bold", 10, 170, 688, "What Do Workers Think About Groupwork?"),
        ("Helvetica", 10, 170, 676, "Anthropological Fieldwork"),
        ("Helvetica", 10, 170, 664, "at Volkswagen Hanover"),
        ("Helvetica", 10, 170, 640, "Delphine Muster"),
    ]
    document = read_pdf(_first_page(tmp_path / "discussion.pdf", printed))
    assert document.printed_title == (
        "First line supervision without any supervisor: What Do Workers Think About Groupwork?"
    )
    assert document.authors == ("Delphine Muster",)


def test_a_byline_running_over_two_lines(tmp_path: Path) -> None:
    printed: Printed = [
        ("Times-Bold", 18, 72, 720, "Time Perspective and Correlates of Wellbeing"),
        ("Times-Bold", 12, 90, 690, "Lisa Muster, Elaine Beispiel, Fi Probe,"),
        ("Times-Bold", 12, 107, 676, "Clare Exempel and Colette Muster"),
    ]
    document = read_pdf(_first_page(tmp_path / "byline2.pdf", printed))
    assert document.authors == (
        "Lisa Muster",
        "Elaine Beispiel",
        "Fi Probe",
        "Clare Exempel",
        "Colette Muster",
    )
    assert all("Clare" not in section.heading for section in document.sections)
