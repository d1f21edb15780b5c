"""The language a text is written in, and the word lists that depend on it.

Everything language-dependent lives here, so that hyphenation, search and topics agree on it:
which languages are supported, a guess at a text's language from its function words, and per
language the stop words (the `stop-words` package), a stemmer (`snowballstemmer`) and word
frequencies (`pyspellchecker`). The packages' lists are loaded on first use and kept: a
frequency list takes up to a third of a second to load.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import cache, lru_cache

# ISO 639-1 codes: every language that detect_language can return and the lists below cover.
SUPPORTED = ("en", "de", "fr", "es", "it", "nl", "pt")

_SNOWBALL_NAMES = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
}

# Per language: function words that are each at least ten times commoner there than in any
# other supported language, and the share of running text they make up together. Both were
# taken from pyspellchecker 0.9.1's frequency lists; tests/test_language.py derives them anew.
# The share turns a count into an estimate of words, so that Spanish, whose commonest
# function words Portuguese and Italian share, is not outvoted by a few English names.
# "daß", the spelling before 1996, is missing from the German list and so adds no share.
_MARKERS: dict[str, tuple[float, str]] = {
    "en": (
        0.245,
        "the and that this with are be by from have has were been which their they its not or "
        "but these those than would can it at into between other there what when who should "
        "may only both each through about our she his her them because however how must could "
        "being more most any",
    ),
    "de": (
        0.320,
        "und der das ist nicht sich mit auf für von zu den dem ein eine einer eines einem "
        "einen auch werden wird wurde wurden sind bei nach aus oder aber dass daß durch über "
        "unter zwischen sowie sie wir ihre ihrer seine seiner diese dieser dieses kann können "
        "noch nur hat haben zum zur vom im wenn weil damit sondern sehr keine vor gegen "
        "bereits jedoch sowohl seit",
    ),
    "fr": (
        0.164,
        "les est une dans pour sur avec sont ont cette ces aux au leur leurs ils elle elles "
        "nous être été plus pas comme sans peut tout tous fait aussi très dont lors deux donc "
        "avait ainsi selon depuis avons",
    ),
    "es": (
        0.088,
        "el los las sus más pero también sin cuando muy ya hasta donde así mismo estos pues "
        "aunque cual esto eso ese esa tan",
    ),
    "it": (
        0.128,
        "è di che della delle degli dei nel nella nei sono gli alla anche più questo questa "
        "loro essere stato hanno dal dalla sul sulla tra fra però molto ancora cui perché "
        "dove quindi tutti sia già nelle negli sui",
    ),
    "nl": (
        0.248,
        "het een van dat niet met voor op zijn aan door naar bij uit ook wordt worden werd "
        "deze hun heeft hebben kan zal zou maar dan nog meer omdat onder wel geen zij wij hij "
        "om tussen ons zich reeds",
    ),
    "pt": (
        0.123,
        "é não uma em os ao pela seu seus suas são foi está muito isso mas nas pode já há sem "
        "até onde então depois mesmo ainda outros outras pelos pelas nossa também",
    ),
}
_MARKER_LANGUAGE = {
    word: language for language, (_, words) in _MARKERS.items() for word in words.split()
}

# About 9,000 words: enough to tell the languages apart, little enough to cost milliseconds.
SAMPLE_CHARACTERS = 60_000
_SAMPLE_WINDOWS = 6
# Fewer marker words than this (some 50 words of prose) are too few to tell.
MIN_MARKERS = 12
# The winner must have this many times the estimated words of the runner-up.
CLEAR_MARGIN = 1.5

_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """The supported language (ISO 639-1) most of `text` is written in, or None.

    None when the text holds too few function words to tell, or when no language clearly
    leads: a cover page with an English and a German abstract of equal length is not evidence
    for either.
    """
    counts = Counter(_WORD.findall(_sample(text).lower()))
    found = dict.fromkeys(SUPPORTED, 0)
    for word, language in _MARKER_LANGUAGE.items():
        found[language] += counts.get(word, 0)
    estimated = sorted(
        ((found[language] / _MARKERS[language][0], language) for language in SUPPORTED),
        key=lambda pair: -pair[0],
    )
    (best, language), (runner_up, _) = estimated[0], estimated[1]
    if found[language] < MIN_MARKERS or best < CLEAR_MARGIN * runner_up:
        return None
    return language


def _sample(text: str) -> str:
    """At most SAMPLE_CHARACTERS of `text`, in windows spread over all of it.

    Not just the opening: a paper's first pages are often a series' boilerplate or a
    translated abstract, in another language than the paper.
    """
    if len(text) <= SAMPLE_CHARACTERS:
        return text
    width = SAMPLE_CHARACTERS // _SAMPLE_WINDOWS
    room = len(text) - width
    starts = (room * (2 * i + 1) // (2 * _SAMPLE_WINDOWS) for i in range(_SAMPLE_WINDOWS))
    return "\n".join(text[start : start + width] for start in starts)


@cache
def stop_words(language: str) -> frozenset[str]:
    """The lower-case stop words of a supported language; none for any other."""
    if language not in SUPPORTED:
        return frozenset()
    from stop_words import get_stop_words

    return frozenset(word.lower() for word in get_stop_words(language))


def stemmer(language: str) -> Callable[[str], str]:
    """A function from a word to its lower-case Snowball stem; lower case only for others.

    Each call makes its own: a Snowball stemmer holds the word it works on, so one must not
    be shared between threads.
    """
    if language not in SUPPORTED:
        return str.lower
    import snowballstemmer

    stem_word: Callable[[str], str] = snowballstemmer.stemmer(_SNOWBALL_NAMES[language]).stemWord
    return lambda word: stem_word(word.lower())


# The months of each supported language: dates, never the name of a subject, although
# capitalised like names ("in December 2017"). "March" and "May" lose their other senses too.
_MONTHS = {
    "en": "january february march april may june july august september october november december",
    "de": "januar jänner februar märz april mai juni juli august september oktober november "
    "dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
}


# The headings a reference list is printed under, in the supported languages, lower case.
_REFERENCE_NAMES = frozenset(
    (
        "references",
        "reference list",
        "bibliography",
        "works cited",
        "literature cited",
        "sources",
        "literatur",
        "literaturverzeichnis",
        "literaturangaben",
        "quellen",
        "quellenverzeichnis",
        "quellen und literatur",
        "bibliographie",
        "bibliografie",
        "références",
        "références bibliographiques",
        "referencias",
        "bibliografía",
        "bibliografia",
        "riferimenti bibliografici",
        "literatuur",
        "literatuurlijst",
        "referenties",
        "referências",
        "referências bibliográficas",
    )
)


_REFERENCE_FIRST = frozenset(
    ("references", "bibliography", "literatur", "literaturverzeichnis", "bibliographie")
)


def _heading_words(heading: str) -> list[str]:
    """A heading's words in lower case, without its numbering or a closing colon."""
    return re.sub(r"^[\dIVXivx.)\s]+(?=\w)|[:.\s]+$", "", heading).casefold().split()


def is_reference_heading(heading: str) -> bool:
    """Whether a section heading announces a reference list ("References", "Literatur",
    "5. Bibliographie"): numbering, case and a closing colon aside."""
    words = _heading_words(heading)
    if " ".join(words) in _REFERENCE_NAMES:
        return True
    # "Literatur- und Quellenverzeichnis", "References and further reading"
    first = words[0].rstrip("-") if words else ""
    return len(words) <= 5 and first in _REFERENCE_FIRST


# The headings endnotes are printed under, lower case.
_ENDNOTES_NAMES = frozenset(
    ("notes", "endnotes", "anmerkungen", "endnoten", "fußnoten", "fussnoten", "notas", "noten")
)


def is_endnotes_heading(heading: str) -> bool:
    """Whether a section heading announces the notes printed at the end ("Notes",
    "Anmerkungen"), numbering, case and a closing colon aside."""
    return " ".join(_heading_words(heading)) in _ENDNOTES_NAMES


def month_names(language: str) -> frozenset[str]:
    """The lower-case month names of a supported language; none for any other."""
    return frozenset(_MONTHS.get(language, "").split())


# British spellings as rewrites to the American ones pyspellchecker's English list holds
# ("organisation", "defence", "neighbourhood", "centre", "analyse", "travelled").
_BRITISH = tuple(
    (re.compile(pattern), american)
    for pattern, american in (
        (r"is(e|es|ed|ing|ation|ations|ational|er|ers)$", r"iz\1"),
        (r"ys(e|es|ed|ing)$", r"yz\1"),
        (r"our(s|ed|ing|ite|ites|able|hood|hoods|ly|er|ers)?$", r"or\1"),
        (r"ence(s|less)?$", r"ense\1"),
        (r"tre(s|d)?$", r"ter\1"),
        (r"ogue(s)?$", r"og\1"),
        (r"ll(ed|ing|er|ers)$", r"l\1"),
        (r"mme(s)?$", r"m\1"),
    )
)


def spelling_variants(word: str, language: str) -> list[str]:
    """Other spellings of a lower-case `word` the language's word list may hold instead:
    for English, the American form of a British spelling (a form the list may not know,
    which callers check); no others for the other languages."""
    if language != "en":
        return []
    return [
        variant
        for pattern, american in _BRITISH
        if (variant := pattern.sub(american, word, count=1)) != word
    ]


@lru_cache(maxsize=len(SUPPORTED))
def word_frequencies(language: str) -> Mapping[str, int]:
    """Lower-case word -> frequency in pyspellchecker's list for a supported language.

    Empty for any other language, so that callers weighing words find no evidence rather
    than the wrong language's: hyphenation then keeps a line-end hyphen unless the corpus
    spells the word.
    """
    if language not in SUPPORTED:
        return {}
    from spellchecker import SpellChecker

    return dict(SpellChecker(language=language).word_frequency.dictionary)
