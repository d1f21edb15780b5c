"""Decide whether a hyphen at a line end belongs to the word or only to the line break.

A wrong join ("trans-national" -> "transnational") cannot be undone by the reader, a kept
hyphen ("deter-mine") is merely ugly, so the rules keep the hyphen whenever evidence is thin.
Evidence comes first from the corpus itself (how the same word is spelt inside a line), then
from an English word list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Prefixes that commonly form hyphenated compounds in scholarly English; a split after one of
# these is kept unless the corpus spells the joined word somewhere.
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


@lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, int]:
    """Word -> frequency from pyspellchecker's English list (loaded once, on first need)."""
    from spellchecker import SpellChecker

    return dict(SpellChecker().word_frequency.dictionary)


def join_line_end_hyphen(left: str, right: str, vocabulary: Vocabulary | None = None) -> str:
    """Join `left` (ending in "-") and `right` (the next line's first word) into one token.

    Returns "left-right" to keep the hyphen or "leftright" when the split was only typesetting.
    """
    head = left[:-1]
    last = re.split(r"[-\u2010]", head)[-1]
    first = re.match(r"[^\W\d_]*", right)
    first_word = first.group(0) if first else ""
    kept = f"{head}-{right}"
    joined = f"{head}{right}"
    if not last or not first_word or not last.isalpha():
        return kept
    if first_word[0].isupper() or first_word[0].isdigit():
        return kept  # Non-Proliferation, Pak-Russia, Sino-Russia
    candidate = (last + first_word).lower()
    hyphenated = f"{last}-{first_word}".lower()
    if vocabulary is not None:
        if hyphenated in vocabulary.hyphenated or any(
            h.endswith(f"-{first_word.lower()}") and h.split("-")[-2] == last.lower()
            for h in vocabulary.hyphenated
        ):
            return kept
        if candidate in vocabulary.words:
            return joined
    frequency = _english_frequencies()
    joined_count = max(frequency.get(c, 0) for c in _spellings(candidate))
    right_count = frequency.get(first_word.lower(), 0)
    if last.lower() in COMPOUND_PREFIXES:
        # "pro-viding" is "providing"; "trans-national" keeps its hyphen: after a prefix, join
        # only when the right half is no word on its own.
        return joined if joined_count and not right_count else kept
    rarer_part = min(frequency.get(last.lower(), 0), right_count)
    # "deter-mine": both halves are words, but "determine" is far commoner than "deter".
    if joined_count and joined_count * 20 >= rarer_part:
        return joined
    return kept


def _spellings(word: str) -> tuple[str, ...]:
    """The word and its American spelling, which the word list knows better."""
    american = re.sub(r"is(ation|e|ed|es|ing)$", r"iz\1", word)
    return (word, american) if american != word else (word,)
