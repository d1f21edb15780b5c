"""Automatic topics: found in the papers when the corpus has no topics.yml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.extract.language import spelling_variants
from corpus_site.model import Document, Paper, PaperMeta, Paragraph, Section, Text
from corpus_site.pages.moved import moved_topic_pages
from corpus_site.site import render_site
from corpus_site.topics.auto import MAX_TOPICS, find_topics, topic_limit
from corpus_site.topics.config import index_corpus, read_topics
from corpus_site.topics.glossary import find_acronyms, normalise_phrase
from corpus_site.topics.held import held_topics
from corpus_site.topics.matcher import Topic
from corpus_site.topics.phrases import Language, general_share
from corpus_site.topics.published import dropped_topics, keep_topic_ids
from tests.conftest import CORPUS

# The share of the 20 curated topics the automatic ones must recover (issue 23's goal), and
# what they do recover now: see docs/benchmarks.md.
GOAL = 0.7


@pytest.fixture
def without_yml(seed_corpus: Path) -> Path:
    (seed_corpus / "topics.yml").unlink()
    return seed_corpus


def _fold(term: str) -> str:
    """A term compared as the goal says: NFKC, case-folded, singular and plural one."""
    text = " ".join(unicodedata.normalize("NFKC", term).casefold().split())
    for ending in ("ies", "es", "s"):
        if text.endswith(ending) and len(text) > len(ending) + 2:
            return text[: -len(ending)] + ("y" if ending == "ies" else "")
    return text


def recovered(curated: tuple[Topic, ...], found: tuple[Topic, ...]) -> list[str]:
    """The curated topics that automatic ones recover: one sharing a term (not a regex), each
    automatic topic recovering at most one (a maximum matching, by augmenting paths)."""
    theirs = [{_fold(t) for t in topic.terms} for topic in found]
    owner: dict[int, int] = {}  # automatic topic -> the curated one it recovers

    def place(curated_number: int, seen: set[int]) -> bool:
        ours = {_fold(t) for t in curated[curated_number].terms}
        for number, terms in enumerate(theirs):
            if number in seen or not ours & terms:
                continue
            seen.add(number)
            if number not in owner or place(owner[number], seen):
                owner[number] = curated_number
                return True
        return False

    for number in range(len(curated)):
        place(number, set())
    return sorted(curated[n].id for n in owner.values())


def test_the_seeds_without_topics_yml_get_topic_pages(without_yml: Path) -> None:
    corpus = load_corpus(without_yml)
    index = index_corpus(corpus)
    assert index.automatic and 0 < len(index.topics) <= MAX_TOPICS
    ids = {topic.id for topic in index.topics}
    assert {"cpec", "sco"} <= ids
    pages = render_site(corpus, index)
    assert "topics/index.md" in pages and "topics/cpec.md" in pages
    assert "found in the papers themselves" in pages["topics/index.md"]
    # The corpus's subject is no topic: "Pakistan" and "Russia" are in most passages.
    terms = {term.casefold() for topic in index.topics for term in topic.terms}
    assert not {"pakistan", "russia"} & terms
    # The glossary holds the 15 acronyms, now with a Topic column linking the acronym topics.
    assert pages["glossary.md"].count("\n| **") == 15
    assert "[Shanghai Cooperation Organisation (SCO)](topics/sco.md)" in pages["glossary.md"]
    # The papers link to the topics as they do to curated ones.
    assert (
        "](../topics/cpec.md){ .topic-link }"
        in pages["papers/russia-strategic-calculus-south-asia.md"]
    )


def test_automatic_topics_recover_the_curated_ones(without_yml: Path) -> None:
    curated = read_topics(CORPUS / "topics.yml")
    corpus = load_corpus(without_yml)
    found = find_topics(corpus.papers, find_acronyms(corpus.papers)).topics
    got = recovered(curated, found)
    # 13 of 20 (65 %) when this was written: the goal (70 %, 14) is not reached yet, and this
    # test keeps what is reached from slipping. See the closing note of issue 23.
    assert len(got) >= 13, got
    assert {"cpec", "sco", "afghanistan", "india", "china", "south-asia"} <= set(got)


def test_recovery_rule() -> None:
    curated = (
        Topic("sanctions", "Sanctions", terms=("sanction",)),
        Topic("eu", "EU", terms=("EU",)),
    )
    found = (Topic("a", "A", terms=("Sanctions", "EU")),)
    assert recovered(curated, found) == ["eu"] or recovered(curated, found) == ["sanctions"]
    assert len(recovered(curated, found)) == 1  # one automatic topic recovers one at most
    assert recovered(curated, (Topic("b", "B", terms=("SANCTIONS",)),)) == ["sanctions"]


def _paper(
    slug: str, texts: list[str], language: str = "en", keywords: tuple[str, ...] = ()
) -> Paper:
    meta = PaperMeta(slug=slug, source=f"{slug}.txt", language=language, keywords=keywords)
    blocks = tuple(Paragraph(id=f"text-p{n}", inlines=(Text(t),)) for n, t in enumerate(texts, 1))
    document = Document("T", (Section("Text", "text", 2, blocks),), language=language)
    return Paper(meta, document, Path(f"{slug}.txt"))


FILLER = [
    "The committee met on Monday and the members agreed on the agenda for the next meeting.",
    "Several members of the committee spoke about the budget and the schedule of the year.",
    "The chair thanked the committee for its work and closed the meeting in the evening.",
    "The committee asked the secretary to write the minutes and send them to every member.",
]


def test_acronym_and_long_form_plural_and_subject() -> None:
    texts = [
        "The Nuclear Suppliers Group (NSG) meets each year; the committee follows the NSG closely.",
        "The NSG admitted new members, and the committee discussed glaciers.",
        "The committee studied a glacier in the north and two glaciers in the south.",
        "The NSG and the Nuclear Suppliers Group guidelines were read to the committee.",
        "A glacier melts; the committee measured the glacier and its moraine.",
        *FILLER,
    ]
    found = find_topics([_paper("a", texts)], find_acronyms([_paper("a", texts)]))
    labels = {topic.label: topic for topic in found.topics}
    # One topic for the acronym and its long form; one for glacier and glaciers.
    nsg = [t for t in found.topics if "NSG" in t.terms]
    assert len(nsg) == 1 and "Nuclear Suppliers Group" in nsg[0].terms
    glacier = [
        t for t in found.topics if any(term.lower().startswith("glacier") for term in t.terms)
    ]
    assert len(glacier) == 1, labels
    # "committee" is in every passage: the corpus's subject, not a topic.
    assert "committee" in {s.casefold() for s in found.subject}
    assert not any("committee" in term.casefold() for t in found.topics for term in t.terms)


def test_cut_compounds_merge() -> None:
    texts = [
        "Pak-Russia ties grew and the Pakistan-Russia dialogue on glaciers went on.",
        "The Pakistan-Russia talks were held; Pak-Russia trade on glaciers rose.",
        "Pak-Russia relations improved while the committee met.",
        *FILLER,
    ]
    found = find_topics([_paper("a", texts)], find_acronyms([_paper("a", texts)]))
    compounds = [t for t in found.topics if any("Russia" in term for term in t.terms)]
    assert len(compounds) == 1 and {"Pak-Russia", "Pakistan-Russia"} <= set(compounds[0].terms)


def test_no_month_no_name_part_and_no_name_made_from_the_subject() -> None:
    texts = [
        "In December the Glacier Council met Alexey Dedov of Kenya in Nairobi.",
        "In December the Glacier Council heard Alexey Ivanov; Kenyan members and Kenya spoke.",
        "The Glacier Council wrote to Alexey Smirnov in December about Kenya.",
        "Kenyan experts and Kenya studied Nairobi's glaciers in December.",
        "Kenya and the committee agreed; Kenyan glaciers melt, Kenya says.",
        "Kenya funds the committee, and Kenya hosts the Glacier Council in Nairobi.",
        "Kenya and Nairobi sent the committee a report on glaciers.",
        "Kenya asked the committee for the minutes.",
        *FILLER,
    ]
    paper = _paper("a", texts)
    found = find_topics([paper], find_acronyms([paper]))
    terms = {term.casefold() for topic in found.topics for term in topic.terms}
    # A month is a date, however often and capitalised it is printed.
    assert "december" not in terms
    # "Alexey" is only ever part of one name or another: no name of its own; the whole
    # name that recurs is a topic.
    assert "alexey" not in terms and any("council" in term for term in terms)
    # "Kenya" is in more than half of the passages; "Kenyan" is made from it.
    assert "kenya" in {s.casefold() for s in found.subject}
    assert "Kenyan" in found.derived and "kenyan" not in terms
    # Names printed alone stay topics.
    assert "nairobi" in terms


def test_cited_authors_reference_lists_and_other_languages_stop_words_are_no_topics() -> None:
    texts = [
        "Glaciers retreat fast, as Hartwig 2019 showed for the committee.",
        "The committee measured glaciers again (Hartwig 2020) and found moraines.",
        "Moraines and glaciers: the committee asked Hartwig (2021a) for the data.",
        "The committee mapped the moraines of the northern valley.",
        *FILLER,
    ]
    english = _paper("a", texts)
    # A German paper quoting English titles: "The" is no German topic.
    german = _paper(
        "b",
        [
            "Die Kommission las The Glacier Book und The Moraine Atlas im Ausschuss.",
            "Der Ausschuss las The Ice Report und prüfte die Gletscher im Tal.",
            "Die Gletscher im Tal schmelzen, sagt der Ausschuss zu The Ice Report.",
            "Der Ausschuss tagte am Montag und beschloss die Tagesordnung der Sitzung.",
        ],
        "de",
    )
    # A reference list: its publishers and places name no topic.
    listed = tuple(
        Paragraph(id=f"references-p{n}", inlines=(Text(t),))
        for n, t in enumerate(
            ["Ames, B. (2001). Ice. Oxford: Clarendon Press.", "Bell, C. (2003). Snow. Oxford."]
            * 3,
            1,
        )
    )
    document = replace(
        english.document,
        sections=(*english.document.sections, Section("References", "references", 2, listed)),
    )
    english = replace(english, document=document)
    found = find_topics([english, german], find_acronyms([english, german]))
    terms = {term.casefold() for topic in found.topics for term in topic.terms}
    assert {"glacier", "moraine"} & {term.rstrip("s") for term in terms}
    assert "hartwig" not in terms  # cited with a year each time
    assert "the" not in terms  # an English stop word in the German paper
    assert not {"oxford", "clarendon", "press"} & terms  # only in the reference list


def test_a_large_corpus_wants_topics_in_two_papers() -> None:
    # Twelve papers: a word only one of them uses is that paper's, not a topic of the corpus.
    papers = [
        _paper(
            f"p{n}",
            [
                f"The Glacier Council of vale {n} met; glaciers shrink, the Glacier Council says.",
                f"The committee of valley {n} studied moraines and the Glacier Council agreed.",
                *(["Only this paper speaks of the Quillwort, and the Quillwort grows."] * (n == 0)),
                *(["Only this paper speaks of the Quillwort, a fern of the lakes."] * (n == 0)),
                *FILLER,
            ],
        )
        for n in range(12)
    ]
    found, _ = held_topics(papers, find_acronyms(papers))
    terms = {term.casefold() for topic in found.topics for term in topic.terms}
    assert "quillwort" not in terms
    assert any("moraine" in term for term in terms)
    with_one_paper = find_topics(papers[:1], find_acronyms(papers[:1]))
    assert "quillwort" in {t.casefold() for topic in with_one_paper.topics for t in topic.terms}


def test_a_german_paper_uses_german_stop_words_and_stems() -> None:
    texts = [
        "Die Europäische Union (EU) und die Energiepolitik der Staaten werden verglichen.",
        "Die Energiepolitik der EU ist umstritten, und die Kommission plant Gesetze.",
        "Gesetze der Kommission betreffen die Landwirtschaft und das Gesetz über Wasser.",
        "Die Landwirtschaft braucht Wasser, und die Kommission schreibt ein Gesetz.",
        "Der Ausschuss tagte am Montag und beschloss die Tagesordnung der Sitzung.",
        "Der Ausschuss sprach über den Haushalt und den Zeitplan des Jahres.",
        "Der Ausschuss dankte allen und schloss die Sitzung am Abend.",
    ]
    paper = _paper("de", texts, "de")
    found = find_topics([paper], find_acronyms([paper]))
    terms = {term for topic in found.topics for term in topic.terms}
    eu = [t for t in found.topics if "EU" in t.terms]
    assert len(eu) == 1 and "Europäische Union" in eu[0].terms
    # "Gesetz" and "Gesetze" are one topic (the German stem); German stop words are none.
    assert (
        len([t for t in found.topics if any(x.lower().startswith("gesetz") for x in t.terms)]) == 1
    )
    assert not {"und", "die", "der", "über"} & {t.lower() for t in terms}


def test_a_british_spelling_is_no_rarer_than_the_american_one() -> None:
    # pyspellchecker's English list is American: "defence" and "organisation" are not in
    # it, and were scored as rare as a name ("defence" made a topic of a paper that uses
    # it as any other word). They count as "defense" and "organization" do.
    english = Language("en")
    for british, american in (
        ("defence", "defense"),
        ("organisations", "organizations"),
        ("neighbourhood", "neighborhood"),
        ("centre", "center"),
        ("analysed", "analyzed"),
    ):
        assert english.frequencies.get(british, 0) == 0, british
        assert general_share(british, english) == general_share(american, english) > 0
    # A word the list knows is scored as itself, and a name stays rare.
    assert general_share("experience", english) > general_share("Kohat".lower(), english) == 0
    assert spelling_variants("defence", "de") == []


def test_limit_is_smaller_for_a_small_corpus() -> None:
    assert topic_limit(10) == 5 and topic_limit(59) == 29 and topic_limit(100_000) == MAX_TOPICS


def test_a_new_paper_gets_automatic_topics(without_yml: Path) -> None:
    shutil.copy(CORPUS / "pakistan-russia-convergence-excerpt.txt", without_yml / "zz-new.txt")
    (without_yml / "zz-new.txt").write_text(
        " Abstract \n\nThe Shanghai Cooperation Organisation (SCO) met in Kabul.\n",
        encoding="utf-8",
    )
    pages = render_site(load_corpus(without_yml))
    assert "(../papers/zz-new.md#abstract-p1)" in pages["topics/sco.md"]


def test_suggest_writes_a_draft_the_loader_reads_back(without_yml: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yml"
    assert main(["topics", "suggest", "--corpus", str(without_yml), "--output", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    topics = read_topics(draft)
    index = index_corpus(load_corpus(without_yml))
    assert [(t.id, t.label, t.terms) for t in topics] == [
        (t.id, t.label, t.terms) for t in index.topics
    ]
    # Each topic says why: what found it, its passages per paper, an example.
    assert text.count("\n- id: ") == len(topics)
    assert text.count("passages: ") + text.count("passage: ") == len(topics)
    assert (
        "# an acronym the papers define; 7 passages: russia-strategic-calculus-south-asia 7."
        in text
    )
    assert (
        "Left out as the corpus's subject (in more than half of all passages): Pakistan, Russia."
        in text
    )
    # Never over an existing file without --force.
    draft.write_text("mine\n", encoding="utf-8")
    assert main(["topics", "suggest", "--corpus", str(without_yml), "--output", str(draft)]) == 2
    assert draft.read_text(encoding="utf-8") == "mine\n"
    args = ["topics", "suggest", "--corpus", str(without_yml), "--output", str(draft), "--force"]
    assert main(args) == 0 and read_topics(draft) == topics
    # Saved as topics.yml, it is the corpus's curated file: the build uses it alone.
    shutil.copy(draft, without_yml / "topics.yml")
    curated = index_corpus(load_corpus(without_yml))
    assert not curated.automatic and [t.id for t in curated.topics] == [t.id for t in topics]


def test_suggest_with_a_curated_file_shows_only_what_it_lacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["topics", "suggest", "--corpus", str(CORPUS)]) == 0
    out = capsys.readouterr().out
    assert "that topics.yml lacks" in out
    curated = read_topics(CORPUS / "topics.yml")
    known = {normalise_phrase(t) for topic in curated for t in topic.terms}
    draft = yaml.safe_load(out)
    assert draft and all(not known & {normalise_phrase(t) for t in d["terms"]} for d in draft)
    assert not {d["id"] for d in draft} & {t.id for t in curated}
    # The build still uses the curated topics alone.
    index = index_corpus(load_corpus(CORPUS))
    assert not index.automatic and len(index.topics) == 20


def test_topic_ids_are_kept_by_the_record(tmp_path: Path) -> None:
    ids = tmp_path / ".ids"
    first = (
        Topic("asia", "Asia", terms=("Asia",)),
        Topic("glaciers", "Glaciers", terms=("glacier",)),
    )
    assert keep_topic_ids(first, ids) == first
    # Found again under another label and slug, a topic keeps its id; one not found is
    # dropped; a new topic never takes a dropped one's id.
    second = (
        Topic("asian-affairs", "Asian affairs", terms=("Asian affairs", "Asia")),
        Topic("glaciers", "Glaciers of the north", terms=("moraine",)),
    )
    kept = keep_topic_ids(second, ids)
    assert [t.id for t in kept] == ["asia", "glaciers-2"]
    assert kept[0].label == "Asian affairs"
    assert dropped_topics(ids) == ["glaciers"]
    pages = moved_topic_pages(dropped_topics(ids))
    assert set(pages) == {"topics/glaciers/index.html", "topics/glaciers.html"}
    assert 'content="0; url=../"' in pages["topics/glaciers/index.html"]
    # Found again, the dropped topic takes its id back.
    third = keep_topic_ids((Topic("glacier", "Glacier", terms=("Glacier",)),), ids)
    assert [t.id for t in third] == ["glaciers"]
    assert sorted(dropped_topics(ids)) == ["asia", "glaciers-2"]


def test_adding_a_paper_renames_no_topic_page(without_yml: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(without_yml), "--site-dir", str(site)]) == 0
    before = {p.name for p in (site / "topics").iterdir() if p.is_dir()}
    assert {"cpec", "sco"} <= before
    (without_yml / "zz-new.txt").write_text(
        " Abstract \n\nThe Shanghai Cooperation Organisation (SCO) and the glaciers of the "
        "Karakorum: glaciers melt, a glacier moves, and the glaciers feed the rivers. \n\n"
        " Introduction \n\nGlaciers of the Hindu Kush; glacier lakes; the SCO on glaciers.\n",
        encoding="utf-8",
    )
    assert main(["build", "--corpus", str(without_yml), "--site-dir", str(site)]) == 0
    for topic in sorted(before):
        page = (site / "topics" / topic / "index.html").read_text(encoding="utf-8")
        # Every page published before is there still: the topic, or a redirect to the Topics
        # page saying it is no longer found.
        assert "This topic is no longer found" in page or '<h1 id="topic">' in page, topic
    # A paper leaving takes its topics with it: their pages redirect to the Topics page.
    (without_yml / "russia-strategic-calculus-south-asia.txt").unlink()
    (without_yml / "russia-strategic-calculus-south-asia.yml").unlink()
    assert main(["build", "--corpus", str(without_yml), "--site-dir", str(site)]) == 0
    cpec = (site / "topics" / "cpec" / "index.html").read_text(encoding="utf-8")
    assert "This topic is no longer found" in cpec and 'url=../"' in cpec
    assert (site / "topics" / "index.html").is_file()


def test_automatic_topics_do_not_depend_on_hash_order(without_yml: Path) -> None:
    # Sets of strings iterate in another order in each process (PYTHONHASHSEED): the topics,
    # their order and terms must not follow it.
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "corpus_site",
                "topics",
                "suggest",
                "--corpus",
                str(without_yml),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and "- id: cpec" in outputs[0]


def test_two_builds_without_topics_yml_are_byte_identical(
    without_yml: Path, tmp_path: Path
) -> None:
    sites = [tmp_path / "one", tmp_path / "two"]
    for site in sites:  # the first writes the topic id record, the second reads it
        assert main(["build", "--corpus", str(without_yml), "--site-dir", str(site)]) == 0
    files = [{p.relative_to(s): p.read_bytes() for p in s.rglob("*") if p.is_file()} for s in sites]
    assert files[0] == files[1] and Path("topics/cpec/index.html") in files[0]
