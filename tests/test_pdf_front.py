"""What a PDF prints about its own publication (extract/pdf_front.py): crafted lines, and the
EXCITE corpus in ../shared/pdfs/exparser, every expected value checked on the page images."""

from __future__ import annotations

import json
import re
import time
from functools import cache
from typing import Any

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from corpus_site.extract.pdf_front import is_cover_sheet, printed_fields
from tests.conftest import SHARED_PDFS

EXPARSER = SHARED_PDFS / "exparser"
NAMES = sorted(path.stem for path in (EXPARSER / "pdfs").glob("*.pdf"))
# The SSOAR cover sheets of the corpus, found by reading the first page of all 40 papers.
COVERS = ["de-list-27432", "de-list-39796", "de-list-39854", "de-list-45570", "de-list-48277"]
COVERS += ["en-54422"]


@cache
def read(name: str) -> tuple[list[list[str]], dict[str, str]]:
    """The text lines of a paper's first three pages and its info dictionary, as the caller
    gives them: running heads, page numbers and margin lines included."""
    path = EXPARSER / "pdfs" / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not available outside CI")
    pages = [
        [
            line.get_text().strip()
            for box in page
            if isinstance(box, LTTextContainer)
            for line in box
            if isinstance(line, LTTextLine)
        ]
        for page in extract_pages(path, maxpages=3)
    ]
    with path.open("rb") as file:
        entries: dict[str, Any] = (PDFDocument(PDFParser(file)).info or [{}])[0]
        info = {key: resolve1(value) for key, value in entries.items()}
    text = {k: decode_text(v) if isinstance(v, bytes) else v for k, v in info.items()}
    return pages, {key: value for key, value in text.items() if isinstance(value, str)}


def fields_of(name: str) -> dict[str, str]:
    return printed_fields(*read(name))


def truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPARSER / "truth" / f"{name}.json").read_text("utf-8"))
    return data


# --- the truth papers: printed page ranges ------------------------------------------------

# The four truth papers whose first pages print their page range (checked on the images):
# a footer "zfwu 8/2 (2007), 159-177", a footer "... Heft 2-2016, S. 253-256", SAGE's
# "VOL. 17 No. 1 (2008), pp. 47–61" and "Volume 8 (3): 433–448" in the margin masthead.
PRINTED_RANGE = ["de-list-34869", "de-list-48284", "en-22355", "en-22925"]
# The other fifteen print only the number of each page (or none) on their first three pages:
# no range to find, so none may be reported. (en-45661 has no printed pages in the truth; its
# "Cite as:" block gives the published chapter's pages 113-120, see below.)
NO_RANGE = ["de-both-11653", "de-both-11696", "de-both-31474", "de-both-35357", "de-both-42361"]
NO_RANGE += ["de-list-12797", "de-list-18257", "de-list-44099", "de-notes-20178"]
NO_RANGE += ["de-notes-41740", "de-notes-42398", "de-notes-4336", "de-notes-4782"]
NO_RANGE += ["en-11018", "en-24631"]


def test_the_truth_papers_are_all_accounted_for() -> None:
    if not EXPARSER.exists():
        pytest.skip(f"{EXPARSER} is not available outside CI")
    printed = {path.stem for path in (EXPARSER / "truth").glob("*.json")}
    printed = {name for name in printed if truth(name)["printed_pages"]}
    assert printed == set(PRINTED_RANGE + NO_RANGE)


@pytest.mark.parametrize("name", PRINTED_RANGE)
def test_page_range_printed_on_the_first_pages_is_the_truths(name: str) -> None:
    pages = fields_of(name)["pages"]
    assert [int(number) for number in re.split("[-–]", pages)] == truth(name)["printed_pages"]


@pytest.mark.parametrize("name", NO_RANGE)
def test_no_range_is_found_where_none_is_printed(name: str) -> None:
    assert "pages" not in fields_of(name)


# --- development papers of different layouts, checked on the page images ------------------

DEVELOPMENT = {
    # SAGE: a copyright line over "VOL. 17 No. 1 (2008), pp. 47–61 0961-463X DOI: ..." at
    # the foot of page 1, small-caps running head "TIME & SOCIETY 17(1)".
    "en-22355": {
        "journal": "Time & Society",
        "year": "2008",
        "volume": "17",
        "issue": "1",
        "pages": "47–61",
        "doi": "10.1177/0961463X07086304",
    },
    # SAGE: masthead in the margin (journal, DOI, "Volume 8 (3): 433–448", "Copyright© 2007"),
    # running head "European Union Politics 8(3)".
    "en-22925": {
        "journal": "European Union Politics",
        "year": "2007",
        "volume": "8",
        "issue": "3",
        "pages": "433–448",
        "doi": "10.1177/1465116507079550",
    },
    # Footer on odd pages: "zfwu 8/2 (2007), 159-177".
    "de-list-34869": {
        "journal": "zfwu",
        "year": "2007",
        "volume": "8",
        "issue": "2",
        "pages": "159-177",
    },
    # Footer of page 1: "Historical Social Research, Vol. 34 — 2009 — No. 3, 215-229".
    "en-28725": {
        "journal": "Historical Social Research",
        "year": "2009",
        "volume": "34",
        "issue": "3",
        "pages": "215-229",
    },
    # Header of page 1: "Africa Spectrum 2/2011: 71-97".
    "en-28240": {"journal": "Africa Spectrum", "year": "2011", "issue": "2", "pages": "71-97"},
    # Footer of page 1: "BIOS, Jg. 24 (2011), Heft 2"; no range printed.
    "en-39222": {"journal": "BIOS", "year": "2011", "volume": "24", "issue": "2"},
    # Running head with the DOI, running foot "J. res.: fundam. care. online 2015. jul./set.
    # 7(3):2659-2669"; the journal's full name is only in the banner image.
    "en-53995": {
        "journal": "J. res.: fundam. care. online",
        "year": "2015",
        "volume": "7",
        "issue": "3",
        "pages": "2659-2669",
        "doi": "10.9789/2175-5361.2015.v7i3.2659-2669",
    },
    # Masthead: the journal over "ISSN: 2300-2697, Vol. 7, pp 43-54", a DOI, "© 2013 ...".
    "en-53781": {
        "journal": "International Letters of Social and Humanistic Sciences",
        "year": "2013",
        "volume": "7",
        "pages": "43-54",
        "doi": "10.18052/www.scipress.com/ILSHS.7.43",
    },
    # Online journal, footer on every page: "kommunikation@gesellschaft, Jg.6, 2005,
    # Forschungsnotiz 1." (an article number, not an issue) over the URN link.
    "de-list-12797": {
        "journal": "kommunikation@gesellschaft",
        "year": "2005",
        "volume": "6",
        "url": "http://nbn-resolving.de/urn:nbn:de:0228-200506115",
        "urn": "urn:nbn:de:0228-200506115",
    },
    # Footer of page 2: "EUROPA REGIONAL 13(2005)1", in capitals only.
    "de-list-48117": {"journal": "EUROPA REGIONAL", "year": "2005", "volume": "13", "issue": "1"},
    # Running head on every page: "Statistisches Monatsheft Baden-Württemberg 4/2012".
    "de-notes-41740": {
        "journal": "Statistisches Monatsheft Baden-Württemberg",
        "year": "2012",
        "issue": "4",
    },
    # A bilingual footer "Diskurs Kindheits- und Jugendforschung/ Discourse. Journal of ...
    # Heft 2-2016, S. 253-256" and the running head with the German name only.
    "de-list-48284": {
        "journal": "Diskurs Kindheits- und Jugendforschung",
        "year": "2016",
        "issue": "2",
        "pages": "253-256",
    },
    # A discussion-paper series: footer "IAB-Discussion Paper 2/2010" (also the info Subject).
    "de-both-42361": {"journal": "IAB-Discussion Paper", "year": "2010", "issue": "2"},
    # Series title page: "No. 2/1999" and "ISSN 0949-8516 (Duisburger Beiträge ...)".
    "de-both-11653": {
        "journal": "Duisburger Beiträge zur soziologischen Forschung",
        "year": "1999",
        "issue": "2",
    },
    # "Cite as:" under the byline: a chapter in an edited book, so no journal.
    "en-45661": {"year": "2008", "pages": "113-120"},
    # SSOAR cover sheets: APA style "Soziale Probleme, 23(1), 67-96." ...
    "de-list-39796": {
        "journal": "Soziale Probleme",
        "year": "2012",
        "volume": "23",
        "issue": "1",
        "pages": "67-96",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-397965",
        "urn": "urn:nbn:de:0168-ssoar-397965",
    },
    # ... "Europa Regional, 7.1999(4), 14-22." (the page footer: "EUROPA REGIONAL 7(1999)4") ...
    "de-list-48277": {
        "journal": "Europa Regional",
        "year": "1999",
        "volume": "7",
        "issue": "4",
        "pages": "14-22",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-48277-2",
        "urn": "urn:nbn:de:0168-ssoar-48277-2",
    },
    # ... DIN style "In: Diskurs Kindheits- und Jugendforschung 10 (2015), 4, 485-488." ...
    "de-list-45570": {
        "journal": "Diskurs Kindheits- und Jugendforschung",
        "year": "2015",
        "volume": "10",
        "issue": "4",
        "pages": "485-488",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-455701",
        "urn": "urn:nbn:de:0168-ssoar-455701",
    },
    # ... "6 (2014), supl., pp. 90-101. DOI: https://doi.org/..." and "citable under" ...
    "en-54422": {
        "journal": "Revista de Pesquisa: Cuidado é Fundamental Online",
        "year": "2014",
        "volume": "6",
        "pages": "90-101",
        "doi": "10.9789/2175-5361.2014.v6i5.90-101",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-54422-8",
        "urn": "urn:nbn:de:0168-ssoar-54422-8",
    },
    # ... and a working paper "Hamburg, 2008 (GIGA Focus Nahost 9)" ("Nummer 9 / 2008").
    "de-list-27432": {
        "journal": "GIGA Focus Nahost",
        "year": "2008",
        "issue": "9",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-274324",
        "urn": "urn:nbn:de:0168-ssoar-274324",
    },
}


@pytest.mark.parametrize("name", sorted(DEVELOPMENT))
def test_fields_checked_on_the_page_images(name: str) -> None:
    assert fields_of(name) == DEVELOPMENT[name]


@pytest.mark.parametrize("name", NAMES or ["de-list-39796"])
def test_cover_sheets_of_the_corpus(name: str) -> None:
    pages, _ = read(name)
    assert [is_cover_sheet(page) for page in pages[:2]] == [name in COVERS, False]


# --- crafted lines --------------------------------------------------------------------------

SSOAR_DE = [
    "www.ssoar.info",
    "Ein Titel : mit Untertitel",
    "Muster, Hans",
    "Veröffentlichungsversion / Published Version",
    "Empfohlene Zitierung / Suggested Citation:",
    "Muster, Hans: Ein Titel : mit Untertitel. In: Zeitschrift für Soziologie 31 (2002) 4,",
    "S. 299-317. http://nbn-resolving.de/urn:nbn:de:0168-",
    "ssoar-12345",
    "Nutzungsbedingungen:",
    "Dieser Text wird unter einer Deposit-Lizenz zur Verfügung gestellt.",
    "Terms of use:",
]
SSOAR_EN = [
    "www.ssoar.info",
    "Empfohlene Zitierung / Suggested Citation:",
    "Doe, Jane: A title. In: Journal Name 12 (2003), 3, pp. 45-67. DOI: https://doi.org/",
    "10.1234/jn.2003.45",
    "Terms of use:",
]
ARTICLE = ["A Title", "Jane Doe", "Abstract", "Body text of the article."]


def test_a_german_cover_sheet_citation() -> None:
    assert is_cover_sheet(SSOAR_DE) and not is_cover_sheet(ARTICLE)
    assert printed_fields([SSOAR_DE, ARTICLE], {}) == {
        "journal": "Zeitschrift für Soziologie",
        "year": "2002",
        "volume": "31",
        "issue": "4",
        "pages": "299-317",
        "url": "http://nbn-resolving.de/urn:nbn:de:0168-ssoar-12345",
        "urn": "urn:nbn:de:0168-ssoar-12345",
    }


def test_an_english_cover_sheet_citation_and_an_apa_one() -> None:
    found = printed_fields([SSOAR_EN, ARTICLE], {})
    assert found == {
        "journal": "Journal Name",
        "year": "2003",
        "volume": "12",
        "issue": "3",
        "pages": "45-67",
        "doi": "10.1234/jn.2003.45",
    }
    apa = ["Suggested Citation:", "Doe, J. (2010). Title of 1999. Journal of Things, 5(2), 10-20."]
    assert printed_fields([[*apa, "Terms of use:"]], {})["journal"] == "Journal of Things"


def test_the_cover_sheet_wins_over_the_masthead() -> None:
    masthead = ["Other Journal, Vol. 99, No. 1 (1990), pp. 1-2", *ARTICLE]
    assert printed_fields([SSOAR_EN, masthead], {})["journal"] == "Journal Name"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Journal of X, Vol. 12, No. 3 (2003), pp. 45–67",
            {"journal": "Journal of X", "volume": "12", "issue": "3", "year": "2003"},
        ),
        (
            "Zeitschrift für Soziologie, Jg. 25, Heft 4, August 1996, S. 251–270",
            {"journal": "Zeitschrift für Soziologie", "volume": "25", "issue": "4"},
        ),
        ("Zeitschrift 31 (2002) 4, S. 299-317", {"volume": "31", "issue": "4", "year": "2002"}),
        ("48 JOURNAL OF THINGS 17(1)", {"journal": "JOURNAL OF THINGS", "volume": "17"}),
        (
            "Media and Communication (ISSN: 2183–2439), Vol. 5",
            {"journal": "Media and Communication"},
        ),
        ("2017, Volume 5, Issue 3, Pages 95–102", {"volume": "5", "issue": "3", "pages": "95–102"}),
        ("23. Jahrgang 2012, Heft 1", {"volume": "23", "issue": "1", "year": "2012"}),
        ("Statistisches Monatsheft 4/2012", {"journal": "Statistisches Monatsheft", "issue": "4"}),
        ("soFid Familienforschung 2007/2", {"issue": "2", "year": "2007"}),
    ],
)
def test_masthead_lines(line: str, expected: dict[str, str]) -> None:
    found = printed_fields([[line, *ARTICLE]], {})
    assert {key: found.get(key) for key in expected} == expected


def test_a_journal_named_on_the_line_above_its_volume() -> None:
    lines = ["Journal of Things copyright © 2008 Publisher", "VOL. 17 No. 1 (2008), pp. 47–61"]
    found = printed_fields([[*lines, *ARTICLE]], {})
    assert (found["journal"], found["pages"]) == ("Journal of Things", "47–61")


@pytest.mark.parametrize(
    ("printed", "doi"),
    [
        ("doi:10.1000/xyz123).", "10.1000/xyz123"),
        ("DOI: 10.1016/S0140-6736(08)61345-8.", "10.1016/S0140-6736(08)61345-8"),
        ("https://doi.org/10.1234/abc.def,", "10.1234/abc.def"),
        ("(DOI 10.5555/x-y;z)", "10.5555/x-y;z"),
        ("<https://doi.org/10.1234/in.angles>.", "10.1234/in.angles"),
        (
            "DOI: 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
        ),
    ],
)
def test_doi_trimmed_of_the_punctuation_after_it(printed: str, doi: str) -> None:
    assert printed_fields([[printed, *ARTICLE]], {})["doi"] == doi


def test_doi_and_citation_from_the_info_dictionary_come_last() -> None:
    info = {"Subject": "IAB-Discussion Paper 2/2010", "Keywords": "doi:10.1234/k."}
    assert printed_fields([ARTICLE], info) == {
        "journal": "IAB-Discussion Paper",
        "issue": "2",
        "year": "2010",
        "doi": "10.1234/k",
    }
    assert printed_fields([["DOI: 10.1/no", "DOI: 10.9999/page", *ARTICLE]], info)["doi"] == (
        "10.9999/page"
    )


@pytest.mark.parametrize(
    "line", ["Nummer 2 / 2012", "Heft 2-2016", "Journal, Vol. 3, 1998-2001", "No. 4, 2-2016"]
)
def test_a_year_is_never_taken_for_a_page(line: str) -> None:
    assert "pages" not in printed_fields([[line, *ARTICLE]], {})


def test_nummer_2_2012_is_an_issue_and_a_year() -> None:
    assert printed_fields([["Nummer 2 / 2012", *ARTICLE]], {}) == {"issue": "2", "year": "2012"}


def test_years_outside_1800_to_2100_are_no_years() -> None:
    found = printed_fields([["Journal, Vol. 3 (1799), No. 2", "Journal, No. 5/2101"]], {})
    assert "year" not in found


def test_citations_in_footnotes_are_of_other_works() -> None:
    notes = ["8 Vgl. Thomas Klein, Die Geburt, in: Zeitschrift für Soziologie,"]
    notes += ["32 (2003), S. 506-527.", "9 Klein, in: Journal, 63 (2001), S. 1134-1145."]
    notes += ["10/2006, S. 13 ff."]
    assert printed_fields([[*ARTICLE, *ARTICLE, *notes]], {}) == {}


@pytest.mark.parametrize(
    "line",
    [
        "No. 5 of the series was published in a hurry by the",
        "Smith argued in Politics 12(3) that the state is not what it",
    ],
)
def test_body_text_at_the_top_of_a_page_is_no_masthead(line: str) -> None:
    assert printed_fields([[line, *ARTICLE]], {}) == {}


def test_a_doi_in_a_reference_at_the_foot_of_a_page_is_not_the_papers() -> None:
    notes = ["1 Smith, J. (2003). A title. Journal, 12(3), 45-67. doi:10.1234/other"]
    assert printed_fields([[*ARTICLE, *ARTICLE, *notes]], {}) == {}


def test_an_issn_medium_is_no_series_title() -> None:
    assert printed_fields([["ISSN 2175-5361 (Online)", *ARTICLE]], {}) == {}
    series = printed_fields([["ISSN 0949-8516 (Duisburger Beiträge)", *ARTICLE]], {})
    assert series == {"journal": "Duisburger Beiträge"}


def test_a_school_year_is_not_a_year_and_an_issue() -> None:
    assert printed_fields([["Länderbericht VERA 8 im Schuljahr 2009/10", *ARTICLE]], {}) == {}


@pytest.mark.parametrize(
    "hostile",
    ["1(1)" * 25_000, "(" * 100_000, "Vol. " * 20_000, "10.1234/" + "a" * 100_000],
    ids=["numbers", "parens", "labels", "doi"],
)
def test_hostile_long_lines_return_quickly(hostile: str) -> None:
    started = time.monotonic()
    pages = [[hostile] * 500, [f"Suggested Citation: {hostile}", "Terms of use"] * 250]
    printed_fields(pages, {"Subject": hostile, "Keywords": hostile})
    is_cover_sheet([hostile] * 500)
    assert time.monotonic() - started < 10  # backtracking on 100k characters takes hours
