"""Identical rebuilds, dates from the corpus not the clock, atomic replacement, no stray writes."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import struct
import tempfile
import time
from importlib import resources
from pathlib import Path

import pytest

from corpus_site.cli import main
from tests.conftest import CORPUS

# 2001-09-09T01:46:40Z: a date no test run happens on.
FIXED_EPOCH = 1_000_000_000
PACKAGED_CONFIG = Path(str(resources.files("corpus_site.resources").joinpath("mkdocs.yml")))


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `root` (relative path -> sha256), leaving out top-level `skip` names."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).parts[0] not in skip
    }


def stat_tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int, str]]:
    """Like `tree`, with size and modification time: a rewrite of the same bytes shows too."""
    hashes = tree(root, skip)
    return {
        name: ((root / name).stat().st_size, (root / name).stat().st_mtime_ns, digest)
        for name, digest in hashes.items()
    }


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled corpus (papers, metadata, topics) in `tmp_path/corpus`, dated FIXED_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    for path in target.iterdir():
        os.utime(path, (FIXED_EPOCH, FIXED_EPOCH))
    return target


def build(corpus: Path, site: Path, *extra: str) -> int:
    return main(["build", "--strict", "--corpus", str(corpus), "--site-dir", str(site), *extra])


def dated_config(root: Path) -> str:
    """A config with a site_url, without which MkDocs writes no dates into the sitemap."""
    (root / "docs").mkdir()
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {PACKAGED_CONFIG}\nsite_url: https://example.org/corpus/\n"
        "docs_dir: docs\nplugins:\n  - search\n  - corpus:\n      corpus_dir: corpus\n"
    )
    return str(config)


def sitemap_dates(site: Path) -> tuple[set[str], int]:
    """The sitemap's lastmod dates, and the mtime in the gzip header of sitemap.xml.gz."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") >= 3
    with gzip.open(site / "sitemap.xml.gz", "rt", encoding="utf-8") as stream:
        assert stream.read() == sitemap
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    (mtime,) = struct.unpack("<I", header[4:8])
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)), mtime


@pytest.mark.slow
def test_two_builds_are_byte_identical(corpus: Path, tmp_path: Path) -> None:
    assert build(corpus, tmp_path / "one") == 0  # cold cache
    assert build(corpus, tmp_path / "two") == 0  # warm cache, another folder
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(one) > 20 and "sitemap.xml.gz" in one
    assert one == two


@pytest.mark.slow
def test_dates_follow_the_corpus_not_the_clock(corpus: Path, tmp_path: Path) -> None:
    assert build(corpus, tmp_path / "site", "--config", dated_config(tmp_path)) == 0
    dates, gzip_time = sitemap_dates(tmp_path / "site")
    assert dates == {"2001-09-09"}
    assert abs(gzip_time - FIXED_EPOCH) < 86_400
    assert "SOURCE_DATE_EPOCH" not in os.environ, "the build restores the environment"


@pytest.mark.slow
def test_source_date_epoch_wins_when_set(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14
    assert build(corpus, tmp_path / "site", "--config", dated_config(tmp_path)) == 0
    dates, gzip_time = sitemap_dates(tmp_path / "site")
    assert dates == {"2017-07-14"}
    assert abs(gzip_time - 1_500_000_000) < 86_400


@pytest.mark.slow
def test_a_failed_build_leaves_the_previous_site_untouched(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    assert build(corpus, site) == 0
    before = stat_tree(site)
    time.sleep(0.01)  # a rewrite would show in the modification times

    import corpus_site.plugin

    def fail_late(self: object, **kwargs: object) -> None:
        raise RuntimeError("the disk filled up")  # after every page went to the staging folder

    monkeypatch.setattr(corpus_site.plugin.CorpusPlugin, "on_post_build", fail_late)
    assert build(corpus, site) == 1
    assert stat_tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []

    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    (corpus / "empty.txt").write_bytes(b"")  # a bad paper fails a strict build
    assert build(corpus, site) == 1
    assert stat_tree(site) == before


@pytest.mark.slow
def test_the_build_writes_only_the_site_and_the_cache(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_tmp = tmp_path / "tmp"  # the build's temporary folders, where a test can see them
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    (tmp_path / "notes.txt").write_text("an unrelated file beside the corpus\n")
    before = stat_tree(tmp_path)
    assert build(corpus, tmp_path / "site") == 0
    assert stat_tree(tmp_path, skip=("site", ".cache")) == before
    assert {p.name for p in tmp_path.iterdir()} <= {".cache", "corpus", "notes.txt", "site", "tmp"}
    assert list(private_tmp.iterdir()) == [], "temporary folders are removed"
