"""What a PDF says about itself reaches the paper's metadata where no `.yml` speaks: checked
against the first pages of development papers of several layouts (values read off the page
images: a cover sheet's suggested citation, mastheads, running heads, footers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_site.extract import read_source
from corpus_site.metadata import with_printed
from corpus_site.model import PaperMeta

EXPARSER = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "exparser" / "pdfs"
pytestmark = pytest.mark.skipif(not EXPARSER.is_dir(), reason="development PDFs absent")

CASES = {
    # SSOAR cover sheet: "Zdun, S. (2012). Russlanddeutsche im Jugendstrafvollzug : ...
    # Soziale Probleme, 23(1), 67-96."; the article starts on page 2.
    "de-list-39796": {
        "title": "Russlanddeutsche im Jugendstrafvollzug : eine explorative Studie über "
        "ethnische Gruppenbildung, Ehre und Gewalt im Strafvollzug",
        "journal": "Soziale Probleme",
        "year": 2012,
        "volume": "23",
        "issue": "1",
        "pages": "67-96",
        "language": "de",
    },
    # Masthead: "Time & Society Copyright © 2008 ... Vol. 17(1): 47–61 ... DOI: ...".
    "en-22355": {
        "journal": "Time & Society",
        "year": 2008,
        "volume": "17",
        "issue": "1",
        "pages": "47–61",
        "doi": "10.1177/0961463X07086304",
        "language": "en",
    },
    # Running head "zfwu, 8/2 (2007), 159-177".
    "de-list-34869": {
        "journal": "zfwu",
        "year": 2007,
        "volume": "8",
        "issue": "2",
        "pages": "159-177",
        "language": "de",
    },
    # Footer citation "Africa Spectrum 2/2011: 71-97".
    "en-28240": {"journal": "Africa Spectrum", "year": 2011, "issue": "2", "pages": "71-97"},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_what_the_first_pages_print_fills_the_metadata(name: str) -> None:
    path = EXPARSER / f"{name}.pdf"
    bare = PaperMeta(slug=name, source=path.name)
    meta = with_printed(bare, read_source(path, bare))
    for field, expected in CASES[name].items():
        assert getattr(meta, field) == expected, field


def test_a_yml_wins_over_what_the_pdf_prints() -> None:
    path = EXPARSER / "en-22355.pdf"
    said = PaperMeta(slug="x", source=path.name, journal="Edited Journal", year=1999)
    meta = with_printed(said, read_source(path, said))
    assert (meta.journal, meta.year, meta.volume) == ("Edited Journal", 1999, "17")
    assert meta.language == "en"  # not said: the detected language


TRUTH = EXPARSER.parent / "truth"


@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("en-24631", "same size, the weight changes"),
        ("de-list-18257", "same size, after the line ending a sentence"),
        ("de-both-42361", "smaller type under the title, authors below it"),
        ("de-list-34869", "smaller bold type under a title ending in a note mark"),
    ],
)
def test_the_subtitle_is_told_from_the_title(name: str, how: str) -> None:
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    document = read_source(EXPARSER / f"{name}.pdf", PaperMeta(name, f"{name}.pdf"))
    assert (document.printed_title, document.printed_subtitle) == (
        truth["title"],
        truth["subtitle"],
    ), how


def test_a_series_line_under_the_title_is_no_subtitle() -> None:
    """de-list-44099 prints "Heft 45/2002" in subtitle type under its title."""
    document = read_source(EXPARSER / "de-list-44099.pdf", PaperMeta("x", "x.pdf"))
    assert document.printed_subtitle is None


@pytest.mark.parametrize("name", ["de-list-34869", "de-list-48284"])
def test_pages_printed_nowhere_are_numbered_from_the_cited_range(name: str) -> None:
    """No page number is found on these pages, but the first pages cite the article's range
    (truth `printed_pages`), which spans exactly its pages."""
    truth = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    document = read_source(EXPARSER / f"{name}.pdf", PaperMeta(name, f"{name}.pdf"))
    first, last = truth["printed_pages"]
    assert document.page_markers == tuple(str(n) for n in range(first, last + 1))
