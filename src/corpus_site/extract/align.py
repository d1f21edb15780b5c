"""How much of one sequence reappears in another, in the same order: the fidelity measure's core.

Items (words of a text source, letters of a PDF) that occur once in each, and runs of them,
are matched first (patience diff: the longest chain of them in the same order), and only the
short stretches between those anchors go to difflib, which is quadratic: on a whole paper about
a second for 5,000 words, minutes for 150,000, against milliseconds here. Runs are what anchor
a long paper whose every item recurs.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Hashable, Sequence

# A run of this many words (or letters, LETTER_RUN) that occurs once is an anchor.
ANCHOR_RUN = 6
LETTER_RUN = 24
_NOT_ALNUM = re.compile(r"[\W_]+")


def kept_in_order(expected: Sequence[Hashable], seen: Sequence[Hashable]) -> int:
    """How many items of `expected` appear in `seen` in the same order."""
    return sum(count for _, count in _matches(expected, seen, ANCHOR_RUN))


def letters(text: str) -> str:
    """The letters and digits of `text`, compatibility-folded and in lower case: what a
    fidelity measure compares, so spacing, letter-spacing and hyphen splits do not count."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def kept_per_part(parts: Sequence[str], seen: str) -> list[int]:
    """For each of `parts` (say the letters of each page, in order), how many of its letters
    appear in `seen` in the same order as the parts joined."""
    expected = "".join(parts)
    starts = [0]
    for part in parts:
        starts.append(starts[-1] + len(part))
    kept = [0] * len(parts)
    for start, count in _matches(expected, seen, LETTER_RUN):
        # A matched range can straddle parts: split it at their boundaries.
        position, end = start, start + count
        while position < end:
            index = bisect.bisect_right(starts, position) - 1
            upto = min(end, starts[index + 1])
            kept[index] += upto - position
            position = upto
    return kept


def _matches(
    expected: Sequence[Hashable], seen: Sequence[Hashable], run: int
) -> list[tuple[int, int]]:
    """(start in `expected`, length) of the ranges that reappear in `seen` in order."""
    found: list[tuple[int, int]] = []
    start_e, start_s = 0, 0
    for i, j in [*_anchors(expected, seen, run), (len(expected), len(seen))]:
        part, other = expected[start_e:i], seen[start_s:j]
        if part == other:  # most stretches: what difflib would find, without it
            found.append((start_e, len(part)))
        elif part and other:
            # A common start is always part of a best alignment; matching it first keeps
            # difflib from pairing a repeated phrase ("closing words ... closing words")
            # with a later repeat and the stretch's end with the page's chrome.
            same = _common_prefix(part, other)
            if same:
                found.append((start_e, same))
            matcher = difflib.SequenceMatcher(None, part[same:], other[same:], False)
            found += [
                (start_e + same + b.a, b.size) for b in matcher.get_matching_blocks() if b.size
            ]
        if i < len(expected):
            found.append((i, 1))
        start_e, start_s = i + 1, j + 1
    return found


def _common_prefix(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    limit = min(len(a), len(b))
    if isinstance(a, str) and isinstance(b, str):
        low, high = 0, limit  # binary search on slices: C speed for long strings
        while low < high:
            middle = (low + high + 1) // 2
            if a[:middle] == b[:middle]:
                low = middle
            else:
                high = middle - 1
        return low
    count = 0
    while count < limit and a[count] == b[count]:
        count += 1
    return count


def _unique_starts(items: Sequence[Hashable], size: int) -> dict[Hashable, int]:
    """Each run of `size` items that occurs once in `items`, with where it starts."""
    counts: Counter[Hashable] = Counter()
    first: dict[Hashable, int] = {}
    text = isinstance(items, str)
    for start in range(len(items) - size + 1):
        run = items[start : start + size] if text else tuple(items[start : start + size])
        # Letters: only runs whose checksum ends in three zero bits are anchor candidates.
        # The same run is picked in both texts, and memory is an eighth of one entry per
        # letter. (A checksum, not hash(): str hashes change from one process to the next,
        # and so would the figure.)
        if text and size > 1 and zlib.crc32(str(run).encode()) & 7:
            continue
        counts[run] += 1
        first.setdefault(run, start)
    return {run: first[run] for run, count in counts.items() if count == 1}


def _anchors(
    expected: Sequence[Hashable], seen: Sequence[Hashable], run: int
) -> list[tuple[int, int]]:
    """Positions (i, j) that surely match: an item, or the first item of a run of `run`
    items, unique in both; the longest chain of them in the same order."""
    found: dict[int, int] = {}
    # A unique word wins over a run starting at the same word; a single letter is no anchor
    # (one "q" in the text and one in the page's chrome would pin the text to the chrome).
    for size in (run, 1) if run == ANCHOR_RUN else (run,):
        in_seen = _unique_starts(seen, size)
        for key, i in _unique_starts(expected, size).items():
            if key in in_seen:
                found[i] = in_seen[key]
    pairs = sorted(found.items())
    # Longest increasing subsequence of the `seen` positions (patience sorting).
    tails: list[int] = []  # tails[k]: index in `pairs` ending the best chain of length k + 1
    ends: list[int] = []  # ends[k]: the `seen` position of pairs[tails[k]]
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(ends, j)
        previous[index] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(index)
            ends.append(j)
        else:
            tails[k] = index
            ends[k] = j
    chain: list[tuple[int, int]] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]
