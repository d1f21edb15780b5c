"""The paper and topic pages' search records, made by a forked child or, failing that, here."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from corpus_site.corpus import load_corpus
from corpus_site.model import Corpus
from corpus_site.pages.paths import paper_path
from corpus_site.search import child as search_child
from corpus_site.search.child import RecordsChild, record_json
from corpus_site.search.records import corpus_records
from corpus_site.site import render_site
from corpus_site.topics.config import index_corpus
from corpus_site.topics.index import TopicIndex
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS, workers=1)


@pytest.fixture(scope="module")
def topics(corpus: Corpus) -> TopicIndex:
    index = index_corpus(corpus)
    assert index is not None
    return index


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a build: no other thread (a browser test before may have left one idle)."""
    monkeypatch.setattr(search_child.threading, "active_count", lambda: 1)


def urls(corpus: Corpus) -> dict[str, str]:
    return {path: path.removesuffix(".md") + "/" for path in render_site(corpus)}


def expected(corpus: Corpus, topics: TopicIndex, built: set[str]) -> list[str]:
    page_urls = {page: url for page, url in urls(corpus).items() if url in built}
    return [record_json(record) for record in corpus_records(corpus, page_urls, topics)]


@pytest.mark.usefixtures("alone")
def test_the_child_writes_what_this_process_would_make(
    corpus: Corpus, topics: TopicIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = RecordsChild(corpus, urls(corpus), topics, tmp_path)
    job.start()
    assert job.process is not None, "a process without other threads forks"

    def made_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the records were made in this process, not by the child")

    monkeypatch.setattr(search_child, "corpus_records", made_here)  # after the fork: here only
    assert gc.get_freeze_count() > 0, "what the child shares is kept from the collector"
    # A paper left out of the build (exclude_docs, a draft…) is left out of the index.
    skipped = urls(corpus)[paper_path(corpus.papers[0])]
    built = set(urls(corpus).values()) - {skipped}
    lines = list(job.lines(built))
    assert lines == expected(corpus, topics, built)
    assert any(line.startswith('{"location":"topics/cpec/"') for line in lines)
    assert not any(skipped in line for line in lines)
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("alone")
def test_a_child_that_fails_leaves_the_records_to_this_process(
    corpus: Corpus, topics: TopicIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()

    def failing_in_the_child(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise MemoryError("the child ran out")
        return corpus_records(*args, **kwargs)

    monkeypatch.setattr(search_child, "corpus_records", failing_in_the_child)
    job = RecordsChild(corpus, urls(corpus), topics, tmp_path)
    job.start()
    built = set(urls(corpus).values())
    assert list(job.lines(built)) == expected(corpus, topics, built)


def test_no_fork_beside_other_threads(corpus: Corpus, topics: TopicIndex, tmp_path: Path) -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        job = RecordsChild(corpus, urls(corpus), topics, tmp_path)
        job.start()
        assert job.process is None, "forking a threaded process can copy a held lock"
    finally:
        release.set()
        thread.join()
    built = set(urls(corpus).values())
    assert list(job.lines(built)) == expected(corpus, topics, built)
    assert not (tmp_path / "search-records.txt").exists()


@pytest.mark.usefixtures("alone")
def test_close_stops_a_child_still_at_work(
    corpus: Corpus, topics: TopicIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def endless(*args: Any, **kwargs: Any) -> Any:
        threading.Event().wait()  # never returns
        return iter(())

    monkeypatch.setattr(search_child, "corpus_records", endless)
    job = RecordsChild(corpus, urls(corpus), topics, tmp_path)
    job.start()
    process = job.process
    assert process is not None and process.is_alive()
    job.close()
    assert not process.is_alive() and job.process is None


def test_a_pool_worker_makes_its_records_itself(
    corpus: Corpus, topics: TopicIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Daemonic:
        daemon = True  # a multiprocessing pool's worker: it may not start children

    monkeypatch.setattr(search_child.multiprocessing, "current_process", Daemonic)
    job = RecordsChild(corpus, urls(corpus), topics, tmp_path)
    job.start()
    assert job.process is None and gc.get_freeze_count() == 0
    built = set(urls(corpus).values())
    assert list(job.lines(built)) == expected(corpus, topics, built)
