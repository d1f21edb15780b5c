"""The extraction cache and parallel loading: same Documents, fewer reads, errors kept apart."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from corpus_site import site
from corpus_site.corpus import load_corpus
from corpus_site.errors import SourceError
from corpus_site.extract import read_source
from corpus_site.model import Document, PaperMeta
from corpus_site.pages.markdown import PageParts
from corpus_site.runtime.cache import DocumentCache
from corpus_site.runtime.pool import MIN_FILES_FOR_POOL
from corpus_site.topics.config import index_corpus
from corpus_site.topics.index import TopicIndex, iter_passages
from tests.conftest import REPO, record_topic_reads

SEEDS = Path(__file__).resolve().parent.parent / "corpus"
SEED = "russia-strategic-calculus-south-asia"


class CountingReader:
    """The real reader, counting the files it reads (serial loads only: it stays in-process)."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def __call__(self, path: Path, meta: PaperMeta) -> Document:
        self.read.append(path.name)
        return read_source(path, meta)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(SEEDS / f"{SEED}{suffix}", folder / f"{SEED}{suffix}")
    shutil.copy(SEEDS / "pakistan-russia-convergence-excerpt.txt", folder / "excerpt.txt")
    return folder


def load(folder: Path, cache: DocumentCache, reader: CountingReader) -> dict[str, Document]:
    corpus = load_corpus(folder, reader=reader, cache=cache)
    assert not corpus.errors
    return {paper.meta.slug: paper.document for paper in corpus.papers}


def test_unchanged_files_come_from_the_cache(corpus_dir: Path, tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path / "cache")
    first_reader, second_reader = CountingReader(), CountingReader()
    first = load(corpus_dir, cache, first_reader)
    second = load(corpus_dir, DocumentCache(tmp_path / "cache"), second_reader)
    assert sorted(first_reader.read) == ["excerpt.txt", f"{SEED}.txt"]
    assert second_reader.read == []
    assert second == first


def test_changed_bytes_or_metadata_or_version_miss(corpus_dir: Path, tmp_path: Path) -> None:
    load(corpus_dir, DocumentCache(tmp_path / "cache"), CountingReader())

    source = corpus_dir / "excerpt.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    reader = CountingReader()
    documents = load(corpus_dir, DocumentCache(tmp_path / "cache"), reader)
    assert reader.read == ["excerpt.txt"]
    assert "One more line." in repr(documents["excerpt"])

    meta = corpus_dir / f"{SEED}.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("Strategic Studies", "Other"), "utf-8")
    reader = CountingReader()
    load(corpus_dir, DocumentCache(tmp_path / "cache"), reader)
    assert reader.read == [f"{SEED}.txt"]

    reader = CountingReader()
    load(corpus_dir, DocumentCache(tmp_path / "cache", version="a reader changed"), reader)
    assert sorted(reader.read) == ["excerpt.txt", f"{SEED}.txt"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_entry_is_ignored_and_rebuilt(
    corpus_dir: Path, tmp_path: Path, damage: bytes
) -> None:
    expected = load(corpus_dir, DocumentCache(tmp_path / "cache"), CountingReader())
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(damage)  # truncated, foreign bytes, a pickle of the wrong type
    reader = CountingReader()
    assert load(corpus_dir, DocumentCache(tmp_path / "cache"), reader) == expected
    assert len(reader.read) == 2
    reader = CountingReader()
    assert load(corpus_dir, DocumentCache(tmp_path / "cache"), reader) == expected
    assert reader.read == []


def test_the_key_covers_source_metadata_suffix_and_version(tmp_path: Path) -> None:
    cache = DocumentCache(tmp_path, version="1")
    meta = PaperMeta(slug="a", source="a.txt")
    key = cache.key(b"text", meta, ".txt")
    assert cache.key(b"text", meta, ".txt") == key
    assert cache.key(b"text!", meta, ".txt") != key
    assert cache.key(b"text", PaperMeta(slug="a", source="a.txt", journal="J"), ".txt") != key
    assert cache.key(b"text", meta, ".pdf") != key
    assert DocumentCache(tmp_path, version="2").key(b"text", meta, ".txt") != key


def many_papers(folder: Path, count: int) -> None:
    """`count` distinct papers from the seed, plus two that cannot be read."""
    folder.mkdir()
    text = (SEEDS / f"{SEED}.txt").read_text(encoding="utf-8")
    for number in range(count):
        variant = text.replace("Moscow", f"Moscow{number}", 1)
        (folder / f"paper-{number:03d}.txt").write_text(variant, encoding="utf-8")
    (folder / "paper-empty.txt").write_text("", encoding="utf-8")
    (folder / "paper-binary.txt").write_bytes(b"\x00\x01binary" * 10)


def test_parallel_load_matches_serial_and_keeps_errors_apart(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    many_papers(folder, MIN_FILES_FOR_POOL + 2)
    serial = load_corpus(folder, workers=1)
    parallel = load_corpus(folder, workers=2)
    assert [p.meta.slug for p in parallel.papers] == [p.meta.slug for p in serial.papers]
    assert [p.document for p in parallel.papers] == [p.document for p in serial.papers]
    assert len(parallel.papers) == MIN_FILES_FOR_POOL + 2
    assert [e.one_line() for e in parallel.errors] == [e.one_line() for e in serial.errors]
    assert [type(e) for e in parallel.errors] == [SourceError, SourceError]
    assert {e.path.name for e in parallel.errors} == {"paper-empty.txt", "paper-binary.txt"}


def test_parallel_load_fills_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    many_papers(folder, MIN_FILES_FOR_POOL)
    cache = DocumentCache(tmp_path / "cache")
    first = load_corpus(folder, cache=cache, workers=2)
    assert cache.misses == MIN_FILES_FOR_POOL + 2
    again = DocumentCache(tmp_path / "cache")
    second = load_corpus(folder, cache=again, workers=2)
    assert again.hits == MIN_FILES_FOR_POOL  # errors are not cached: they are read again
    assert [p.document for p in second.papers] == [p.document for p in first.papers]


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled corpus, topics.yml included, to edit."""
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus_dir)
    return corpus_dir


def _edit_excerpt(corpus_dir: Path) -> None:
    """The excerpt names the SCO now (where the first seed's SCO passages never met it)."""
    source = corpus_dir / "pakistan-russia-convergence-excerpt.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("multilateralism", "the SCO", 1), encoding="utf-8")


def _add_topic_term(corpus_dir: Path) -> None:
    """A new term for the CPEC topic: the matcher (and its fingerprint) changes."""
    topics_yml = corpus_dir / "topics.yml"
    text = topics_yml.read_text(encoding="utf-8")
    topics_yml.write_text(text.replace("CPEC]", "CPEC, Makran]", 1), encoding="utf-8")
    assert "Makran" in topics_yml.read_text(encoding="utf-8")


def _index_dump(index: TopicIndex) -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
    return [
        (topic, mention.passage.id, mention.spans)
        for topic, found in index.mentions.items()
        for mention in found
    ]


def test_topic_hits_come_from_the_cache_while_passages_and_topics_stay(
    tmp_path: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_dir = bundled
    cache = DocumentCache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir)
    fresh = index_corpus(corpus)
    first = index_corpus(corpus, cache)
    assert fresh is not None and first is not None
    assert _index_dump(first) == _index_dump(fresh) and first.passage_topics == fresh.passage_topics
    entries = list((tmp_path / "cache" / "topics").rglob("*.json"))
    assert len(entries) == len(corpus.papers)

    calls = record_topic_reads(monkeypatch)
    again = index_corpus(corpus, cache)
    assert again is not None and _index_dump(again) == _index_dump(fresh)
    assert calls == [], "nothing changed: every paper's hits came from the cache"

    # An edited paper is read again, and only that one.
    _edit_excerpt(corpus_dir)
    edited = load_corpus(corpus_dir)
    index = index_corpus(edited, cache)
    assert index is not None and index.passage_topics != fresh.passage_topics
    excerpt = [p for p in edited.papers if p.meta.slug == "pakistan-russia-convergence-excerpt"]
    assert calls and set(calls) <= {passage.text for passage in iter_passages(excerpt[0])}
    assert _index_dump(index) == _index_dump(index_corpus(edited))  # as if nothing were cached
    calls.clear()
    corpus = edited

    # A new term for a topic changes the matcher: every paper is read again.
    _add_topic_term(corpus_dir)
    changed = index_corpus(corpus, cache)
    assert changed is not None and calls
    # A damaged entry is a miss, found again.
    calls.clear()
    entries = sorted((tmp_path / "cache" / "topics").rglob("*.json"))
    entries[0].write_bytes(b"\x80\x05garbage")
    entries[1].write_text('[[[1, 2, "cpec"]]]', encoding="utf-8")  # JSON of the wrong shape
    assert _index_dump(index_corpus(corpus, cache)) == _index_dump(changed)
    assert calls


def test_paper_pages_come_from_the_cache_and_their_appendix_is_made_anew(
    tmp_path: Path, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus_dir = bundled
    cache = DocumentCache(tmp_path / "cache")
    rendered: list[str] = []
    original = site.render_parts

    def recording(document: Document, meta: PaperMeta, *args: Any) -> PageParts:
        rendered.append(meta.slug)
        return original(document, meta, *args)

    monkeypatch.setattr(site, "render_parts", recording)

    def build() -> tuple[dict[str, str], dict[str, str]]:
        """The pages made with the cache, and as a build without one makes them."""
        corpus = load_corpus(corpus_dir, cache=cache)
        assert all(paper.key for paper in corpus.papers)
        pages = site.render_site(corpus, index_corpus(corpus, cache), cache)
        return pages, site.render_site(load_corpus(corpus_dir))

    pages, fresh = build()
    assert pages == fresh and len(list((tmp_path / "cache" / "pages").rglob("*.json"))) == 2
    rendered.clear()
    pages, fresh = build()
    assert pages == fresh
    assert rendered == ["pakistan-russia-convergence-excerpt", SEED]  # the cache-less build
    rendered.clear()

    # One paper edited: only its page is made again, but the other's "Related passages"
    # quote it now (the first seed's passages on the SCO never met the excerpt's before).
    _edit_excerpt(corpus_dir)
    before = pages[f"papers/{SEED}.md"]
    pages, fresh = build()
    assert pages == fresh
    assert rendered[0] == "pakistan-russia-convergence-excerpt" and len(rendered) == 3
    assert pages[f"papers/{SEED}.md"] != before
    rendered.clear()

    # A new term for a topic changes the matcher (and the links): every page is made again.
    _add_topic_term(corpus_dir)
    pages, fresh = build()
    assert pages == fresh and rendered[:2] == ["pakistan-russia-convergence-excerpt", SEED]
    rendered.clear()

    # A damaged entry is a miss, made again.
    entries = sorted((tmp_path / "cache" / "pages").rglob("*.json"))
    for entry in entries:
        entry.write_text('{"head": ["x"], "tail": [1]}', encoding="utf-8")
    entries[0].write_bytes(b"\x80garbage")
    pages, fresh = build()
    assert pages == fresh and len(rendered) == 4
