"""Topics on the seed papers: what each topic page lists, aliases, case, links in the papers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from corpus_site.corpus import load_corpus
from corpus_site.model import Paper
from corpus_site.site import render_site
from corpus_site.topics.config import index_corpus
from corpus_site.topics.glossary import Glossary
from corpus_site.topics.index import TopicIndex, build_index, iter_passages
from corpus_site.topics.links import TopicLinker
from corpus_site.topics.matcher import Topic, TopicMatcher
from corpus_site.topics.pages import heat_level, render_topic, snippet
from tests.conftest import CORPUS, REPO, check_golden, record_topic_reads

FIRST = "russia-strategic-calculus-south-asia"
SECOND = "pakistan-russia-convergence-excerpt"
GOLDEN = REPO / "tests" / "golden" / "topics"


@pytest.fixture(scope="module")
def index() -> TopicIndex:
    corpus = load_corpus(CORPUS)
    assert corpus.errors == []
    found = index_corpus(corpus)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_site(load_corpus(CORPUS))


def _paper(index: TopicIndex, slug: str) -> Paper:
    return next(p for p in index.papers if p.meta.slug == slug)


def _anchors(index: TopicIndex, topic_id: str, slug: str) -> list[str]:
    return [m.passage.id for m in index.in_paper(topic_id, slug)]


def test_cpec_page_lists_every_cpec_passage_of_the_first_seed(
    index: TopicIndex, pages: dict[str, str]
) -> None:
    # Counted by hand in corpus/russia-strategic-calculus-south-asia.txt: "CPEC" or
    # "China-Pakistan Economic Corridor" occurs in six passages (lines 507, 557+561, 588, 595,
    # 626 and 820+826 of the source): paragraphs 2, 4, 5, 6 and 7 of "Pakistan's Role" and
    # recommendation ii.
    expected = [
        "pakistans-role-bilateral-engagements-and-challenges-p2",
        "pakistans-role-bilateral-engagements-and-challenges-p4",
        "pakistans-role-bilateral-engagements-and-challenges-p5",
        "pakistans-role-bilateral-engagements-and-challenges-p6",
        "pakistans-role-bilateral-engagements-and-challenges-p7",
        "policy-recommendations-ii",
    ]
    assert _anchors(index, "cpec", FIRST) == expected
    assert _anchors(index, "cpec", SECOND) == []
    page = pages["topics/cpec.md"]
    linked = re.findall(rf"\(\.\./papers/{FIRST}\.md#([a-z0-9-]+)\)", page)
    assert linked == expected
    assert "| 6 | 9 |" in page  # six passages, nine mentions (three say both forms)
    assert "<mark>China-Pakistan Economic Corridor</mark> (<mark>CPEC</mark>)" in page


def test_sco_page_includes_the_introduction_passage_with_the_long_form(
    index: TopicIndex, pages: dict[str, str]
) -> None:
    assert "introduction-p1" in _anchors(index, "sco", FIRST)
    page = pages["topics/sco.md"]
    line = next(x for x in page.splitlines() if f"{FIRST}.md#introduction-p1" in x)
    assert "<mark>Shanghai Cooperation Organisation</mark> (<mark>SCO</mark>)" in line


def test_an_acronym_the_paper_defines_is_an_alias_of_its_long_form(index: TopicIndex) -> None:
    # The topic names only the long form; passages that say only "SCO" are found through the
    # definition "Shanghai Cooperation Organisation (SCO)" in the first seed's introduction.
    papers = index.papers
    long_only = Topic(id="sco", label="SCO", terms=("Shanghai Cooperation Organisation",))
    found = build_index(papers, (long_only,))
    anchors = [m.passage.id for m in found.mentions["sco"]]
    assert "introduction-p1" in anchors
    assert "policy-recommendations-i" in anchors  # "The EAU, CSTO and SCO are…"
    assert "conclusion-p1" in anchors  # "…multilateral institutions such as SCO…"
    assert anchors == _anchors(index, "sco", FIRST)
    short_only = Topic(id="nsg", label="NSG", terms=("NSG",))
    assert "Nuclear Suppliers Group" in build_index(papers, (short_only,)).matcher.terms["nsg"]


def test_us_in_capitals_is_the_united_states_and_us_is_not(index: TopicIndex) -> None:
    matcher = index.matcher
    text = "To undermine the US influence, let us focus thus on the status of US$2 billion."
    hits = [text[h.start : h.end] for h in matcher.find(text) if "united-states" in h.topics]
    assert hits == ["US"]
    assert text.index("US influence") == next(
        h.start for h in matcher.find(text) if "united-states" in h.topics
    )
    # On the seeds: the objective "To undermine the US influence…" counts, and every mention
    # found is written in capitals ("US", "Washington", "American").
    assert "russias-strategic-calculus-in-south-asia-list2-iv" in _anchors(
        index, "united-states", FIRST
    )
    for mention in index.mentions["united-states"]:
        for start, end in mention.spans:
            assert mention.passage.text[start:end][0].isupper()


def test_plain_terms_ignore_case_and_take_plurals_acronyms_do_not() -> None:
    topic = Topic(id="energy", label="Energy", terms=("gas pipeline", "LNG"))
    matcher = TopicMatcher([topic], Glossary(()))
    text = "Gas Pipelines and the gas  pipeline; lng is not LNG."
    assert [text[h.start : h.end] for h in matcher.find(text)] == [
        "Gas Pipelines",
        "gas  pipeline",
        "LNG",
    ]
    assert matcher.find("gaspipeline LNGs") == []


def test_the_corpus_is_read_once_whatever_the_number_of_topics(
    index: TopicIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = record_topic_reads(monkeypatch)
    passages = sum(len(list(iter_passages(p))) for p in index.papers)
    build_index(index.papers, index.topics)
    assert len(calls) == passages
    many = tuple(Topic(id=f"t{n}", label=str(n), terms=(f"word{n}",)) for n in range(200))
    calls.clear()
    build_index(index.papers, index.topics + many)
    assert len(calls) == passages


def test_first_mention_in_each_section_links_and_later_ones_do_not(
    pages: dict[str, str],
) -> None:
    page = pages[f"papers/{FIRST}.md"]
    # CPEC is mentioned in two sections: one link in each, though it occurs nine times.
    assert page.count("](../topics/cpec.md){ .topic-link }") == 2
    introduction = page.split("## Introduction")[1].split("\n## ")[0]
    assert introduction.count("](../topics/afghanistan.md){ .topic-link }") == 1
    assert "[Shanghai Cooperation Organisation](../topics/sco.md){ .topic-link } (SCO)" in page


def test_keywords_are_chips_linking_to_matching_topics(pages: dict[str, str]) -> None:
    page = pages[f"papers/{FIRST}.md"]
    line = next(x for x in page.splitlines() if x.startswith("Keywords:"))
    assert "[Afghan Peace Process](../topics/afghanistan.md){ .keyword-chip }" in line
    assert "[South Asia](../topics/south-asia.md){ .keyword-chip }" in line
    assert '<span class="keyword-chip">Strategic Calculus</span>' in line


def test_each_paper_ends_with_related_passages_of_the_other_paper(pages: dict[str, str]) -> None:
    first, second = pages[f"papers/{FIRST}.md"], pages[f"papers/{SECOND}.md"]
    assert "## Related passages in the other papers { #related-passages }" in first
    related = first.split("{ #related-passages }")[1]
    assert f"(../papers/{SECOND}.md#introduction-p3)" in related
    assert f"(../papers/{FIRST}.md#" not in related
    assert f"(../papers/{FIRST}.md#introduction-p2)" in second.split("{ #related-passages }")[1]


def test_paper_pages_define_the_acronyms_they_use(pages: dict[str, str]) -> None:
    first, second = pages[f"papers/{FIRST}.md"], pages[f"papers/{SECOND}.md"]
    assert "*[SCO]: Shanghai Cooperation Organisation" in first
    assert "*[SA]: South Asia" in second
    assert "*[CPEC]" not in second  # the excerpt never says CPEC


def test_related_topics_share_passages(index: TopicIndex) -> None:
    related = dict((topic.id, shared) for topic, shared in index.related("cpec"))
    assert related["china"] == 6  # every CPEC passage also names China or Beijing
    assert "ukraine" not in related


def test_snippet_is_escaped_and_marks_the_term() -> None:
    text = "x" * 200 + " the <b>CPEC</b> & [link](javascript:alert) " + "y " * 100
    start = text.index("CPEC")
    out = snippet(text, ((start, start + 4),))
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>CPEC</mark>" in out
    assert "<b>" not in out and "](javascript" not in out and "&lt;b&gt;" in out


def test_hostile_text_and_labels_stay_literal(index: TopicIndex) -> None:
    topic = Topic(id="cpec", label="<script>alert(1)</script> [x](javascript:y)", terms=("CPEC",))
    hostile = build_index(index.papers, (topic,))
    page = render_topic(hostile, topic)
    body = page.split("\n---\n", 1)[1]
    assert "<script>" not in page and "](javascript" not in body
    assert 'title: "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)"' in page
    assert "# &lt;script&gt;" in page
    linker = TopicLinker(hostile, _paper(index, FIRST))
    out = linker.render_text("Hurray!CPEC and *CPEC*", True)
    assert "![" not in out and "&#33;[CPEC](../topics/cpec.md)" in out
    assert out.count("](../topics/cpec.md)") == 1


def test_without_topics_yml_the_glossary_and_tooltips_stay(seed_corpus: Path) -> None:
    # The glossary comes from the papers' own text, not from topics.yml: the 15 acronyms the
    # seeds define (tests/test_glossary.py) are all listed, and the papers' pages define them.
    (seed_corpus / "topics.yml").unlink()
    with_topics = render_site(load_corpus(CORPUS))
    pages = render_site(load_corpus(seed_corpus))
    rows = re.findall(r"^\| \*\*(\w+)\*\* \| ([^|]+) \|", pages["glossary.md"], re.M)
    expected = re.findall(r"^\| \*\*(\w+)\*\* \| ([^|]+) \|", with_topics["glossary.md"], re.M)
    assert len(rows) == 15 and rows == expected
    page = pages[f"papers/{FIRST}.md"]
    assert "*[SCO]: Shanghai Cooperation Organisation" in page
    assert "*[CPEC]: China-Pakistan Economic Corridor" in page


def test_a_new_paper_gets_topics_without_code_changes(seed_corpus: Path) -> None:
    shutil.copy(CORPUS / f"{SECOND}.txt", seed_corpus / "zz-new-paper.txt")
    (seed_corpus / "zz-new-paper.txt").write_text(
        " Abstract \n\nThe Shanghai Cooperation Organisation (SCO) met in Kabul.\n",
        encoding="utf-8",
    )
    pages = render_site(load_corpus(seed_corpus))
    assert "(../papers/zz-new-paper.md#abstract-p1)" in pages["topics/sco.md"]
    assert "(../papers/zz-new-paper.md#abstract-p1)" in pages["topics/afghanistan.md"]


def test_heat_levels() -> None:
    assert heat_level(0, 10) == 0
    assert heat_level(1, 100) == 1
    assert heat_level(10, 10) == 5
    assert heat_level(0.5, 1.0) == 3


@pytest.mark.parametrize("slug", [FIRST, SECOND])
def test_golden_linked_paper_pages(pages: dict[str, str], slug: str) -> None:
    check_golden(GOLDEN / f"{slug}.md", pages[f"papers/{slug}.md"])


@pytest.mark.parametrize("path", ["topics/index.md", "topics/cpec.md", "glossary.md"])
def test_golden_topic_pages(pages: dict[str, str], path: str) -> None:
    check_golden(GOLDEN / path.replace("/", "--"), pages[path])
