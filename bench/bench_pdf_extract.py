"""Time read_pdf against pdfminer.six's own extract_text on the same PDFs.

Run from the repository root: `python bench/bench_pdf_extract.py [--repeat N]`. Reports, per
file, the least CPU time of N interleaved runs of pdfminer's `extract_text` with its default
layout analysis, of `extract_text` with `LAYOUT` (the LAParams read_pdf groups text lines with),
and of `read_pdf` itself, and our overhead in per cent over each; the goal is under 15 % over
pdfminer's layout analysis. The machine's load average is printed before and after: on a busy
machine use more repetitions."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.pdfgen import write_paper  # noqa: E402
from tests.test_pdf_structure import journal_paper  # noqa: E402

from corpus_site.extract.pdf import LAYOUT, read_pdf  # noqa: E402

SHARED = ROOT.parent / "shared" / "pdfs"
EXPARSER = SHARED / "exparser" / "pdfs"


def timed_rounds(repeat: int, jobs: list[Callable[[], object]]) -> list[list[float]]:
    """CPU seconds of each job in each of `repeat` rounds, the jobs interleaved per round.

    CPU time rather than wall time, and interleaving, keep other load on the machine from
    favouring whichever job happened to run in a quiet moment. Result: one list per round.
    A first, untimed round warms the per-process caches (pdfminer's CMaps and fonts, the
    English word list behind hyphenation) for every job alike.
    """
    for job in jobs:
        job()
    rounds = []
    for _ in range(repeat):
        times = []
        for job in jobs:
            start = time.process_time()
            job()
            times.append(time.process_time() - start)
        rounds.append(times)
    return rounds


def overheads(rounds: list[list[float]]) -> str:
    """read_pdf's overhead over each extract_text, from the least times and per round.

    The least time of each job is the classic estimate; the median over rounds of the
    overhead within one round pairs runs made seconds apart, under the same load.
    """
    best = [min(column) for column in zip(*rounds, strict=True)]
    cells = []
    for index in (0, 1):
        least = 100 * (best[2] / best[index] - 1)
        paired = 100 * (statistics.median(r[2] / r[index] for r in rounds) - 1)
        cells.append(f"{least:+.1f} % / {paired:+.1f} %")
    return f"| {best[0]:.3f} | {best[1]:.3f} | {best[2]:.3f} | {cells[0]} | {cells[1]} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--exparser",
        action="store_true",
        help="time the 40 development papers of ../shared/pdfs/exparser too (issue 18's goal)",
    )
    args = parser.parse_args()
    print(f"load average before: {_load()}; {args.repeat} interleaved rounds\n")
    with tempfile.TemporaryDirectory() as folder:
        paths = sorted(SHARED.glob("*.pdf"))
        if args.exparser:
            paths += sorted(EXPARSER.glob("*.pdf"))
        paths.append(write_paper(journal_paper(), Path(folder) / "generated-one-column.pdf"))
        paths.append(write_paper(journal_paper(2), Path(folder) / "generated-two-column.pdf"))
        print(
            "| PDF | extract_text (default) s | extract_text (our LAParams) s | read_pdf s "
            "| overhead vs default (least / median) | overhead vs same LAParams (least / median) |"
        )
        print("|---|---|---|---|---|---|")
        totals = [[0.0, 0.0, 0.0] for _ in range(args.repeat)]
        for path in paths:
            rounds = timed_rounds(
                args.repeat,
                [
                    partial(extract_text, path, laparams=LAParams()),
                    partial(extract_text, path, laparams=LAYOUT),
                    partial(read_pdf, path),
                ],
            )
            for total, times in zip(totals, rounds, strict=True):
                total[:] = [a + b for a, b in zip(total, times, strict=True)]
            print(f"| {path.name} {overheads(rounds)}")
        print(f"| **all** {overheads(totals)}")
    print(f"\nload average after: {_load()}")


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
