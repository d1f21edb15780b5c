"""The benchmark runs end to end at N = 2, so it cannot rot; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate_corpus  # noqa: E402
from run import Measure, SizeResult, render_table  # noqa: E402

from corpus_site.corpus import load_corpus  # noqa: E402
from corpus_site.model import ListBlock  # noqa: E402


def test_generated_papers_read_like_the_seeds(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 3, words=2000)
    again = tmp_path / "again"
    generate_corpus(again, 3, words=2000)
    for source in sorted(tmp_path.glob("*.txt")):
        assert (again / source.name).read_bytes() == source.read_bytes()  # seeded: repeatable
    corpus = load_corpus(tmp_path)
    assert not corpus.errors
    for paper in corpus.papers:
        document = paper.document
        assert document.printed_title == paper.meta.title
        assert document.keywords == paper.meta.keywords
        headings = [section.heading for section in document.sections]
        assert headings[:2] == ["Abstract", "Introduction"]
        assert len(document.page_markers) >= 3
        assert document.footnotes and any(note.present for note in document.footnotes)
        assert document.author_notes
    lists = [b for p in corpus.papers for _, b in _blocks(p.document) if isinstance(b, ListBlock)]
    assert lists and all(block.style == "roman" for block in lists)


def _blocks(document):  # type: ignore[no-untyped-def]
    return [(section, block) for section in document.sections for block in section.blocks]


@pytest.mark.slow
@pytest.mark.browser
def test_benchmark_runs_at_two_papers(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\n## PDF extraction\n\nkept as it is\n", encoding="utf-8")
    figures = tmp_path / "figures.json"
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--papers", "2", "--words", "1500"]
    command += ["--out", str(tmp_path / "out"), "--report", str(report), "--json", str(figures)]
    command += ["--search"]
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path, timeout=600)
    (result,) = json.loads(figures.read_text(encoding="utf-8"))
    assert result["papers"] == 2
    for step in ("cold", "plain", "warm", "warm_one_changed"):
        assert result[step]["wall"] > 0 and result[step]["cpu"] > 0
        assert result[step]["peak_mib"] > 10
    assert result["search_index_bytes"] > 0
    # One query, measured in Chromium: Material's reader fetched the whole index, Pagefind's
    # its code, an index chunk and fragments.
    search = result["search"]
    assert search["material_query_bytes"] > result["search_index_bytes"]
    assert search["pagefind_query_bytes"] > 0 and search["pagefind_bundle_bytes"] > 0
    assert search["pagefind_query_gzip_bytes"] < search["pagefind_query_bytes"]
    assert 0 <= result["warm_share_extract_topics"] < 1
    text = report.read_text(encoding="utf-8")
    assert "## PDF extraction\n\nkept as it is\n" in text
    assert text.count("## Build time and memory") == 1
    subprocess.run([*command, "--no-profile"], check=True, capture_output=True, timeout=600)
    assert report.read_text(encoding="utf-8").count("## Build time and memory") == 1


def test_figures_of_an_earlier_run_read_back_as_they_were_written() -> None:
    measure = Measure(wall=2.0, cpu=1.5, peak_mib=80.0)
    result = SizeResult(1000, 5_000_000, measure, measure, measure, measure, None, [], runs=1)
    result.search = {"pagefind_query_bytes": 430_000}
    again = SizeResult.from_json(json.loads(json.dumps(asdict(result))))
    assert again == result
    assert "| 1000 | 5,000,000 | 1 | 2.0 s (1.5 s CPU) |" in render_table([again])
