"""No source can hang or exhaust a build: each hostile file is its own one-line error."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_site.cli import main
from corpus_site.errors import CorpusError, SourceError
from corpus_site.extract import read_source
from corpus_site.model import Document, PaperMeta
from corpus_site.runtime.limits import Limits, note_page
from corpus_site.runtime.pool import read_documents
from tests import hostile_pdfs
from tests.conftest import CORPUS, REPO

SEED = "russia-strategic-calculus-south-asia"
# Memory cases run in a child limited to this much address space: a regression fails there
# instead of exhausting the machine.
ADDRESS_SPACE = 2 * 1024**3


def _meta(path: Path) -> PaperMeta:
    return PaperMeta(slug=path.stem, source=path.name)


def _error(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(SourceError) as caught:
        read_source(path, _meta(path), *([limits] if limits else []))
    line = caught.value.one_line()
    assert "\n" not in line and line.startswith(str(path))
    return line


def _in_small_process(path: Path) -> str:
    """Read `path` in a child limited to ADDRESS_SPACE; its one-line error, or what broke."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
        "from pathlib import Path\n"
        "from corpus_site.errors import CorpusError\n"
        "from corpus_site.extract import read_source\n"
        "from corpus_site.model import PaperMeta\n"
        "path = Path(sys.argv[1])\n"
        "try:\n"
        "    read_source(path, PaperMeta(slug='x', source=path.name))\n"
        "except CorpusError as error:\n"
        "    print(error.one_line())\n"
        "else:\n"
        "    print('read without error')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=600
    )
    return (result.stdout + result.stderr).strip()


def test_a_reference_cycle_is_one_error_not_a_hang(tmp_path: Path) -> None:
    line = _error(hostile_pdfs.resources_cycle(tmp_path / "cycle.pdf"))
    assert "corrupt" in line and "cycle of references" in line


def test_a_stream_whose_length_refers_to_itself_names_the_file(tmp_path: Path) -> None:
    path = hostile_pdfs.self_length(tmp_path / "length.pdf")
    try:
        document = read_source(path, _meta(path))
    except SourceError as error:
        assert error.one_line().startswith(str(path))
    else:  # pdfminer may read past the bad length; then the text must be there
        assert isinstance(document, Document)


def test_a_flood_of_text_operators_stops_at_the_glyph_limit(tmp_path: Path) -> None:
    path = hostile_pdfs.operator_flood(tmp_path / "flood.pdf")
    assert path.stat().st_size < 200_000
    line = _in_small_process(path)
    assert "page 1 has more than 100,000 glyphs" in line, line
    assert "--max-glyphs-per-page" in line


def test_a_decompression_bomb_stops_at_the_stream_limit(tmp_path: Path) -> None:
    path = hostile_pdfs.inflation_bomb(tmp_path / "bomb.pdf", mebibytes=512)
    assert path.stat().st_size < 2_000_000
    line = _in_small_process(path)
    assert "streams decode to more than 256 MB" in line, line
    assert "--max-stream-bytes" in line


def test_a_bomb_behind_another_filter_stops_at_the_stream_limit(tmp_path: Path) -> None:
    path = hostile_pdfs.inflation_bomb(tmp_path / "hex-bomb.pdf", mebibytes=512, hex_first=True)
    assert path.stat().st_size < 3_000_000
    line = _in_small_process(path)
    assert "streams decode to more than 256 MB" in line, line


def test_the_stream_limit_counts_every_stream(tmp_path: Path) -> None:
    path = hostile_pdfs.inflation_bomb(tmp_path / "small-bomb.pdf", mebibytes=3)
    line = _error(path, Limits(stream_bytes=2 * 1024 * 1024))
    assert "more than 2 MB" in line


def test_too_many_pages(tmp_path: Path) -> None:
    path = hostile_pdfs.many_pages(tmp_path / "long.pdf", 5)
    line = _error(path, Limits(pages=4))
    assert "has more than 4 pages; raise --max-pages" in line
    assert isinstance(read_source(path, _meta(path), Limits(pages=5)), Document)


def slow_reader(path: Path, meta: PaperMeta) -> Document:
    """Stands for a reader stuck on page 14 of a source called slow*."""
    if path.name.startswith("slow"):
        note_page(14)
        time.sleep(60)
    return read_source(path, meta)


def test_a_source_over_the_time_limit_is_killed_and_the_rest_read(tmp_path: Path) -> None:
    jobs = []
    for name in ("a.txt", "slow.txt", "b.txt"):
        shutil.copy(CORPUS / f"{SEED}.txt", tmp_path / name)
        jobs.append((tmp_path / name, _meta(tmp_path / name)))
    started = time.monotonic()
    results = read_documents(jobs, slow_reader, workers=2, seconds_per_source=3)
    assert time.monotonic() - started < 30  # the sleeping worker was killed, not waited for
    first, slow, last = (result for result, _, _ in results)
    assert isinstance(first, Document) and isinstance(last, Document)
    assert isinstance(slow, CorpusError)
    assert slow.one_line() == (
        f"{tmp_path / 'slow.txt'}: gave up after 3 s reading page 14; "
        "raise --max-seconds-per-source if the file is right (see README)"
    )


def test_a_worker_that_dies_costs_its_own_source_only(tmp_path: Path) -> None:
    jobs = []
    for name in ("a.txt", "die.txt"):
        shutil.copy(CORPUS / f"{SEED}.txt", tmp_path / name)
        jobs.append((tmp_path / name, _meta(tmp_path / name)))
    results = read_documents(jobs, dying_reader, workers=2)
    assert isinstance(results[0][0], Document)
    assert isinstance(results[1][0], CorpusError)
    assert "killed by signal 9" in results[1][0].one_line()


def dying_reader(path: Path, meta: PaperMeta) -> Document:
    if path.name.startswith("die"):
        import os
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    return read_source(path, meta)


@pytest.mark.slow
def test_a_hostile_pdf_in_the_corpus_leaves_the_other_papers_built(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(CORPUS / f"{SEED}{suffix}", corpus / f"{SEED}{suffix}")
    hostile_pdfs.resources_cycle(corpus / "cycle.pdf")
    site = tmp_path / "site"
    assert main(["build", "--corpus", str(corpus), "--site-dir", str(site)]) == 1
    assert (site / "papers" / SEED / "index.html").is_file()
    assert not (site / "papers" / "cycle").exists()
    assert f"{corpus / 'cycle.pdf'}: PDF is corrupt (object 8 is a cycle" in caplog.text


def test_extract_of_a_cycle_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_pdfs.resources_cycle(tmp_path / "cycle.pdf")
    assert main(["extract", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {path}: PDF is corrupt") and "\n" not in err
    assert REPO.is_dir()


def test_the_limits_are_flags_of_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{SEED}.txt", corpus / f"{SEED}.txt")
    hostile_pdfs.many_pages(corpus / "long.pdf", 5)
    site = tmp_path / "site"
    assert (
        main(["build", "--corpus", str(corpus), "--site-dir", str(site), "--max-pages", "4"]) == 1
    )
    assert f"{corpus / 'long.pdf'}: has more than 4 pages; raise --max-pages" in caplog.text
    assert (site / "papers" / SEED / "index.html").is_file()
    caplog.clear()
    assert (
        main(["build", "--corpus", str(corpus), "--site-dir", str(site), "--max-pages", "5"]) == 0
    )
    assert (site / "papers" / "long" / "index.html").is_file()
