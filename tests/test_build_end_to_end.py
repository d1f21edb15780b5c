"""The bundled corpus builds into a real Material site, strictly, with anchors validated."""

from __future__ import annotations

import json
import os
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.search.records import page_record
from tests.conftest import CORPUS, REPO
from tests.sitefixtures import bundled_site  # noqa: F401  (fixture)

PACKAGED_CONFIG = Path(str(resources.files("corpus_site.resources").joinpath("mkdocs.yml")))


@pytest.fixture(scope="module")
def built_site(bundled_site: Path) -> Path:  # noqa: F811
    """The bundled corpus, built once per test run with `corpus-site build --strict`."""
    return bundled_site


def _html(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_both_paper_pages_exist_with_title_abstract_keywords(built_site: Path) -> None:
    first = _html(built_site, "russia-strategic-calculus-south-asia")
    assert (
        "<h1" in first and "Russia’s Strategic Calculus in South Asia and Pakistan’s Role" in first
    )
    assert 'id="abstract"' in first
    assert "Russia has begun to adopt a politically pronounced approach" in first
    # The keywords are shown as chips (linked to topic pages where a topic matches).
    for keyword in ("Pakistan-Russia Relations", "South Asia", "Strategic Calculus"):
        assert f">{keyword}</" in first
    assert ">Afghan Peace Process</a>" in first
    second = _html(built_site, "pakistan-russia-convergence-excerpt")
    assert "The changing global environment has become an opportunity" in second
    assert "Excerpt" in second and "stops mid-sentence" in second
    assert "the source prints no title" in second


def test_home_page_lists_every_paper_with_link(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="papers/russia-strategic-calculus-south-asia/"' in home
    assert 'href="papers/pakistan-russia-convergence-excerpt/"' in home
    assert "Strategic Studies" in home
    assert "Russia has begun to adopt a politically pronounced approach" in home


def test_stable_ids_and_page_markers_are_in_the_html(built_site: Path) -> None:
    first = _html(built_site, "russia-strategic-calculus-south-asia")
    for anchor in ("page-34", "page-38", "policy-recommendations-iii", "introduction-p2"):
        assert f'id="{anchor}"' in first
    assert len(re.findall(r'class="footnote-ref"', first)) == 19


def test_search_index_is_written(built_site: Path) -> None:
    assert (built_site / "search" / "search_index.json").stat().st_size > 10_000


def test_paper_pages_are_indexed_once_from_their_documents(built_site: Path) -> None:
    index_file = built_site / "search" / "search_index.json"
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    locations = [doc["location"] for doc in docs]
    assert len(locations) == len(set(locations))
    corpus = load_corpus(CORPUS)
    for paper in corpus.papers:
        url = f"papers/{paper.meta.slug}/"
        # The search plugin skipped the page (it would have put "Cite" and the header's
        # links in the page record, and the citation formats and notes in #cite).
        assert docs[locations.index(url)] == {**page_record(paper, url), "boost": 0.1}
        assert url + "#cite" not in locations
    # Rewritten with the mode the search plugin gave it: a web server can still read it.
    page_mode = (built_site / "index.html").stat().st_mode & 0o777
    assert index_file.stat().st_mode & 0o777 == page_mode
    assert not list((built_site / "search").glob(".tmp-*"))


def test_a_topic_page_is_one_record_without_its_quotes(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    topic_docs = [doc for doc in docs if doc["location"].startswith("topics/cpec/")]
    # The search plugin skipped the page: its quotes ("… CPEC …" under each paper) are the
    # passages' own records, which land on the passage.
    assert [doc["location"] for doc in topic_docs] == ["topics/cpec/"]
    assert topic_docs[0]["title"] == "China–Pakistan Economic Corridor (CPEC)"
    assert "<p>6 passages in 1 of 2 papers.</p>" in topic_docs[0]["text"]
    assert "Found by China-Pakistan Economic Corridor, CPEC." in topic_docs[0]["text"]
    # The topics index and the glossary are indexed by the search plugin as before.
    assert {"topics/", "glossary/"} <= {doc["location"] for doc in docs}


def test_no_pages_folder_outlives_the_build(built_site: Path) -> None:
    assert not list((REPO / ".cache").glob(".pages-*"))


def test_a_paper_excluded_from_the_site_is_not_in_its_search(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "corpus")
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {PACKAGED_CONFIG}\n"
        "exclude_docs: papers/pakistan-russia-convergence-excerpt.md\n",
        encoding="utf-8",
    )
    assert main(["build", "--config", str(config), "--site-dir", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    assert not (site / "papers" / "pakistan-russia-convergence-excerpt").exists()
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "papers/pakistan-russia-convergence-excerpt/" not in index
    assert "papers/russia-strategic-calculus-south-asia/#policy-recommendations-iii" in index
    assert not list((tmp_path / ".cache").glob(".pages-*"))


def test_the_site_folder_is_readable_like_any_other_folder(built_site: Path) -> None:
    # Built in a private staging folder and swapped in: it must not stay private.
    umask = os.umask(0)
    os.umask(umask)
    assert built_site.stat().st_mode & 0o777 == 0o777 & ~umask
