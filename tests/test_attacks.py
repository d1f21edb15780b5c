"""One regression test per hole an attacker found in the hostile-files work (issue 16)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from corpus_site.anchors.stage import keep_corpus_ids, save_records
from corpus_site.cli import main
from corpus_site.corpus import load_corpus
from corpus_site.errors import SourceError
from corpus_site.extract import read_source
from corpus_site.model import PaperMeta
from corpus_site.runtime.limits import Limits
from tests import hostile_pdfs
from tests.conftest import CORPUS, first_seed
from tests.test_limits import _in_small_process

SEED = "russia-strategic-calculus-south-asia"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = first_seed(tmp_path / "corpus")
    shutil.copy(CORPUS / "pakistan-russia-convergence-excerpt.txt", folder / "other.txt")
    return folder


def _error_of(corpus: Path, name: str) -> str:
    loaded = load_corpus(corpus, workers=1)
    assert SEED in {p.meta.slug for p in loaded.papers}, "the good paper still loads"
    lines = [e.one_line() for e in loaded.errors if name in str(e.path)]
    assert len(lines) == 1, [e.one_line() for e in loaded.errors]
    return lines[0]


def test_a_page_tree_claiming_a_trillion_pages_costs_nothing(tmp_path: Path) -> None:
    path = hostile_pdfs.huge_page_count(tmp_path / "count.pdf")
    assert _in_small_process(path) == "read without error"


def test_a_flood_of_shapes_stops_at_the_page_limit(tmp_path: Path) -> None:
    path = hostile_pdfs.shape_flood(tmp_path / "shapes.pdf")
    with pytest.raises(SourceError, match="page 1 has more than 100,000 glyphs and shapes"):
        read_source(path, PaperMeta(slug="s", source=path.name))


def test_a_runlength_bomb_stops_at_the_stream_limit(tmp_path: Path) -> None:
    path = hostile_pdfs.runlength_bomb(tmp_path / "rl.pdf", runs=40_000)  # 5 MB decoded
    with pytest.raises(SourceError, match="streams decode to more than 2 MB"):
        read_source(path, PaperMeta(slug="r", source=path.name), Limits(stream_bytes=2 * 2**20))


def test_a_fifo_as_metadata_is_an_error_not_a_hang(corpus: Path) -> None:
    (corpus / "other.yml").unlink(missing_ok=True)
    os.mkfifo(corpus / "other.yml")
    assert "other.yml: is not a regular file" in _error_of(corpus, "other.yml")


def test_a_huge_metadata_file_is_refused_unread(corpus: Path) -> None:
    with (corpus / "other.yml").open("wb") as sparse:
        sparse.truncate(2_000_000_000)
    assert "over the 16,777,216-byte limit" in _error_of(corpus, "other.yml")


def test_deeply_nested_metadata_is_one_files_error(corpus: Path) -> None:
    (corpus / "other.yml").write_text("keywords: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "nested too deeply" in _error_of(corpus, "other.yml")


def test_a_topics_file_linking_outside_the_corpus_is_refused(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("- id: outside\n  label: Outside\n  terms: [Russia]\n")
    (corpus / "topics.yml").symlink_to(outside)
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(tmp_path / "site")]) == 1
    assert "topics.yml: is a symbolic link to a file outside" in capsys.readouterr().err
    assert not (tmp_path / "site" / "topics" / "outside").exists()


def test_a_pdf_named_in_metadata_obeys_the_size_limit(corpus: Path) -> None:
    with (corpus / "big.pdf").open("wb") as sparse:
        sparse.write(b"%PDF-1.4\n")
        sparse.truncate(60 * 1024 * 1024)
    meta = corpus / f"{SEED}.yml"
    meta.write_text(meta.read_text() + 'pdf: "big.pdf"\n')
    loaded = load_corpus(corpus, workers=1)
    lines = [e.one_line() for e in loaded.errors]
    assert any("pdf 'big.pdf' is 62,914,560 bytes, over the" in line for line in lines), lines


def test_a_giant_planted_cache_entry_is_a_miss(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0
    entries = sorted((tmp_path / ".cache" / "corpus-site").glob("??/*.json"))
    assert entries
    with entries[0].open("r+b") as planted:
        planted.truncate(4 * 1024**3)
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 0


def test_a_file_name_that_is_not_utf8_gets_a_record(corpus: Path) -> None:
    name = os.fsdecode(b"latin1\xe9.txt")
    shutil.copy(corpus / "other.txt", corpus / name)
    loaded = load_corpus(corpus, workers=1)
    kept = keep_corpus_ids(loaded, corpus / ".ids")
    save_records(kept, corpus / ".ids")
    assert len(list((corpus / ".ids").glob("*.json"))) == 3


def test_a_symlinked_record_folder_is_not_written_through(corpus: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside-ids"
    outside.mkdir()
    (corpus / ".ids").symlink_to(outside)
    kept = keep_corpus_ids(load_corpus(corpus, workers=1), corpus / ".ids")
    save_records(kept, corpus / ".ids")
    assert list(outside.iterdir()) == []


def test_plain_mkdocs_build_reports_a_bad_topics_file_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    project = tmp_path / "project"
    shutil.copytree(CORPUS, project / "corpus")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    resources = project / "src" / "corpus_site" / "resources"
    resources.mkdir(parents=True)
    shutil.copy(REPO / "src" / "corpus_site" / "resources" / "mkdocs.yml", resources)
    (project / "docs").mkdir()
    (project / "corpus" / "topics.yml").write_text("- id: x\n  colour: red\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "topics.yml:2: unknown key 'colour'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_limit_flag_must_be_a_finite_number_above_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for value in ("nan", "inf", "0", "-1", "soon"):
        with pytest.raises(SystemExit) as stopped:
            main(["build", "--max-seconds-per-source", value])
        assert stopped.value.code == 2
    assert "must be a finite number above 0" in capsys.readouterr().err
