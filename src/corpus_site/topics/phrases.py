"""Counting the phrases of a corpus for `auto`: runs of content words between stop words and
punctuation, as Snowball stems, per passage; the forms each stem is printed in, how often it
is capitalised inside a sentence (a name), and how common it is in the language at large.

Stop words, stems and word frequencies follow each paper's language (`extract.language`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from corpus_site.extract.language import stemmer, stop_words, word_frequencies
from corpus_site.model import Paper
from corpus_site.topics.index import iter_passages

MAX_WORDS = 3
PROPER = 0.7
"""A word capitalised at least this often where it does not open a sentence is a name."""
DEFAULT_LANGUAGE = "en"
# A word, with inner hyphens and apostrophes ("Pak-Russia", "Russia's"); anything else that is
# not a space (punctuation) comes back as "" and ends a phrase.
_PIECE = re.compile(r"(\w+(?:[-\u2010\u2011'\u2019]\w+)*)|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_SENTENCE_END = re.compile(r"[.!?:]")
_HYPHEN = re.compile(r"[-\u2010\u2011]")


class Language:
    """A paper language's stop words, stemmer and general word frequencies, kept per run."""

    def __init__(self, code: str) -> None:
        self.stop = stop_words(code)
        self.stem: Callable[[str], str] = stemmer(code)
        self.frequencies = word_frequencies(code)
        self.total = sum(self.frequencies.values()) or 1
        self.stems: dict[str, str] = {}

    def stem_of(self, lower: str) -> str:
        found = self.stems.get(lower)
        if found is None:
            found = self.stems[lower] = fold_hyphens(self.stem(lower))
        return found


def fold_hyphens(word: str) -> str:
    return _HYPHEN.sub("-", word)


def language_of(paper: Paper) -> str:
    return paper.meta.language or paper.document.language or DEFAULT_LANGUAGE


class PhraseCounts:
    """Passage and mention counts of every phrase key; the word forms behind each stem."""

    def __init__(self) -> None:
        self.passages: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)  # stem -> word as printed
        self.inner: Counter[str] = Counter()  # stem -> times not first in its run of words
        self.capital: Counter[str] = Counter()  # ... of which capitalised
        self.general: dict[str, float] = {}  # stem -> its commonest form's share in language
        self.total_words = 0
        self.chunks: list[list[tuple[str, ...]]] = []  # per passage: its runs of stems
        self.papers: list[str] = []  # per passage: its paper's slug


def count_phrases(papers: Iterable[Paper]) -> PhraseCounts:
    counts = PhraseCounts()
    languages: dict[str, Language] = {}
    for paper in papers:
        code = language_of(paper)
        language = languages.get(code) or languages.setdefault(code, Language(code))
        for passage in iter_passages(paper):
            runs = runs_of(passage.text, language, counts)
            counts.chunks.append(runs)
            counts.papers.append(paper.meta.slug)
            keys: list[str] = []
            for run in runs:
                for size in range(1, MAX_WORDS + 1):
                    keys += (" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
            counts.mentions.update(keys)
            counts.passages.update(set(keys))
        for stem, forms in counts.forms.items():
            if stem not in counts.general:
                common = forms.most_common(1)[0][0].lower()
                counts.general[stem] = general_share(common, language)
    return counts


def general_share(word: str, language: Language) -> float:
    """The share of running text `word` makes up in the language at large; for a hyphenated
    compound, which the word lists lack, the mean share of its parts ("long-term" is as
    common as "long" and "term")."""
    parts = _HYPHEN.split(word) if _HYPHEN.search(word) else [word]
    shares = [language.frequencies.get(part, 0) / language.total for part in parts if part]
    return sum(shares) / len(shares) if shares else 0.0


def runs_of(text: str, language: Language, counts: PhraseCounts) -> list[tuple[str, ...]]:
    """The runs of content words of `text`, as stems; counts each word's forms and case."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    after_word = False
    for match in _PIECE.finditer(text):
        piece, text_piece = match.group(1) or "", match.group(0)
        word = _POSSESSIVE.sub("", piece)
        lower = word.lower()
        counts.total_words += bool(piece)
        if (
            not piece
            or lower in language.stop
            or len(word) < 2
            or any(char.isdigit() for char in word)
        ):
            if run:
                runs.append(tuple(run))
                run = []
            # After a word or inner punctuation a capital says "name"; after . ! ? it does not.
            after_word = bool(piece) or (after_word and not _SENTENCE_END.search(text_piece))
            continue
        stem = language.stem_of(lower)
        counts.forms[stem][word] += 1
        if after_word:
            counts.inner[stem] += 1
            counts.capital[stem] += word[0].isupper()
        run.append(stem)
        after_word = True
    if run:
        runs.append(tuple(run))
    return runs


def key_of(text: str, language: Language) -> list[str]:
    """The phrase keys of `text`'s runs of content words, as `count_phrases` makes them."""
    scratch = PhraseCounts()
    return [" ".join(run) for run in runs_of(text, language, scratch)]


def proper_share(counts: PhraseCounts, words: list[str]) -> float:
    """The least share of a phrase's words printed capitalised inside a sentence."""
    return min(counts.capital[w] / counts.inner[w] if counts.inner[w] else 0.0 for w in words)


def word_form(counts: PhraseCounts, stem: str, last: bool = False) -> str:
    """The stem as printed: its commonest form, lower-cased unless it is a name or an acronym
    (a last word in its shortest common form, since the matcher adds the plural)."""
    forms = counts.forms.get(stem)
    if not forms:
        return stem
    ranked = sorted(forms.items(), key=lambda item: (-item[1], item[0]))
    form = ranked[0][0]
    if last:
        lower = {f.lower() for f, _ in ranked}
        form = min((f for f, _ in ranked if f.lower() in lower), key=lambda f: (len(f), f))
        if len(form) < len(ranked[0][0]) and not ranked[0][0].lower().startswith(form.lower()):
            form = ranked[0][0]
    # A name by its capital inside sentences; a word seen only opening them, as printed.
    if counts.inner[stem]:
        proper = counts.capital[stem] >= PROPER * counts.inner[stem]
    else:
        proper = form[:1].isupper()
    if form.isupper() and len(form) > 1:
        return form
    return form if proper else form.lower()


def display(counts: PhraseCounts, key: str) -> str:
    words = key.split()
    return " ".join(word_form(counts, w, last=n == len(words) - 1) for n, w in enumerate(words))


def terms_of(counts: PhraseCounts, key: str) -> list[str]:
    """The phrase as printed, and for one word its other forms (up to three in all)."""
    terms = [display(counts, key)]
    if " " not in key:
        for form, _ in sorted(counts.forms[key].items(), key=lambda i: (-i[1], i[0]))[:3]:
            form = (
                form
                if form.isupper() or (form[0].isupper() and terms[0][0].isupper())
                else form.lower()
            )
            if form not in terms and not (
                form.isupper() and len(form) > 1 and not terms[0].isupper()
            ):
                terms.append(form)
    return terms


def passage_sets(counts: PhraseCounts, keys: set[str]) -> dict[str, frozenset[int]]:
    """Passage numbers of each of `keys`, in one more pass over the runs."""
    found: dict[str, set[int]] = defaultdict(set)
    for number, runs in enumerate(counts.chunks):
        for run in runs:
            for size in range(1, MAX_WORDS + 1):
                for i in range(len(run) - size + 1):
                    key = " ".join(run[i : i + size])
                    if key in keys:
                        found[key].add(number)
    return {key: frozenset(numbers) for key, numbers in found.items()}
