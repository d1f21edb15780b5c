"""Heading units that head no section become paragraphs: contents entries, bold lists."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from corpus_site.extract.lines import Geometry, Line
from corpus_site.extract.outline import settle_headings
from corpus_site.extract.pdf import read_pdf
from corpus_site.extract.segment import Unit

PROSE = "This sentence of the section carries its argument a little further on. " * 6


def _unit(kind: str, text: str, size: float = 10.0, level: int = 2) -> Unit:
    geometry = Geometry(1, 60, 300, 700, size, kind == "heading", False, 60, 500)
    unit = Unit(kind, level=level)
    unit.add(Line([text], 1, geometry))
    return unit


def _headings(units: list[Unit]) -> list[str]:
    return [unit.text for unit in units if unit.kind == "heading"]


def test_contents_entries_are_paragraphs_and_the_sections_stay() -> None:
    units = [
        _unit("heading", "Contents"),
        _unit("heading", "1 Introduction .......... 3"),
        _unit("heading", "2 Method 5"),
        _unit("heading", "3 Results"),
        _unit("heading", "1 Introduction"),
        _unit("para", PROSE),
        _unit("heading", "2 Method"),
        _unit("para", PROSE),
        _unit("heading", "3 Results"),
        _unit("para", PROSE),
    ]
    settle_headings(units)
    assert _headings(units) == ["1 Introduction", "2 Method", "3 Results"]
    # Their words stay, in place.
    assert [unit.text for unit in units[:4]] == [
        "Contents",
        "1 Introduction .......... 3",
        "2 Method 5",
        "3 Results",
    ]


def test_one_repeated_heading_is_no_table_of_contents() -> None:
    units = [
        _unit("heading", "Notes"),
        _unit("para", "Short."),
        _unit("heading", "Method"),
        _unit("para", PROSE),
        _unit("heading", "Notes"),
        _unit("para", PROSE),
    ]
    settle_headings(units)
    assert _headings(units) == ["Notes", "Method", "Notes"]


def test_a_run_of_bold_lines_with_little_under_each_is_a_list() -> None:
    # An imprint or a series' list of titles: a name or label in bold, a line below it.
    units = [_unit("heading", "Results"), _unit("para", PROSE)]
    for name in ["Ann Example", "Bo Sample", "Cy Test", "Di Probe"]:
        units += [_unit("heading", name), _unit("para", "A title of a working paper, 2005")]
    settle_headings(units)
    assert _headings(units) == ["Results"]


def test_a_larger_heading_over_such_a_list_stays() -> None:
    units = [_unit("heading", "In this series", size=14)]
    for name in ["Ann Example", "Bo Sample", "Cy Test"]:
        units += [_unit("heading", name), _unit("para", "A title, 2005")]
    settle_headings(units)
    assert _headings(units) == ["In this series"]


def test_two_short_sections_and_a_chapter_over_its_subsections_stay() -> None:
    units = [
        _unit("heading", "Abstract"),
        _unit("para", "One short abstract."),
        _unit("heading", "Keywords"),
        _unit("para", "tests; outlines"),
        _unit("heading", "1 Method"),
        _unit("heading", "1.1 Data", level=3),
        _unit("heading", "1.1.1 Sources", level=4),
        _unit("para", PROSE),
        _unit("heading", "2 Results"),
        _unit("para", PROSE),
    ]
    settle_headings(units)
    assert len(_headings(units)) == 6


def test_overprinted_text_is_read_once_and_bold(tmp_path: Path) -> None:
    # Some producers fake a bold face by printing a line four times, a quarter point apart.
    path = tmp_path / "overprint.pdf"
    canvas = Canvas(str(path))
    for dx, dy in [(0, 0), (0.24, 0), (0, 0.24), (0.24, 0.24)]:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72 + dx, 700 + dy, "1 Einleitung")
    canvas.setFont("Helvetica", 10)
    y = 680.0
    for _ in range(12):
        canvas.drawString(72, y, "Der Text des Abschnitts geht hier in einer ganzen Zeile weiter.")
        y -= 12
    canvas.save()
    document = read_pdf(path)
    assert [section.heading for section in document.sections] == ["1 Einleitung"]
    assert "Einleitung" not in "".join(
        part.text
        for block in document.sections[0].blocks
        for part in getattr(block, "inlines", ())
        if hasattr(part, "text")
    )


def test_headings_and_titles_join_a_word_split_at_the_line_end(tmp_path: Path) -> None:
    from tests.pdfgen import Block, Paper, write_paper

    filler = "The argument is developed at some length in this sentence of the paper. " * 5
    paper = Paper(
        blocks=[
            Block("title", "The Develop-\nment of Regional Cooperation"),
            Block("authors", "Ann Example"),
            Block(
                "heading",
                "1. The Slow and Uneven Growth of Regional Trade and of the Great Sea Ports in its "
                "Develop-\nment",
            ),
            Block("para", filler),
            Block("heading", "\u201cGroupwork\u201d between Innovation and Recurrence"),
            Block("para", filler),
        ]
    )
    document = read_pdf(write_paper(paper, tmp_path / "split.pdf"))
    assert document.printed_title == "The Development of Regional Cooperation"
    assert [section.heading for section in document.sections] == [
        "1. The Slow and Uneven Growth of Regional Trade and of the Great Sea Ports in its "
        "Development",
        "\u201cGroupwork\u201d between Innovation and Recurrence",
    ]


def test_a_short_italic_line_set_apart_is_a_subheading(tmp_path: Path) -> None:
    path = tmp_path / "italic.pdf"
    canvas = Canvas(str(path))
    line = "Der Text des Abschnitts geht hier in einer ganzen Zeile weiter und weiter fort."
    y = 760.0

    def write(text: str, font: str = "Times-Roman", gap: float = 12.0) -> None:
        nonlocal y
        y -= gap
        canvas.setFont(font, 10)
        canvas.drawString(72, y, text)

    for _ in range(8):
        write(line)
    write("Phase 1: Anwerbung von Gastarbeitern", "Times-Italic", gap=30)
    for _ in range(8):
        write(line)
    write("Schlagwörter: Arbeit, Migration", "Times-Italic", gap=30)  # a run-in label
    write(line)
    write("Ein Zitat in kursiver Schrift, das eine ganze Zeile füllt, wie hier", "Times-Italic", 30)
    for _ in range(4):
        write(line)
    canvas.save()
    headings = [section.heading for section in read_pdf(path).sections if section.heading]
    assert headings == ["Phase 1: Anwerbung von Gastarbeitern"]


def test_a_number_closed_by_a_parenthesis_opens_a_heading() -> None:
    from corpus_site.extract.print_cues import PrintGeometry

    def line(text: str, x1: float, baseline: float) -> Line:
        return Line([text], 14, Geometry(14, 72, x1, baseline, 12, False, False, 72, 525))

    heading = line("3.1) Klassenspezifische Leistungszurechnungen in der Bildungsphase", 405, 500)
    item = line("1) ein Punkt einer Liste, wie ihn der Text aufzählt", 300, 480)
    body = [line(PROSE[:90], 525, 460 - 14 * row) for row in range(6)]
    cues = PrintGeometry([heading, item, *body], 12)
    assert cues.heading_level(heading) == 3
    assert cues.heading_level(item) is None


def test_short_sections_that_say_something_stay_sections() -> None:
    # The back matter of a modern article: short sections, each a sentence or two.
    units = [_unit("heading", "Conclusion"), _unit("para", PROSE)]
    for heading, text in [
        ("Acknowledgements", "We thank the reviewers for their comments."),
        ("Funding", "The authors received no financial support for this research."),
        ("Declaration of Conflicting Interests", "The authors declare no conflicts."),
        ("Data Availability", "The data are available from the authors on request."),
    ]:
        units += [_unit("heading", heading), _unit("para", text)]
    settle_headings(units)
    assert len(_headings(units)) == 5


def test_an_italic_subheading_in_one_and_a_half_spacing(tmp_path: Path) -> None:
    # 1.5-spaced text (pitch 18 pt at 11 pt): the subheading stands 26 pt under the text, a
    # pitch and most of a line more, which 1.7 pitches (31 pt) would miss.
    path = tmp_path / "spaced.pdf"
    canvas = Canvas(str(path))
    line = "Der Text des Abschnitts geht hier in einer ganzen Zeile weiter und fort."
    y = 760.0
    for gap, font, text in (
        [(18, "Times-Roman", line)] * 8
        + [(26, "Times-Italic", "Phase 3: Green Card – Neues Gesetz – Integration (1998 - heute)")]
        + [(18, "Times-Roman", line)] * 8
    ):
        y -= gap
        canvas.setFont(font, 11)
        canvas.drawString(72, y, text)
    canvas.save()
    headings = [section.heading for section in read_pdf(path).sections if section.heading]
    assert headings == ["Phase 3: Green Card – Neues Gesetz – Integration (1998 - heute)"]


def test_a_caption_title_under_its_label_is_no_section() -> None:
    units = [
        _unit("heading", "Results"),
        _unit("para", PROSE),
        _unit("para", "TABLE 1"),
        _unit("heading", "Descriptive statistics for the two samples"),
        _unit("para", "Tabelle 3:"),
        _unit("heading", "Ergebnisse der Regression"),
        _unit("heading", "Discussion"),
        _unit("para", PROSE),
    ]
    settle_headings(units)
    assert _headings(units) == ["Results", "Discussion"]
    # Their words stay, in place.
    assert units[3].text == "Descriptive statistics for the two samples"


def test_the_title_printed_again_is_no_section() -> None:
    units = [
        _unit("para", "First line supervision without any supervisor:"),
        _unit("heading", "What Do Workers Think About Groupwork?"),
        _unit("para", PROSE),
        _unit("heading", "Groupwork"),  # one word of the title: a section of its own
        _unit("para", PROSE),
    ]
    settle_headings(
        units,
        "First line supervision without any supervisor: What Do Workers Think About Groupwork?",
    )
    assert _headings(units) == ["Groupwork"]


def test_a_section_named_like_part_of_the_title_stays() -> None:
    units = [
        _unit("heading", "Introduction"),
        _unit("para", PROSE),
        _unit("heading", "Russia’s Strategic Calculus in South Asia"),
        _unit("para", PROSE),
    ]
    settle_headings(
        units, "Russia’s Strategic Calculus in South Asia and Pakistan’s Role: Prospects"
    )
    assert _headings(units) == ["Introduction", "Russia’s Strategic Calculus in South Asia"]
