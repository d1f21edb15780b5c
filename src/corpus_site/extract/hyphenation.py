"""Decide whether a hyphen at a line end belongs to the word or only to the line break.

A wrong join ("trans-national" -> "transnational") cannot be undone by the reader, a kept
hyphen ("deter-mine") is merely ugly, so the rules keep the hyphen whenever evidence is thin;
German, which closes its compounds, is the exception: there the join is the safe default.
Evidence comes first from the corpus itself (how the same word is spelt inside a line), then
from the word list of the paper's language, and the rules follow its spelling: English
hyphenates compounds after prefixes ("trans-national"), German closes them ("Mitgliedsparteien")
and hyphenates after abbreviations and between adjectives ("EU-weit", "deutsch-französisch").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from corpus_site.extract.language import spelling_variants, word_frequencies

# Prefixes that commonly form hyphenated compounds in scholarly English; a split after one of
# these is kept unless the corpus spells the joined word somewhere.
# A joined form this frequent in the language's word list is a word (pyspellchecker's counts).
MIN_WHOLE_WORD = 5
COMPOUND_PREFIXES = frozenset(
    [
        "anti",
        "co",
        "counter",
        "cross",
        "ex",
        "geo",
        "inter",
        "intra",
        "mid",
        "multi",
        "neo",
        "non",
        "pan",
        "post",
        "pre",
        "pro",
        "quasi",
        "self",
        "semi",
        "socio",
        "politico",
        "sub",
        "super",
        "trans",
        "ultra",
    ]
)

_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*", re.UNICODE)


class Vocabulary:
    """Spellings seen inside lines of the corpus: hyphenated compounds and plain words."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.hyphenated: set[str] = set()
        self.words: set[str] = set()
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        for line in text.splitlines():
            # The last token of a line may be a split word; only whole in-line words count.
            for match in _WORD.finditer(line.rstrip().removesuffix("-")):
                token = match.group(0).lower()
                if "-" in token:
                    self.hyphenated.add(token)
                    self.words.update(token.split("-"))
                else:
                    self.words.add(token)


# German words after which a line-end hyphen stands for the rest of a compound named in full
# further on ("Ein- und Ausfuhr", "Import- oder Exportzölle"): the hyphen stays, and so does the
# space the line break took.
_GERMAN_SUSPENDING = frozenset(["und", "oder", "bzw", "sowie", "als", "wie", "bis", "noch"])


def join_line_end_hyphen(
    left: str, right: str, vocabulary: Vocabulary | None = None, language: str = "en"
) -> str:
    """Join `left` (ending in "-") and `right` (the next line's first word) into one token.

    Returns "left-right" to keep the hyphen or "leftright" when the split was only typesetting;
    in German also "left- right" when `right` is the "und" of "Ein- und Ausfuhr". `language` is
    the paper's (ISO 639-1); one without a word list leaves the corpus as the only evidence.
    """
    head = left[:-1]
    last = re.split(r"[-\u2010]", head)[-1]
    if language != "en":
        # An opening quote or bracket („Si-cherheit, »ko-misch«) is no part of the word; the
        # English reading keeps such a split as printed until its goldens are reviewed.
        last = re.sub(r"^\W+", "", last)
    first = re.match(r"[^\W\d_]*", right)
    first_word = first.group(0) if first else ""
    kept = f"{head}-{right}"
    joined = f"{head}{right}"
    if not last or not first_word or not last.isalpha():
        return kept
    candidate = (last + first_word).lower()
    hyphenated = f"{last}-{first_word}".lower()
    if vocabulary is not None:
        if hyphenated in vocabulary.hyphenated or any(
            h.endswith(f"-{first_word.lower()}") and h.split("-")[-2] == last.lower()
            for h in vocabulary.hyphenated
        ):
            return kept
        if candidate in vocabulary.words:
            return joined  # the paper prints it whole elsewhere ("BioMed")
    if first_word[0].isupper() or first_word[0].isdigit():
        return kept  # Non-Proliferation, Pak-Russia, Sino-Russia
    frequency = word_frequencies(language)
    if language == "de":
        return _join_german(head, right, last, first_word, frequency, vocabulary)
    spellings = (candidate, *spelling_variants(candidate, language))
    joined_count = max(frequency.get(c, 0) for c in spellings)
    right_count = frequency.get(first_word.lower(), 0)
    if language == "en" and last.lower() in COMPOUND_PREFIXES:
        # After a prefix the joined word decides: "pro-grams" is "programs", "over-come"
        # "overcome"; "trans-national" keeps its hyphen unless the language writes it whole.
        return joined if joined_count >= MIN_WHOLE_WORD else kept
    rarer_part = min(frequency.get(last.lower(), 0), right_count)
    # "deter-mine": both halves are words, but "determine" is far commoner than "deter"; and
    # "over-come": the language writes "overcome" whole often enough to say it is one word.
    if joined_count >= MIN_WHOLE_WORD or (joined_count and joined_count * 20 >= rarer_part):
        return joined
    return kept


def _join_german(
    head: str,
    right: str,
    last: str,
    first_word: str,
    frequency: Mapping[str, int],
    vocabulary: Vocabulary | None,
) -> str:
    """Join a German word split before a lower-case continuation, the way German spells it.

    German closes its compounds, so there the hyphen is nearly always the line break's
    ("erhal-ten", "Mitglieds-parteien"). It is the word's after an abbreviation or a single
    letter ("US-amerikanisch", "EU-weit", "x-beliebig") and between two adjectives that the
    word list does not know joined ("deutsch-französisch", "christlich-demokratisch"); and
    before "und" it stands for a compound named in full further on ("Ein- und Ausfuhr").
    """
    if frequency.get((last + first_word).lower(), 0):
        return f"{head}{right}"  # "so-wie" is "sowie", "er-halten" is "erhalten"
    if first_word in _GERMAN_SUSPENDING:
        return f"{head}- {right}"
    if len(last) == 1 or any(letter.isupper() for letter in last[1:]):
        return f"{head}-{right}"
    right_known = first_word.lower() in frequency or (
        vocabulary is not None and first_word.lower() in vocabulary.words
    )
    # A lower-case left part is no noun; "-sch" and "-lich" make it an adjective.
    if right_known and last[0].islower() and last.endswith(("sch", "lich")):
        return f"{head}-{right}"
    return f"{head}{right}"
