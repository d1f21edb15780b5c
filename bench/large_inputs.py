"""How build time and memory grow with the size of one paper (issue 16: large inputs).

Generates one synthetic text paper of each size (bench/generate.py's seeded generator, the
seeds' format) and times a cold `corpus-site build` of it alone, with the peak memory of the
build's processes and the bytes of the paper's page. Run on demand:

    python bench/large_inputs.py --sizes 10 20 40        # megabytes; about 15 minutes

The figures go to docs/benchmarks.md, section "Large inputs" (replacing it).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate_corpus  # noqa: E402

WORDS_PER_MB = 133_000  # what the generator prints per megabyte of text, measured
REPORT = ROOT / "docs" / "benchmarks.md"
HEADING = "## Large inputs"


def measure(size_mb: int, work: Path) -> dict[str, float]:
    corpus = work / f"c{size_mb}"
    corpus.mkdir()
    [paper] = generate_corpus(corpus, 1, words=size_mb * WORDS_PER_MB)
    site = work / f"s{size_mb}"
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "corpus_site", "build", "--corpus", str(corpus)]
    result = subprocess.run(
        [*command, "--site-dir", str(site)], capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{size_mb} MB: the build failed: {result.stderr[-500:]}")
    page = next((site / "papers").glob("*/index.html"))
    return {
        "source_mb": paper.stat().st_size / 1e6,
        "wall_s": wall,
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        # ru_maxrss of children is the largest single child (the build), in KiB on Linux.
        "peak_mib": after.ru_maxrss / 1024,
        "page_mb": page.stat().st_size / 1e6,
    }


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        HEADING,
        "",
        "One synthetic text paper of each size, built alone and cold "
        "(`python bench/large_inputs.py`):",
        "",
        "| source | wall | CPU | peak memory | paper page |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['source_mb']:.1f} MB | {row['wall_s']:.0f} s | {row['cpu_s']:.0f} s | "
            f"{row['peak_mib']:,.0f} MiB | {row['page_mb']:.1f} MB |"
        )
    lines += [
        "",
        "Time and memory grow about linearly with the paper (memory about 70 times its text:",
        "the page, its search records and MkDocs' own copies). Before the words-kept measure",
        "anchored on runs of words (fidelity/measure.py), a 1.1 MB paper took 154 s and a 40 MB",
        "one did not finish: difflib is quadratic where a long paper's words all recur. No size",
        "is refused beyond `max_source_bytes` (50 MB); the time limit per source still holds.",
        "Measured on the 2-core machine while other work ran: a quiet machine is faster.",
    ]
    return "\n".join(lines) + "\n"


def write_report(section: str) -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.M | re.S)
    text = pattern.sub("", text).rstrip() + "\n\n" + section
    REPORT.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40], metavar="MB")
    parser.add_argument("--no-report", action="store_true", help="print, do not write docs/")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="corpus-site-large-"))
    try:
        rows = []
        for size in args.sizes:
            rows.append(measure(size, work))
            print(rows[-1], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    section = report(rows)
    print(section)
    if not args.no_report:
        write_report(section)


if __name__ == "__main__":
    main()
