"""Acronyms the papers define ("Long Form (ABBR)") and their tooltips."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from corpus_site.corpus import load_corpus
from corpus_site.model import Document, Paper, PaperMeta, Paragraph, Section, Text
from corpus_site.topics.glossary import Acronym, Glossary, find_acronyms, long_form
from tests.conftest import CORPUS


def test_the_seeds_define_fifteen_acronyms_read_correctly() -> None:
    glossary = find_acronyms(load_corpus(CORPUS).papers)
    assert {a.short: a.long for a in glossary.acronyms} == {
        "BRI": "Belt and Road Initiative",
        "CIS": "Common Wealth of Independent States",
        "CPEC": "China-Pakistan Economic Corridor",
        "CSTO": "Collective Security Treaty Organisation",
        "EEU": "Eurasian Economic Union",
        "IMU": "Islamic Movement of Uzbekistan",
        "ISIS": "Islamic State of Iraq and Syria",
        "KPOGCL": "Khyber Pakhtunkhwa Oil and Gas Company Limited",
        "MOU": "Memorandum of Understanding",
        "NPT": "Non-Proliferation Treaty",
        "NSG": "Nuclear Suppliers Group",
        "RIC": "Russia-India-China",
        "SA": "South Asia",
        "SAARC": "South Asian Association for Regional Cooperation",
        "SCO": "Shanghai Cooperation Organisation",
    }
    sco = next(a for a in glossary.acronyms if a.short == "SCO")
    assert sco.places == (("russia-strategic-calculus-south-asia", "introduction-p1"),)
    assert glossary.long_form("SA", "pakistan-russia-convergence-excerpt") == "South Asia"


@pytest.mark.parametrize(
    ("before", "short", "expected"),
    [
        (
            "membership in the Shanghai Cooperation Organisation ",
            "SCO",
            "Shanghai Cooperation Organisation",
        ),
        (
            "threat of the Islamic State of Iraq and Syria ",
            "ISIS",
            "Islamic State of Iraq and Syria",
        ),
        ("In the Russia-India-China ", "RIC", "Russia-India-China"),
        ("the reluctant friends ", "RP", None),  # the letters are not there
        ("a <b>Bad</b> Org ", "BO", None),  # markup never becomes a long form
        ("signed an ", "AN", None),  # one short word is not a long form
    ],
)
def test_long_form(before: str, short: str, expected: str | None) -> None:
    assert long_form(before, short) == expected


def _paper_with(text: str) -> Paper:
    paragraph = Paragraph(id="s-p1", inlines=(Text(text),))
    section = Section(heading="S", id="s", level=2, blocks=(paragraph,))
    document = Document(printed_title=None, sections=(section,))
    return Paper(PaperMeta(slug="p", source="p.txt"), document, Path("p.txt"))


def test_lower_case_or_single_capital_parentheses_are_not_acronyms() -> None:
    paper = _paper_with(
        "Both sides (Russia and Pakistan) traded goods (products and services) (Ab)."
    )
    assert find_acronyms([paper]).acronyms == ()


def test_used_in_is_case_sensitive_and_whole_word() -> None:
    glossary = Glossary((Acronym("US", "United States", ()), Acronym("SCO", "S C O", ())))
    assert glossary.used_in("let us meet; the US and SCOs; SCO.") == ["SCO", "US"]
    assert glossary.used_in("us, thus, bus") == []


def test_abbr_definitions_keep_hostile_expansions_literal() -> None:
    # What the page appends is `*[ABBR]: long form`; Python-Markdown puts the long form in a
    # title attribute, escaped. Long forms are plain words by construction, but even markup
    # would stay text.
    html = markdown.markdown(
        'The SCO met.\n\n*[SCO]: Shanghai "Co" & <b>Org</b>', extensions=["abbr"]
    )
    assert '<abbr title="Shanghai &quot;Co&quot; &amp; &lt;b&gt;Org&lt;/b&gt;">SCO</abbr>' in html


def _paper(slug: str, text: str, language: str = "en") -> Paper:
    meta = PaperMeta(slug=slug, source=f"{slug}.txt", language=language)
    block = Paragraph(id="text-p1", inlines=(Text(text),))
    document = Document("T", (Section("Text", "text", 2, (block,)),), language=language)
    return Paper(meta, document, Path(f"{slug}.txt"))


def test_a_german_definition_and_one_across_a_line_break() -> None:
    german = _paper("de", "Die Europäische Union (EU) und die Vereinten Nationen (VN).", "de")
    assert {(a.short, a.long) for a in find_acronyms([german]).acronyms} == {
        ("EU", "Europäische Union"),
        ("VN", "Vereinten Nationen"),
    }
    # The first seed prints "Shanghai Cooperation" at the end of one line and "Organisation
    # (SCO)" on the next: the reflowed passage holds the long form whole.
    source = (CORPUS / "russia-strategic-calculus-south-asia.txt").read_text(encoding="utf-8")
    assert "Shanghai Cooperation \n\nOrganisation (SCO)" in source
    glossary = find_acronyms(load_corpus(CORPUS).papers)
    assert glossary.long_form("SCO") == "Shanghai Cooperation Organisation"
