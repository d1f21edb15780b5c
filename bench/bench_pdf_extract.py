"""Time read_pdf against pdfminer.six's own extract_text on the same PDFs.

Run from the repository root: `python bench/bench_pdf_extract.py [--repeat N]`. Reports, per
file, the least CPU time of N interleaved runs of pdfminer's `extract_text` with its default
layout analysis, of `extract_text` with the LAParams read_pdf uses, and of `read_pdf` itself,
and our overhead in per cent over each; the goal is under 15 % over pdfminer's layout analysis."""

from __future__ import annotations

import argparse
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


def best_of(repeat: int, jobs: list[Callable[[], object]]) -> list[float]:
    """The least CPU time of each job over `repeat` rounds, the jobs interleaved per round.

    CPU time rather than wall time, and interleaving, keep other load on the machine from
    favouring whichever job happened to run in a quiet moment.
    """
    best = [float("inf")] * len(jobs)
    for _ in range(repeat):
        for index, job in enumerate(jobs):
            start = time.process_time()
            job()
            best[index] = min(best[index], time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = sorted(SHARED.glob("*.pdf"))
        paths.append(write_paper(journal_paper(), Path(folder) / "generated-one-column.pdf"))
        paths.append(write_paper(journal_paper(2), Path(folder) / "generated-two-column.pdf"))
        print(
            "| PDF | extract_text (default) s | extract_text (our LAParams) s | read_pdf s "
            "| overhead vs default | overhead vs same LAParams |"
        )
        print("|---|---|---|---|---|---|")
        totals = [0.0, 0.0, 0.0]
        for path in paths:
            default, same, ours = best_of(
                args.repeat,
                [
                    partial(extract_text, path, laparams=LAParams()),
                    partial(extract_text, path, laparams=LAYOUT),
                    partial(read_pdf, path),
                ],
            )
            for index, value in enumerate((default, same, ours)):
                totals[index] += value
            print(
                f"| {path.name} | {default:.3f} | {same:.3f} | {ours:.3f} "
                f"| {100 * (ours / default - 1):+.1f} % | {100 * (ours / same - 1):+.1f} % |"
            )
        default, same, ours = totals
        print(
            f"| **all** | {default:.3f} | {same:.3f} | {ours:.3f} "
            f"| {100 * (ours / default - 1):+.1f} % | {100 * (ours / same - 1):+.1f} % |"
        )


if __name__ == "__main__":
    main()
