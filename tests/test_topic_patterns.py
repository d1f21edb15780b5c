"""A topic's own regex cannot hang the build (issue 16).

The patterns run on the `regex` package with a time budget per call: one over it is a
`topics.yml:LINE:` error naming the pattern, its topic and the passage, and says what to do.
The bundled patterns find what Python's `re` found before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex

from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.topics.config import read_topics
from corpus_site.topics.glossary import Glossary
from corpus_site.topics.index import iter_passages
from corpus_site.topics.matcher import PatternTimeout, Topic, TopicMatcher
from tests.conftest import CORPUS

# Overlapping alternatives under one repetition: exponential in `regex` as in `re`.
SLOW = r"(?:\w|[a-z]|\s)+X"
# The issue's example: exponential in `re`, which hung the build; `regex` cuts it short.
ISSUE = r"(?:\w+\s?)+X"
# A passage that sets SLOW (and, in `re`, ISSUE) off: a long run of words, then an X it cannot
# reach. The seed papers have no X, so no passage of theirs does.
PASSAGE = (
    "Russia and Pakistan have moved closer over the last decade in defence cooperation and "
    "trade between the two countries and their neighbours in the region; X"
)
TOPICS = rf"""- id: india
  label: India
  terms: [India]
  regex:
    - '\bIndian\b(?!\s+Ocean)'
- id: slow
  label: Slow
  terms: [decade]
  regex:
    - '\bfine\b'
    - '{SLOW}'
"""
SLOW_LINE = 11


def _topics(tmp_path: Path, text: str = TOPICS) -> tuple[Topic, ...]:
    path = tmp_path / "topics.yml"
    path.write_text(text, encoding="utf-8")
    return read_topics(path)


def test_each_regex_keeps_its_own_line(tmp_path: Path) -> None:
    india, slow = _topics(tmp_path)
    assert (india.line, india.regex_lines) == (1, (5,))
    assert (slow.line, slow.regex_lines) == (6, (10, SLOW_LINE))


def test_a_backtracking_regex_is_an_error_naming_its_topic_and_line(tmp_path: Path) -> None:
    matcher = TopicMatcher(_topics(tmp_path), Glossary(()))
    with pytest.raises(PatternTimeout) as raised:  # returns once the pattern's budget is spent
        matcher.find(PASSAGE)
    error = raised.value
    assert (error.pattern.topic, error.pattern.source, error.line) == ("slow", SLOW, SLOW_LINE)
    assert error.one_line() == (
        f"topics.yml:{SLOW_LINE}: regex '(?:\\\\w|[a-z]|\\\\s)+X' of topic 'slow' took over "
        "1 s on a text; make it simpler: no nested repetition such as (?:\\w+\\s?)+, no "
        "overlapping alternatives under one repetition such as (?:\\w|[a-z])+"
    )
    # Everything else is found as before on a text that does not set it off.
    text = "An Indian decade, fine."
    assert [text[h.start : h.end] for h in matcher.find(text)] == ["Indian", "decade", "fine"]


def test_the_issues_pattern_no_longer_hangs_and_finds_what_re_finds() -> None:
    matcher = TopicMatcher([Topic(id="x", label="X", regex=(ISSUE,))], Glossary(()))
    assert matcher.find(PASSAGE) == []  # `re` backtracks here for longer than anyone waits
    for text in ("the regionX and aX", "two words X", "a b;X", ""):
        expected = [(m.start(), m.end()) for m in re.finditer(ISSUE, text)]
        assert [(h.start, h.end) for h in matcher.find(text)] == expected


def test_the_error_stops_the_build_with_file_and_line(
    seed_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (seed_corpus / "topics.yml").write_text(TOPICS, encoding="utf-8")
    (seed_corpus / "zz-slow.txt").write_text(f" Abstract \n\n{PASSAGE}\n", encoding="utf-8")
    code = main(["build", "--corpus", str(seed_corpus), "--site-dir", str(tmp_path / "site")])
    assert code == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "topics.yml" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {seed_corpus / 'topics.yml'}:{SLOW_LINE}: regex ")
    assert "of topic 'slow' took over 1 s on passage abstract-p1 of zz-slow.txt" in lines[0]
    assert not (tmp_path / "site").exists()


def test_the_bundled_patterns_find_what_re_finds() -> None:
    corpus = load_corpus(CORPUS)
    texts = [passage.text for paper in corpus.papers for passage in iter_passages(paper)]
    texts += [
        "Indian interests in the Indian Ocean; the US, not US$2 or us; the West, Western.",
        "Indian\u00a0Ocean, Indian\nOcean, INDIAN, Indians, BUS, USA, westerly, West-East.",
    ]
    patterns = [p for topic in read_topics(CORPUS / "topics.yml") for p in topic.regex]
    assert len(patterns) == 3
    found = 0
    for pattern in patterns:
        ours = regex.compile(f"(?:{pattern})")
        theirs = re.compile(f"(?=((?:{pattern})))")  # every place it matches, as `re` sees it
        for text in texts:
            expected = [m.span(1) for m in theirs.finditer(text)]
            assert [m.span() for m in ours.finditer(text, overlapped=True)] == expected
            found += len(expected)
    assert found > 20  # 31 on the bundled corpus


def test_terms_and_patterns_keep_their_order_and_case_folding() -> None:
    west = Topic(id="west", label="West", terms=("West Asia",), regex=(r"\bWest\b",))
    wider = Topic(id="wider", label="W", regex=(r"\b(?:the )?West(?:ern)?\b",))
    # The longer of a term and a pattern wins where both match, as in one alternation.
    text = "West Asia"
    assert [(h.end, h.topics) for h in TopicMatcher([west], Glossary(())).find(text)] == [
        (9, ("west",))
    ]
    both = TopicMatcher([west, wider], Glossary(())).find(text)
    assert [(h.end, h.topics) for h in both] == [(4, ("wider",))]
    # (?i) takes the Kelvin sign for k in a pattern (regex) as in a term (re).
    kabul = "\u212aabul"
    term = Topic(id="term", label="T", terms=("kabul",))
    pattern = Topic(id="pattern", label="P", regex=(r"(?i:kabul)",))
    for topic in (term, pattern):
        assert [h.end for h in TopicMatcher([topic], Glossary(())).find(kabul)] == [5]
