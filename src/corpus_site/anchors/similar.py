"""How alike two passages are, and which passages are worth comparing at all.

Measured on words: difflib's ratio over two passages' words (the share they have in order),
or, when one starts with the other's first words (a passage split, or merged into another),
the share of the shorter found in the longer. Only passages sharing a run of three words are
compared, and of those the CANDIDATES sharing most, so matching stays near linear.
"""

from __future__ import annotations

import difflib
from collections import Counter

SIMILAR = 0.6  # a new passage this like a recorded one keeps its id
RETIRE_NEAR = 0.3  # a retired id lands on a passage at least this like it (or holding it)
CANDIDATES = 5
_START_WORDS = 8
# A run of words found in more passages than this tells nothing apart ("the end of the").
_COMMON_RUN = 50


class ShingleIndex:
    """Which texts share runs of three words with a given one, most shared first."""

    def __init__(self, texts: list[str]) -> None:
        self.postings: dict[tuple[str, ...], list[int]] = {}
        for number, text in enumerate(texts):
            for shingle in set(_shingles(text)):
                self.postings.setdefault(shingle, []).append(number)

    def candidates(self, text: str, exclude: frozenset[int] | set[int] = frozenset()) -> list[int]:
        shared: Counter[int] = Counter()
        for shingle in set(_shingles(text)):
            postings = self.postings.get(shingle, ())
            if len(postings) <= _COMMON_RUN:
                shared.update(n for n in postings if n not in exclude)
        return [number for number, _ in shared.most_common(CANDIDATES)]


def _shingles(text: str) -> list[tuple[str, ...]]:
    words = text.lower().split()
    if len(words) < 3:
        return [tuple(words)] if words else []
    return [tuple(words[n : n + 3]) for n in range(len(words) - 2)]


def similarity(a: str, b: str, floor: float = SIMILAR) -> float:
    """How alike two passages are (0 to 1), on their words: see the module docstring. Below
    `floor` it may answer 0 (difflib's cheap upper bounds rule the pair out first)."""
    x, y = a.lower().split(), b.lower().split()
    if not x or not y:
        return 0.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    start = min(_START_WORDS, len(x), len(y))
    if x[:start] == y[:start]:
        matched = sum(block.size for block in matcher.get_matching_blocks())
        return max(matcher.ratio(), matched / min(len(x), len(y)))
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def covered(part: str, whole: str) -> float:
    """The share of `part`'s words that `whole` holds in the same order."""
    x, y = part.lower().split(), whole.lower().split()
    if not x or not y:
        return 0.0
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(x)
