"""Build times of the two engines, MkDocs (Material) and Zensical, on the same corpus.

    python bench/engines.py                 # N = 2 (the bundled corpus) and N = 200
    python bench/engines.py --papers 2 50   # other sizes; N = 2 always means the bundled corpus

Each `corpus-site build --engine E` runs in its own process, `--runs` times per engine, the
engines taking turns so that a busy moment on the machine hits both. Reported: the median wall
time and the median CPU time (user + system of the build and everything it started). The
figures go into the "Engines" section of docs/benchmarks.md, between this script's markers.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate_corpus  # noqa: E402

ENGINES = ("mkdocs", "zensical")
START, END = "<!-- bench/engines.py -->", "<!-- /bench/engines.py -->"


def timed_build(engine: str, corpus: Path, site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build in a fresh process."""
    command = [sys.executable, "-m", "corpus_site", "build", "--engine", engine]
    command += ["--corpus", str(corpus), "--site-dir", str(site)]
    if corpus == ROOT / "corpus":
        command += ["--config", str(ROOT / "mkdocs.yml")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure_size(count: int, out: Path, runs: int) -> dict[str, tuple[float, float]]:
    work = out / f"engines-n{count}"
    shutil.rmtree(work, ignore_errors=True)
    if count == 2:
        corpus = ROOT / "corpus"
    else:
        corpus = work / "corpus"
        generate_corpus(corpus, count)
    samples: dict[str, list[tuple[float, float]]] = {engine: [] for engine in ENGINES}
    for run in range(runs):
        for engine in ENGINES:
            samples[engine].append(timed_build(engine, corpus, work / f"site-{engine}"))
            print(f"N={count} {engine} run {run + 1}: {samples[engine][-1][0]:.2f} s", flush=True)
    return {
        engine: (
            statistics.median(wall for wall, _ in values),
            statistics.median(cpu for _, cpu in values),
        )
        for engine, values in samples.items()
    }


def render(results: dict[int, dict[str, tuple[float, float]]], command: str) -> str:
    lines = [
        START,
        f"`{command}` — median of the runs, wall / CPU seconds, on this project's 2-core machine.",
        "",
        "| papers | MkDocs + Material | Zensical | Zensical / MkDocs (wall) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for count, figures in sorted(results.items()):
        (m_wall, m_cpu), (z_wall, z_cpu) = figures["mkdocs"], figures["zensical"]
        lines.append(
            f"| {count} | {m_wall:.2f} / {m_cpu:.2f} | {z_wall:.2f} / {z_cpu:.2f} "
            f"| {z_wall / m_wall:.2f} |"
        )
    return "\n".join([*lines, END])


def write_section(report: Path, table: str) -> None:
    """Replace this script's section of the report, or append it under an "Engines" heading."""
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + table + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Engines\n\n" + table + "\n"
    report.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[2, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-report", action="store_true", help="print only")
    args = parser.parse_args(argv)
    results = {count: measure_size(count, args.out, args.runs) for count in args.papers}
    command = "python bench/engines.py " + " ".join(
        os.fsdecode(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    table = render(results, command.strip())
    print(table)
    if not args.no_report:
        write_section(args.report, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
