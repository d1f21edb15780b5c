"""Counting the phrases of a corpus for `auto`: runs of content words between stop words and
punctuation, as Snowball stems, per passage; the forms each stem is printed in, how often it
is capitalised inside a sentence (a name), and how common it is in the language at large.

Stop words, stems and word frequencies follow each paper's language (`extract.language`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from corpus_site.extract.language import (
    is_reference_heading,
    month_names,
    spelling_variants,
    stemmer,
    stop_words,
    word_frequencies,
)
from corpus_site.model import Paper
from corpus_site.topics.index import iter_passages

MAX_WORDS = 3
PROPER = 0.7
"""A word capitalised at least this often where it does not open a sentence is a name."""
DEFAULT_LANGUAGE = "en"
# A word, with inner hyphens and apostrophes ("Pak-Russia", "Russia's"); else punctuation,
# which ends a phrase (the second group: punctuation ending a sentence).
_PIECE = re.compile(r"(\w+(?:[-\u2010\u2011'\u2019]\w+)*)|([.!?:])|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d[a-z]?")


class Language:
    """A paper language's stop words, stemmer and general word frequencies, kept per run."""

    def __init__(self, code: str, others: frozenset[str] = frozenset()) -> None:
        # `others`: the stop words of the corpus's other languages, since a paper quotes
        # them (the English titles a German paper cites: "the" is no German topic).
        self.code = code
        self.stop = stop_words(code) | month_names(code) | others  # a date is no topic
        self.stem: Callable[[str], str] = stemmer(code)
        self.frequencies = word_frequencies(code)
        self.total = sum(self.frequencies.values()) or 1
        # A word as printed -> (the word without a possessive ending, its stem), or None for
        # a word that ends a run: a stop word, one letter, a number. Each word read once.
        self.words: dict[str, tuple[str, str] | None] = {}

    def stem_of(self, lower: str) -> str:
        """The key a lower-case word is counted under."""
        return fold_hyphens(self.stem(lower))

    def read(self, piece: str) -> tuple[str, str] | None:
        found = self.words.get(piece, False)
        if found is False:
            word = _POSSESSIVE.sub("", piece)
            lower = word.lower()
            if lower in self.stop or len(word) < 2 or any(c.isdigit() for c in word):
                found = None
            else:
                found = (word, fold_hyphens(self.stem(lower)))
            self.words[piece] = found
        return found  # type: ignore[return-value]


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
        self.inner: Counter[str] = Counter()  # stem -> times not opening a sentence
        self.capital: Counter[str] = Counter()  # ... of which capitalised
        self.general: dict[str, float] = {}  # stem -> its commonest form's share in language
        self.total_words = 0
        self.languages: dict[str, Language] = {}  # language code -> how its papers are read
        self.chunks: list[list[tuple[str, ...]]] = []  # per passage: its runs of stems
        self.papers: list[str] = []  # per passage: its paper's slug
        self.spread: Counter[str] = Counter()  # key -> how many papers hold it
        self.cited: Counter[str] = Counter()  # stem -> times a year follows it (an author)
        # Filled while reading, folded into `forms`, `inner` and `capital` by `count_phrases`:
        # (word, stem) -> times printed, and times printed not opening a sentence.
        self.printed: Counter[tuple[str, str]] = Counter()
        self.printed_inner: Counter[tuple[str, str]] = Counter()


def corpus_languages(papers: Iterable[Paper]) -> dict[str, Language]:
    """A `Language` for each language of the papers (and English, the default), each
    stopping at every one's stop words."""
    codes = sorted({DEFAULT_LANGUAGE} | {language_of(paper) for paper in papers})
    stop = frozenset().union(*(stop_words(code) for code in codes))
    return {code: Language(code, stop) for code in codes}


def count_phrases(papers: list[Paper]) -> PhraseCounts:
    counts = PhraseCounts()
    languages = counts.languages = corpus_languages(papers)
    general: dict[str, Language] = {}  # stem -> the language it was first read in
    for paper in papers:
        language = languages[language_of(paper)]
        held: set[str] = set()
        for passage in iter_passages(paper):
            if is_reference_heading(passage.section.heading):
                continue  # authors, publishers and journals name no topic of the paper
            runs = runs_of(passage.text, language, counts)
            counts.chunks.append(runs)
            counts.papers.append(paper.meta.slug)
            keys: list[str] = []
            for run in runs:
                keys += run
                for size in range(2, MAX_WORDS + 1):
                    keys += (" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
            counts.mentions.update(keys)
            unique = set(keys)
            counts.passages.update(unique)
            held |= unique
        counts.spread.update(held)
        for _, stem in counts.printed:
            general.setdefault(stem, language)
    for (word, stem), n in counts.printed.items():
        counts.forms[stem][word] += n
    for (word, stem), n in counts.printed_inner.items():
        counts.inner[stem] += n
        if word[0].isupper():
            counts.capital[stem] += n
    for stem, forms in counts.forms.items():
        common = forms.most_common(1)[0][0].lower()
        counts.general[stem] = general_share(common, general[stem])
    return counts


def general_share(word: str, language: Language) -> float:
    """The share of running text `word` makes up in the language at large; for a hyphenated
    compound, which the word lists lack, the mean share of its parts ("long-term" is as
    common as "long" and "term"). A spelling the list lacks counts as the one it holds
    ("defence" as "defense"): British English is no rarer than American."""
    parts = _HYPHEN.split(word) if _HYPHEN.search(word) else [word]
    frequencies = language.frequencies
    shares = [
        max(frequencies.get(form, 0) for form in (part, *spelling_variants(part, language.code)))
        / language.total
        for part in parts
        if part
    ]
    return sum(shares) / len(shares) if shares else 0.0


def runs_of(text: str, language: Language, counts: PhraseCounts) -> list[tuple[str, ...]]:
    """The runs of content words of `text`, as stems; counts each word's forms and case."""
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    after_word = False  # a capital here says "name": not after . ! ? : or at the start
    printed: list[tuple[str, str]] = []
    inner: list[tuple[str, str]] = []
    words = 0
    cited: list[str] = []
    last, gap = "", 0  # the last word's stem, and the punctuation read since
    for piece, end in _PIECE.findall(text):
        if not piece:
            if run:
                runs.append(tuple(run))
                run = []
            after_word = after_word and not end
            gap += 1
            continue
        words += 1
        if last and gap <= 1 and piece[0].isdigit() and _YEAR.fullmatch(piece):
            cited.append(last)  # "Zdun 2008", "Wilke (2004)": an author cited
        found = language.read(piece)
        last, gap = (found[1] if found else ""), 0
        if found is None:
            if run:
                runs.append(tuple(run))
                run = []
            after_word = True
            continue
        printed.append(found)
        if after_word:
            inner.append(found)
        run.append(found[1])
        after_word = True
    if run:
        runs.append(tuple(run))
    counts.total_words += words
    counts.printed.update(printed)
    counts.printed_inner.update(inner)
    counts.cited.update(cited)
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
    """Passage numbers of each of `keys`, in one more pass over the runs (only where a run
    has one of their first words)."""
    found: dict[str, set[int]] = defaultdict(set)
    firsts = {key.split(" ", 1)[0] for key in keys}
    for number, runs in enumerate(counts.chunks):
        for run in runs:
            for i, word in enumerate(run):
                if word not in firsts:
                    continue
                for size in range(1, min(MAX_WORDS, len(run) - i) + 1):
                    key = " ".join(run[i : i + size])
                    if key in keys:
                        found[key].add(number)
    return {key: frozenset(numbers) for key, numbers in found.items()}
