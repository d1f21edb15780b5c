"""The language module: detection on real papers and on crafted text, the word lists, and the
German line-end hyphenation rules that use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_site.extract.hyphenation import Vocabulary, join_line_end_hyphen
from corpus_site.extract.language import (
    _MARKERS,
    SAMPLE_CHARACTERS,
    SUPPORTED,
    detect_language,
    stemmer,
    stop_words,
    word_frequencies,
)
from tests.conftest import SHARED_PDFS

EXPARSER = SHARED_PDFS / "exparser"
TRUTHS = sorted((EXPARSER / "truth").glob("*.json"))

ENGLISH = (
    "This paper examines how regional organisations have shaped the foreign policy of the "
    "states that joined them in the last two decades. It argues that membership alone was not "
    "enough: the states which gained most were those that could bring their own interests into "
    "the common agenda, and this is why the smaller members have often been more active. "
)
GERMAN = (
    "Die Untersuchung fragt, wie sich die Zusammenarbeit der Mitgliedstaaten in den letzten "
    "Jahren verändert hat und welche Rolle die kleineren Staaten dabei spielen. Es zeigt sich, "
    "dass die Mitgliedschaft allein nicht genügt: Nur wer seine eigenen Interessen in die "
    "gemeinsame Agenda einbringen kann, gewinnt auch an Einfluss, und das erklärt, warum "
    "gerade die kleineren Mitglieder oft besonders aktiv sind. "
)
OTHERS = {
    "fr": "Cette étude montre que les États membres ont changé leur politique depuis deux "
    "décennies. Elle est fondée sur des entretiens avec des diplomates qui sont aussi des "
    "acteurs de la coopération, et nous avons pu voir comment ils font leur travail dans "
    "une organisation très jeune.",
    "es": "Este estudio muestra cómo los estados miembros han cambiado sus políticas en las "
    "últimas décadas. El análisis se basa en entrevistas con diplomáticos, pero también en "
    "documentos donde la cooperación es muy clara, y así vemos cuando esto ocurre y por qué "
    "eso importa tanto.",
    "it": "Questo studio mostra come gli stati membri hanno cambiato la loro politica negli "
    "ultimi due decenni. L'analisi si basa sulle interviste con diplomatici che sono anche "
    "attori della cooperazione, e più in generale sulla storia delle istituzioni nelle quali "
    "è molto difficile cambiare.",
    "nl": "Deze studie laat zien hoe de lidstaten hun beleid in de laatste twintig jaar hebben "
    "veranderd. Het onderzoek is gebaseerd op gesprekken met diplomaten die ook zelf aan de "
    "samenwerking hebben deelgenomen, en het toont dat een kleine staat niet zonder bondgenoten "
    "kan werken.",
    "pt": "Este estudo mostra como os estados membros mudaram as suas políticas nas últimas "
    "décadas. A análise baseia-se em entrevistas com diplomatas, mas também em documentos "
    "onde a cooperação é muito clara, e por isso não é possível dizer que ainda há pouco "
    "a fazer.",
}


def _text(pdf: Path, pages: list[int] | None = None) -> str:
    """The text of the first three pages, or of the 0-based `pages`, as pdfminer reads it."""
    from pdfminer.high_level import extract_text

    if pages is None:
        return str(extract_text(pdf, maxpages=3))
    return str(extract_text(pdf, page_numbers=pages))


def _middle_pages(pdf: Path) -> list[int]:
    from pdfminer.pdfpage import PDFPage

    with pdf.open("rb") as handle:
        count = sum(1 for _ in PDFPage.get_pages(handle))
    return [count // 2 - 1, count // 2, count // 2 + 1]


@pytest.mark.skipif(not EXPARSER.is_dir(), reason="../shared/pdfs/exparser is absent")
@pytest.mark.parametrize("truth", TRUTHS, ids=[path.stem for path in TRUTHS])
def test_detects_the_language_of_each_truth_paper(truth: Path) -> None:
    language = json.loads(truth.read_text(encoding="utf-8"))["language"]
    pdf = EXPARSER / "pdfs" / f"{truth.stem}.pdf"
    opening = _text(pdf)
    # Three papers open with the same abstract in English and German, or with a series' English
    # boilerplate beside a German abstract: there no language leads, and None is the answer.
    assert detect_language(opening) in (language, None)
    middle = _text(pdf, _middle_pages(pdf))
    assert detect_language(opening + middle) == language


def test_too_little_text_or_no_language_gives_none() -> None:
    assert detect_language("") is None
    assert detect_language("The state and the market.") is None
    assert detect_language("xq zzk 4711 vvrt ** pfff brrm 12.3 %% qwx " * 200) is None
    assert detect_language("1 2 3 4 5 6 7 8 9 " * 1000) is None


def test_detects_each_supported_language_from_a_paragraph() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"
    for language, text in OTHERS.items():
        assert detect_language(text) == language, language
    assert set(SUPPORTED) == {"en", "de", *OTHERS}


def test_a_german_body_outweighs_an_english_abstract() -> None:
    assert detect_language("Abstract\n" + ENGLISH + "\n1. Einleitung\n" + GERMAN * 4) == "de"
    # Where neither clearly leads (this English paragraph holds more function words than the
    # German one), the text is evidence for neither.
    assert detect_language(ENGLISH + GERMAN * 2) is None


def test_a_long_text_is_read_across_its_length_not_from_its_opening() -> None:
    boilerplate = ENGLISH * (SAMPLE_CHARACTERS // len(ENGLISH) + 1)
    assert detect_language(boilerplate + GERMAN * 2000) == "de"


def test_the_markers_follow_from_the_word_frequencies() -> None:
    # Each marker at least ten times commoner (relatively) in its language than in any other,
    # and the recorded share of running text as pyspellchecker's lists give it.
    from spellchecker import SpellChecker

    lists = {code: SpellChecker(language=code).word_frequency.dictionary for code in SUPPORTED}
    totals = {code: sum(counts.values()) for code, counts in lists.items()}
    words_seen: set[str] = set()
    for language, (share, words) in _MARKERS.items():
        markers = words.split()
        assert not words_seen & set(markers), language
        words_seen.update(markers)
        for word in markers:
            if word == "daß":  # the spelling before 1996; pyspellchecker has only "dass"
                continue
            own = lists[language].get(word, 0) / totals[language]
            elsewhere = max(lists[o].get(word, 0) / totals[o] for o in SUPPORTED if o != language)
            assert own > 10 * elsewhere, (language, word)
        measured = sum(lists[language].get(word, 0) for word in markers) / totals[language]
        assert share == pytest.approx(measured, abs=0.001), language


def test_stop_words_are_lower_case_and_per_language() -> None:
    english, german = stop_words("en"), stop_words("de")
    assert {"the", "and", "of", "which"} <= english
    assert {"und", "der", "nicht", "über"} <= german
    assert "und" not in english and "the" not in german
    for language in SUPPORTED:
        assert stop_words(language) and all(w == w.lower() for w in stop_words(language))
    assert stop_words("xx") == frozenset()


def test_stemmers_map_inflections_to_one_lower_case_stem() -> None:
    german, english = stemmer("de"), stemmer("en")
    assert german("Beziehungen") == german("Beziehung") == german("beziehung")
    assert german("Parteien") == german("Partei")
    assert english("Negotiations") == english("negotiation") == english("negotiating")
    assert stemmer("xx")("Beziehungen") == "beziehungen"


def test_word_frequencies_are_per_language_and_loaded_once() -> None:
    assert word_frequencies("en")["the"] > word_frequencies("en").get("und", 0)
    assert word_frequencies("de")["und"] > word_frequencies("de").get("the", 0)
    assert word_frequencies("de") is word_frequencies("de")
    assert word_frequencies("xx") == {}


def _german(left: str, right: str) -> str:
    return join_line_end_hyphen(left, right, language="de")


def test_german_line_end_hyphens() -> None:
    assert _german("erhal-", "ten") == "erhalten"
    assert _german("Be-", "amtenschaft") == "Beamtenschaft"
    assert _german("mitgliedspar-", "teien") == "mitgliedsparteien"
    assert _german("Mitglieds-", "parteien") == "Mitgliedsparteien"
    assert _german("so-", "wie") == "sowie"
    assert _german("„Si-", "cherheit“") == "„Sicherheit“"
    # The hyphen is the word's before a capital, after an abbreviation or a single letter,
    # and between adjectives.
    assert _german("EU-", "Mitglieder") == "EU-Mitglieder"
    assert _german("Nord-", "Süd-Konflikt") == "Nord-Süd-Konflikt"
    assert _german("US-", "amerikanischen") == "US-amerikanischen"
    assert _german("EU-", "weit") == "EU-weit"
    assert _german("x-", "beliebig") == "x-beliebig"
    assert _german("deutsch-", "französischen") == "deutsch-französischen"
    assert _german("christlich-", "demokratische") == "christlich-demokratische"
    # "Ein- und Ausfuhr": the hyphen stands for "fuhr", and the line break was a space.
    assert _german("Ein-", "und") == "Ein- und"
    assert _german("Import-", "oder") == "Import- oder"


def test_the_corpus_spelling_decides_before_the_word_list() -> None:
    vocabulary = Vocabulary(["Das Konzept des Co-development wird diskutiert. "])
    assert join_line_end_hyphen("Co-", "development", vocabulary, "de") == "Co-development"


def test_a_language_without_word_list_keeps_the_hyphen_unless_the_corpus_joins() -> None:
    assert join_line_end_hyphen("erhal-", "ten", language="xx") == "erhal-ten"
    vocabulary = Vocabulary(["Sie haben nichts erhalten. "])
    assert join_line_end_hyphen("erhal-", "ten", vocabulary, "xx") == "erhalten"


def test_english_is_the_default_and_reads_as_before() -> None:
    for left, right in [("pro-", "viding"), ("trans-", "national"), ("deter-", "mine")]:
        assert join_line_end_hyphen(left, right, None, "en") == join_line_end_hyphen(left, right)
    assert join_line_end_hyphen("deter-", "mine") == "determine"
