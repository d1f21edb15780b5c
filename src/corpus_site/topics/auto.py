"""Topics found in the corpus itself, for a corpus without a topics.yml (and as suggestions).

Three sources of candidates, in order of trust: the keywords the papers print, the acronyms
they define (with their long forms), and key phrases: runs of one to three words between stop
words and punctuation, counted by passage, that are frequent in some passages and rare in
the language at large. A phrase found in more than half of all passages is the corpus's
subject ("Pakistan", "Russia"), not a topic, nor are the names made from it ("Russian").
Phrases are counted outside reference lists; a month, an author cited with a year ("Zdun
2008") and a name only ever printed as part of longer ones ("Alexey" of "Alexey Dedov") are
none; in a corpus of ten papers or more a topic is in two of them, and the rarer a phrase
is among the papers the better. Candidates naming the same thing are merged:
one Snowball stem per word (so singular and plural are one), an acronym with its long form,
hyphen variants ("multi-polar", "multipolar") and cut compounds ("Pak-Russia",
"Pakistan-Russia"). Stop words and stems follow each paper's language.

The result is plain `Topic`s, as topics.yml would give: the index, the pages and the links
treat them alike. Deterministic: every ranking breaks ties by the phrase's text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus_site.ids import slugify, unique_id
from corpus_site.model import Paper
from corpus_site.topics.glossary import Glossary, normalise_phrase
from corpus_site.topics.matcher import Topic
from corpus_site.topics.phrases import (
    DEFAULT_LANGUAGE,
    PROPER,
    PhraseCounts,
    count_phrases,
    display,
    key_of,
    language_of,
    passage_sets,
    proper_share,
    terms_of,
)

MAX_TOPICS = 40
SUBJECT_SHARE = 0.5
"""A phrase in more than this share of all passages is what the corpus is about."""
MANY_PAPERS = 10
"""From this many papers on, a topic gathers passages of two papers at least: there are
shared subjects enough, and a page gathering one paper's passages only repeats its index."""
COLLOCATED = 5.0
NAME_STEM = 5
_RESERVED = frozenset({"index"})
# Endings that make a word a verb or an adverb far more often than a name of a subject.
_VERB_LIKE = re.compile(r"(?:ing|ed|ly)$")


@dataclass
class Candidate:
    """One phrase key (stems joined by spaces) and what the corpus says about it."""

    key: str
    passages: int = 0  # how many passages hold it
    mentions: int = 0
    kind: str = "phrase"  # "keyword", "acronym" or "phrase"
    terms: list[str] = field(default_factory=list)
    label: str = ""
    score: float = 0.0
    keys: set[str] = field(default_factory=set)  # every key merged into this one
    proper: bool = False  # a name: capitalised inside sentences


@dataclass
class FoundTopics:
    """What `find_topics` found: the topics, the candidates behind them (same order), and
    the phrases left out as the corpus's subject, and the names derived from it ("Russian")
    left out with it."""

    topics: tuple[Topic, ...]
    candidates: tuple[Candidate, ...]
    subject: tuple[str, ...]
    derived: tuple[str, ...] = ()
    limit: int = 0  # how many topics the corpus is to get


def topic_limit(passages: int) -> int:
    """How many automatic topics a corpus of `passages` passages gets: one per two passages
    (a topic needs two at least), at most MAX_TOPICS."""
    return max(0, min(MAX_TOPICS, passages // 2))


def find_topics(
    papers: list[Paper],
    glossary: Glossary,
    limit: int | None = None,
    spare: int = 1,
    counts: PhraseCounts | None = None,
) -> FoundTopics:
    """The automatic topics of `papers`: at most `limit` (by default `topic_limit`), or
    `spare` times as many for a caller that will leave some out. `counts`: the papers'
    `count_phrases`, when the caller has them."""
    counts = count_phrases(papers) if counts is None else counts
    total = len(counts.chunks)
    limit = topic_limit(total) if limit is None else limit
    wanted = limit
    limit *= spare
    cut = SUBJECT_SHARE * total
    subject = {key for key, n in counts.passages.items() if n > cut and " " not in key}
    derived = _derived_names(counts, subject)
    least = max(2, math.ceil(total / 500))
    ranked = _tier_one(papers, glossary, counts, least, cut)
    ranked += _phrases(counts, subject | derived, least, cut)
    shortlist = ranked[: len(ranked) - len(_phrases_tail(ranked, limit))]
    sets = passage_sets(counts, {key for c in shortlist for key in c.keys})
    parts = _name_parts(counts, {c.key for c in shortlist if c.kind == "phrase" and c.proper})
    chosen: list[Candidate] = []
    for candidate in shortlist:
        if len(chosen) >= limit:
            break
        if candidate.kind == "phrase" and (candidate.passages < least or candidate.key in parts):
            continue
        own = _union(sets, candidate.keys)
        if not own:
            continue
        same = next((c for c in chosen if _same_thing(c, candidate)), None)
        if same is not None:
            same.keys.update(candidate.keys)
            same.terms.extend(t for t in candidate.terms if t not in same.terms)
            continue
        if any(_redundant(own, _union(sets, c.keys), candidate, c) for c in chosen):
            continue
        chosen.append(candidate)
    used = set(_RESERVED)
    topics = tuple(
        Topic(id=unique_id(_slug(c), used), label=c.label, terms=tuple(c.terms)) for c in chosen
    )
    words = [display(counts, key) for key in sorted(subject)]
    names = [display(counts, key) for key in sorted(derived)]
    return FoundTopics(topics, tuple(chosen), tuple(words), tuple(names), wanted)


def _derived_names(counts: PhraseCounts, subject: set[str]) -> set[str]:
    """The names derived from the subject's: "Russian" and "Pakistani" beside "Russia" and
    "Pakistan" say what the corpus is about, as these do."""
    names = [key for key in subject if proper_share(counts, [key]) >= PROPER]
    return {
        key
        for key in counts.inner
        if key not in subject
        and "-" not in key
        and proper_share(counts, [key]) >= PROPER
        and any(_name_and_derived(name, key) for name in names)
    }


def _name_parts(counts: PhraseCounts, keys: set[str]) -> set[str]:
    """The one-word names of `keys` never printed alone: every time beside another name in
    the same run ("Alexey" of "Alexey Dedov", "Apparat" of "Himmash Apparat", "Asia" of
    "South Asia" and "Central Asia"). The whole names are candidates of their own; a part
    of several of them names none."""
    single = {key for key in keys if " " not in key}
    alone: set[str] = set()
    seen: set[str] = set()
    for runs in counts.chunks:
        for run in runs:
            for i, word in enumerate(run):
                if word not in single or word in alone:
                    continue
                seen.add(word)
                beside = run[max(0, i - 1) : i] + run[i + 1 : i + 2]
                if not any(proper_share(counts, [other]) >= PROPER for other in beside):
                    alone.add(word)
    return seen - alone


def _phrases_tail(ranked: list[Candidate], limit: int) -> list[Candidate]:
    """The phrases past the first 4 x `limit`: never reached, not worth a passage set."""
    phrases = [c for c in ranked if c.kind == "phrase"]
    return phrases[4 * limit :] if limit else phrases


def _tier_one(
    papers: list[Paper], glossary: Glossary, counts: PhraseCounts, least: int, cut: float
) -> list[Candidate]:
    """The printed keywords, then the defined acronyms, as candidates; the corpus's subject
    and what fewer than `least` passages hold left out."""
    languages = counts.languages
    paper_language = {paper.meta.slug: language_of(paper) for paper in papers}
    found: dict[str, Candidate] = {}
    for paper in papers:
        language = languages[language_of(paper)]
        for keyword in paper.meta.keywords or paper.document.keywords:
            keys = key_of(keyword, language)
            if not keys or " ".join(keys) in found:
                continue
            held = min(counts.passages.get(key, 0) for key in keys)
            if held < least or held > cut:
                continue
            text = " ".join(keyword.split())
            candidate = Candidate(" ".join(keys), held, held, "keyword", [text], text)
            candidate.keys = set(keys)
            found[candidate.key] = candidate
    acronyms: list[Candidate] = []
    for short, definitions in sorted(glossary.by_short.items()):
        # Stemmed as the paper defining it first is.
        language = languages[paper_language.get(definitions[0].places[0][0], DEFAULT_LANGUAGE)]
        long = definitions[0].long
        # The long form is counted when it is one run of content words: a part of it
        # ("understand" of "Memorandum of Understanding") says nothing of the acronym.
        runs = key_of(long, language)
        signs = {language.stem_of(short.lower()), *(runs if len(runs) == 1 else ())}
        held = max(counts.passages.get(key, 0) for key in signs)
        if held < least or held > cut:
            continue
        longs = list(dict.fromkeys(d.long for d in definitions))
        candidate = Candidate(short.lower(), held, held, "acronym", [*longs, short])
        candidate.label, candidate.keys = f"{long} ({short})", signs
        acronyms.append(candidate)
    acronyms.sort(key=lambda c: (-c.passages, c.key))
    return list(found.values()) + acronyms


def _phrases(counts: PhraseCounts, subject: set[str], least: int, cut: float) -> list[Candidate]:
    """Every phrase in at least `least` passages and at most `cut`, best first; in a corpus
    of MANY_PAPERS or more, in two papers at least."""
    papers = len(set(counts.papers))
    in_papers = least_papers(papers)
    found = []
    for key, held in counts.passages.items():
        if held < least or held > cut:
            continue
        words = key.split()
        if subject & set(words):
            continue
        if len(words) == 1 and len(key) < 3:
            continue
        if len(words) > 1 and not _collocated(counts, key, words):
            continue  # words that meet by chance, not a phrase
        if counts.spread[key] < in_papers:
            continue
        if len(words) == 1 and counts.cited[key] * 3 >= counts.mentions[key]:
            continue  # an author the papers cite ("Zdun 2008"), not what they are about
        score = _score(counts, words, held) * _rare_in_papers(counts, key, papers)
        if score <= 0:
            continue
        shown = display(counts, key)
        candidate = Candidate(key, held, counts.mentions[key], "phrase", terms_of(counts, key))
        candidate.label = shown[:1].upper() + shown[1:]
        candidate.score, candidate.keys = score, {key}
        candidate.proper = proper_share(counts, words) >= PROPER
        found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.key))
    return found


def least_papers(papers: int) -> int:
    """How many papers a topic must hold passages of in a corpus of `papers` papers."""
    return 2 if papers >= MANY_PAPERS else 1


def _rare_in_papers(counts: PhraseCounts, key: str, papers: int) -> float:
    """In a corpus of MANY_PAPERS or more, the rarer a phrase is among the papers the more
    it names a topic: the words most papers use ("political", "study") are the field's own.
    Two papers cannot tell a field's words from a topic's: 1 for those."""
    if papers < MANY_PAPERS:
        return 1.0
    return math.log(1 + papers / counts.spread[key])


def _collocated(counts: PhraseCounts, key: str, words: list[str]) -> bool:
    """Whether the words of a phrase stand together at least COLLOCATED times as often as
    their frequencies alone would have them do."""
    expected = float(counts.total_words)
    for word in words:
        expected *= counts.mentions[word] / (counts.total_words or 1)
    return counts.mentions[key] >= COLLOCATED * expected


def _score(counts: PhraseCounts, words: list[str], held: int) -> float:
    """How topic-like a phrase is: in many passages, rare in the language at large, a name
    (capitalised inside sentences), several words that go together; not a verb or adverb."""
    rarity = sum(-math.log10(counts.general.get(w, 0) + 1e-9) for w in words) / len(words)
    proper = proper_share(counts, words)
    forms = counts.forms[words[-1]]
    verb_like = sum(n for form, n in forms.items() if _VERB_LIKE.search(form.lower()))
    score = math.log(1 + held) * max(0.0, rarity - 3.0)
    if proper >= PROPER:
        score *= 1.6
    if len(words) > 1:
        score *= 1.3
    if verb_like * 2 >= sum(forms.values()):
        score *= 0.3
    return score


def _union(sets: dict[str, frozenset[int]], keys: Iterable[str]) -> frozenset[int]:
    return frozenset().union(*(sets.get(key, frozenset()) for key in keys))


def _same_thing(chosen: Candidate, other: Candidate) -> bool:
    """Whether two candidates name one thing: a shared key (an acronym's long form), the same
    words but for hyphens, or cut compounds ("Pak-Russia", "Pakistan-Russia")."""
    if chosen.keys & other.keys:
        return True
    ours = {_unhyphen(k) for k in chosen.keys}
    if ours & {_unhyphen(k) for k in other.keys}:
        return True
    if any(_cut_compound(a, b) for a in chosen.keys for b in other.keys):
        return True
    return (
        chosen.proper
        and other.proper
        and any(_name_and_derived(a, b) for a in chosen.keys for b in other.keys)
    )


def _name_and_derived(a: str, b: str) -> bool:
    """ "afghan" and "afghanistan", "eurasia" and "eurasian": one name the start of the other,
    five letters at least."""
    if " " in a or " " in b or a == b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= NAME_STEM and long.startswith(short)


def _unhyphen(key: str) -> str:
    return key.replace("-", "").replace(" ", "")


def _cut_compound(a: str, b: str) -> bool:
    """ "pak-russia" and "pakistan-russia": as many parts, each one the other's start (three
    letters at least)."""
    if "-" not in a or "-" not in b or a == b:
        return False
    left, right = a.split("-"), b.split("-")
    if len(left) != len(right):
        return False
    return all(
        x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))
        for x, y in zip(left, right, strict=True)
    )


def _redundant(
    own: frozenset[int], theirs: frozenset[int], candidate: Candidate, chosen: Candidate
) -> bool:
    """Whether `candidate` adds nothing beside `chosen`: nearly the same passages, or nearly
    all inside `chosen`'s while sharing a word with it."""
    shared = len(own & theirs)
    if shared >= 0.8 * len(own) and shared >= 0.8 * len(theirs):
        return True
    words = {w for key in candidate.keys for w in key.split()}
    ours = {w for key in chosen.keys for w in key.split()}
    return shared >= 0.8 * len(own) and bool(words & ours)


def _slug(candidate: Candidate) -> str:
    if candidate.kind == "acronym":  # the acronym, whatever terms were merged in after it
        return slugify(candidate.key, "topic")
    return slugify(unicodedata.normalize("NFKC", candidate.label), "topic")


def describe(candidate: Candidate) -> str:
    """Why a topic was chosen, in a few words: "a defined acronym", "printed keyword"..."""
    return {
        "keyword": "a keyword the papers print",
        "acronym": "an acronym the papers define",
        "phrase": "a phrase frequent in some passages",
    }[candidate.kind]


__all__ = ["FoundTopics", "find_topics", "normalise_phrase", "topic_limit"]
