"""Side-by-side build benchmark: corpus-site against plain MkDocs on the same pages.

    python bench/run.py --papers 2 50 200 --repeat 3   # medians into docs/benchmarks.md
    python bench/run.py --papers 200 --search      # plus one query's bytes, Material vs Pagefind
    python bench/run.py --papers 20 --pdf          # plus PDF extraction, ours vs pdfminer

For each N it generates N synthetic papers (bench/generate.py) and measures, one after another:

1. cold `corpus-site build` (empty extraction cache);
2. plain `mkdocs build` of the Markdown corpus-site wrote, same theme and Markdown extensions,
   no corpus plugin: the floor;
3. warm `corpus-site build`, nothing changed; then with one paper changed;
4. (with --pdf) extraction alone on typeset PDFs: ours against pdfminer.six `extract_text`.

Every build runs in its own process. Wall time depends on what else the machine runs, so CPU
time (user + system, summed over the build's whole process tree, sampled from /proc) is reported
beside it; peak memory is the largest sampled sum of the tree's proportional set sizes (PSS).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate_corpus  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TOPIC_MODULES = ("topics.py", "glossary.py")
# The query whose bytes `--search` counts: a word every generated paper prints.
QUERY = "Pakistan"
REPORT_START = "<!-- bench/run.py: build -->"
REPORT_END = "<!-- /bench/run.py: build -->"


@dataclass
class Measure:
    """One process tree's run: wall seconds, CPU seconds, peak memory in MiB."""

    wall: float
    cpu: float
    peak_mib: float


@dataclass
class SizeResult:
    papers: int
    words: int
    cold: Measure
    plain: Measure
    warm: Measure
    warm_one_changed: Measure
    warm_share_extract_topics: float | None = None
    hot_spots: list[str] = field(default_factory=list)
    search_index_bytes: int = 0
    search_index_gzip_bytes: int = 0
    pdf: dict[str, float] = field(default_factory=dict)
    search: dict[str, int] = field(default_factory=dict)
    runs: int = 1  # of each build; the figures are medians

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SizeResult:
        steps = ("cold", "plain", "warm", "warm_one_changed")
        return cls(**{**data, **{step: Measure(**data[step]) for step in steps}})


# -- measuring a process tree ---------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from the kernel's per-thread children lists."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", "rb") as stream:
                    stack.extend(int(child) for child in stream.read().split())
            except OSError:
                continue
    return found


def _cpu(pid: int) -> float | None:
    """Own CPU seconds of one process so far."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            stat = stream.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    # After the command: state ppid ... utime(12) stime(13), counting from state=0.
    return (int(stat[11]) + int(stat[12])) / CLOCK_TICKS


def _memory(pid: int) -> int:
    """Bytes of memory one process holds: its proportional set size (a page shared by n
    processes counts 1/n to each, so a forked worker's copy of its parent is not counted
    twice), else its resident set size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
            for line in stream:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command`, sampling its process tree's CPU time every 50 ms and its memory every
    half second (reading a large process's PSS walks its page tables: sampled as often as CPU
    time, it took a third of a core from the build it measured) until it exits."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    cpu: dict[int, float] = {}
    peak = 0
    stop = threading.Event()

    def sampler() -> None:
        nonlocal peak
        rounds = 0
        while not stop.is_set():
            pids = _descendants(process.pid)
            for pid in pids:
                seconds = _cpu(pid)
                if seconds is not None:
                    cpu[pid] = max(cpu.get(pid, 0.0), seconds)
            if rounds % 10 == 0:
                peak = max(peak, sum(_memory(pid) for pid in pids))
            rounds += 1
            stop.wait(0.05)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    stop.set()
    thread.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode(errors='replace')}")
    return Measure(wall=wall, cpu=sum(cpu.values()), peak_mib=peak / 2**20)


# -- the steps ----------------------------------------------------------------------------------


def median(runs: list[Measure]) -> Measure:
    """The median wall and CPU time of some runs of one build, and their largest peak."""
    return Measure(
        wall=statistics.median(run.wall for run in runs),
        cpu=statistics.median(run.cpu for run in runs),
        peak_mib=max(run.peak_mib for run in runs),
    )


def build_command(corpus: Path, site: Path, config: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "corpus_site", "build", "--corpus", str(corpus)]
    command += ["--site-dir", str(site)]
    return command + (["--config", str(config)] if config else [])


def write_plain_site(corpus_dir: Path, work: Path) -> tuple[Path, int]:
    """The Markdown corpus-site writes, in a docs folder with a config without our plugin."""
    from corpus_site.corpus import load_corpus
    from corpus_site.model import iter_blocks, plain_text
    from corpus_site.runtime.cache import DocumentCache
    from corpus_site.runtime.files import write_tree
    from corpus_site.site import render_site

    corpus = load_corpus(corpus_dir, cache=DocumentCache(work / ".cache" / "corpus-site"))
    docs = work / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    write_tree(render_site(corpus), docs)
    resources = ROOT / "src" / "corpus_site" / "resources"
    (docs / "assets").mkdir(exist_ok=True)
    for asset in ("corpus-site.css", "corpus-site.js"):
        if (resources / asset).is_file():
            shutil.copy(resources / asset, docs / "assets" / asset)
    config = work / "mkdocs-plain.yml"
    packaged = resources / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {packaged}\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {work / 'plain-site'}\n"
        "plugins:\n  - search\n"
        "extra_css: [assets/corpus-site.css]\n"
        "extra_javascript: [assets/corpus-site.js]\n",
        encoding="utf-8",
    )
    words = 0
    for paper in corpus.papers:
        for _, block in iter_blocks(paper.document):
            inlines = getattr(block, "inlines", None)
            if inlines is not None:
                words += len(plain_text(inlines).split())
            for item in getattr(block, "items", ()):
                words += len(plain_text(item.inlines).split())
    return config, words


def change_one_paper(corpus: Path) -> None:
    """Edit one word in the first paper, as an editor fixing a typo would."""
    source = sorted(corpus.glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(" the ", " The edited ", 1), encoding="utf-8")


def profile_warm(corpus: Path, site: Path, work: Path) -> tuple[float, list[str]]:
    """Share of a warm build spent loading the corpus and matching topics; our hot spots."""
    output = work / "warm.prof"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(output),
            "-m",
            "corpus_site",
            "build",
            "--corpus",
            str(corpus),
            "--site-dir",
            str(site),
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    stats = pstats.Stats(str(output))
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(cumulative for (_, _, _, cumulative, _) in entries.values())
    ours = 0.0
    hot: list[tuple[float, str]] = []
    for (filename, line, name), (_, _, own, _, callers) in entries.items():
        in_package = "corpus_site" in filename
        if in_package:
            hot.append((own, f"{Path(filename).name}:{line}({name})"))
        # Time entering the loader or the topic modules from our other modules, per calling
        # site, so a function called both from inside and from outside is not counted twice
        # (and generators resumed by the standard library are not counted again).
        counted = name == "load_corpus" and filename.endswith("corpus.py")
        if counted or filename.endswith(TOPIC_MODULES):
            ours += sum(
                timing[3]
                for caller, timing in callers.items()
                if "corpus_site" in caller[0]
                and not caller[0].endswith(TOPIC_MODULES)
                and "load_corpus" not in caller[2]
            )
    hot.sort(reverse=True)
    spots = [f"{name} {own:.2f} s" for own, name in hot[:6]]
    return ours / total, spots


def search_bytes(site: Path) -> tuple[int, int]:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return 0, 0
    data = index.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def compare_pdf_extraction(corpus: Path, work: Path, sample: int) -> dict[str, float]:
    """Typeset `sample` papers as PDFs; time our reader and pdfminer's extract_text on them."""
    from generate import typeset_pdf
    from pdfminer.high_level import extract_text

    pdf_dir = work / "pdf"
    pdf_dir.mkdir(exist_ok=True)
    pdfs = []
    for source in sorted(corpus.glob("*.txt"))[:sample]:
        target = pdf_dir / f"{source.stem}.pdf"
        typeset_pdf(source.read_text(encoding="utf-8"), target)
        pdfs.append(target)
    start = time.process_time()
    for pdf in pdfs:
        extract_text(str(pdf))
    pdfminer = time.process_time() - start
    result = {"pdfs": float(len(pdfs)), "pdfminer_s": pdfminer}
    try:
        from corpus_site.extract.pdf import read_pdf
    except ImportError:
        return result
    start = time.process_time()
    for pdf in pdfs:
        read_pdf(pdf)
    result["ours_s"] = time.process_time() - start
    return result


def run_size(count: int, out: Path, args: argparse.Namespace) -> SizeResult:
    work = out / f"n{count}"
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    generate_corpus(corpus, count, seed=args.seed, words=args.words)
    topics = ROOT / "corpus" / "topics.yml"
    if topics.is_file():
        shutil.copy(topics, corpus / "topics.yml")
    site = work / "site"
    config, words = None, 0
    colds, plains, warms, changes = [], [], [], []
    # Repeats take turns (cold, plain, warm), so a burst of load elsewhere on the machine
    # falls on all three alike; each figure is the median of its runs.
    for run in range(args.repeat):
        suffix = f" ({run + 1} of {args.repeat})" if args.repeat > 1 else ""
        log(f"N={count}: cold build{suffix}")
        shutil.rmtree(work / ".cache", ignore_errors=True)  # the extraction cache
        shutil.rmtree(site, ignore_errors=True)
        colds.append(measure(build_command(corpus, site), work))
        log(f"N={count}: plain MkDocs build{suffix}")
        if config is None:
            config, words = write_plain_site(corpus, work)
        plains.append(
            measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], work)
        )
        log(f"N={count}: warm build{suffix}")
        warms.append(measure(build_command(corpus, site), work))
    index_bytes, index_gzip = search_bytes(site)
    share, spots = (None, [])
    if args.profile:
        log(f"N={count}: profiled warm build")
        share, spots = profile_warm(corpus, work / "site-profiled", work)
    for run in range(args.repeat):
        log(f"N={count}: warm build, one paper changed ({run + 1} of {args.repeat})")
        change_one_paper(corpus)  # a different word each time
        changes.append(measure(build_command(corpus, site), work))
    cold, plain, warm, changed = (median(runs) for runs in (colds, plains, warms, changes))
    result = SizeResult(count, words, cold, plain, warm, changed, share, spots, runs=args.repeat)
    result.search_index_bytes, result.search_index_gzip_bytes = index_bytes, index_gzip
    if args.pdf:
        log(f"N={count}: PDF extraction")
        result.pdf = compare_pdf_extraction(corpus, work, min(count, args.pdf_sample))
    if args.search:
        log(f"N={count}: search payloads, Material and Pagefind")
        result.search = search_payloads(corpus, site, work)
    return result


def search_payloads(corpus: Path, site: Path, work: Path) -> dict[str, int]:
    """Build the corpus again with Pagefind as the search backend, then let a browser search
    both sites (bench/search_payload.py) and count the bytes one query fetches each way."""
    import search_payload
    from playwright.sync_api import sync_playwright

    config = work / "mkdocs-pagefind.yml"
    docs = work / "pagefind-docs"  # nothing of its own: every page is generated
    docs.mkdir(exist_ok=True)
    packaged = ROOT / "src" / "corpus_site" / "resources" / "mkdocs.yml"
    # Material's search plugin stays listed (a `plugins` list replaces the inherited one).
    config.write_text(
        f"INHERIT: {packaged}\ndocs_dir: {docs}\nplugins:\n  - search\n  - corpus:\n"
        "      search_backend: pagefind\n",
        encoding="utf-8",
    )
    pagefind_site = work / "site-pagefind"
    built = measure(build_command(corpus, pagefind_site, config), work)
    found: dict[str, int] = {
        "pagefind_build_cpu_ms": round(built.cpu * 1000),
        "pagefind_bundle_bytes": _tree_size(pagefind_site / "pagefind"),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=search_payload.CHROMIUM, args=search_payload.LAUNCH_ARGS
        )
        for backend, root in (("material", site), ("pagefind", pagefind_site)):
            try:
                payload = search_payload.measure(browser, root, backend, QUERY)
            except Exception as error:  # say so in the report rather than lose the run
                log(f"search payload, {backend}: {type(error).__name__}: {error}")
                continue
            found[f"{backend}_query_bytes"] = payload.bytes
            found[f"{backend}_query_gzip_bytes"] = payload.gzip_bytes
            found[f"{backend}_answered"] = int(payload.answered)
        browser.close()
    return found


def _tree_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# -- reporting --------------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def render_table(results: list[SizeResult]) -> str:
    rows = [
        "| N | words | runs | (1) cold build | (2) plain MkDocs | 1/2 | (3) warm, unchanged | 3/2 "
        "| warm, one changed | extraction + topics in warm | peak memory (plain MkDocs) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        share = "-" if r.warm_share_extract_topics is None else f"{r.warm_share_extract_topics:.1%}"
        rows.append(
            f"| {r.papers} | {r.words:,} | {r.runs} "
            f"| {r.cold.wall:.1f} s ({r.cold.cpu:.1f} s CPU) "
            f"| {r.plain.wall:.1f} s ({r.plain.cpu:.1f} s CPU) "
            f"| {_ratio(r.cold.wall, r.plain.wall)} ({_ratio(r.cold.cpu, r.plain.cpu)} CPU) "
            f"| {r.warm.wall:.1f} s ({r.warm.cpu:.1f} s CPU) "
            f"| {_ratio(r.warm.wall, r.plain.wall)} ({_ratio(r.warm.cpu, r.plain.cpu)} CPU) "
            f"| {r.warm_one_changed.wall:.1f} s ({r.warm_one_changed.cpu:.1f} s CPU) "
            f"| {share} | {max(r.cold.peak_mib, r.warm.peak_mib):.0f} MiB "
            f"({r.plain.peak_mib:.0f} MiB) |"
        )
    return "\n".join(rows)


def _payload(search: dict[str, int], backend: str) -> str:
    """What a browser fetched for one query, as measured (`--search`), and gzipped."""
    fetched = search.get(f"{backend}_query_bytes")
    if fetched is None:
        return "not measured (`--search`)"
    packed = search[f"{backend}_query_gzip_bytes"]
    late = "" if search.get(f"{backend}_answered", 1) else "; no result within 3 minutes"
    return f"{_size(fetched)} ({_size(packed)} gzip{late})"


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count / 2**10:.0f} KiB"


def render_extras(results: list[SizeResult]) -> str:
    lines = []
    indexed = [r for r in results if r.search_index_bytes]
    if indexed:
        lines += [
            "",
            "Material's search index (`search/search_index.json`, fetched whole before the "
            "first result):",
            "",
            "| N | index | gzip | bytes per corpus word "
            f"| one query ({QUERY}), Material | one query, Pagefind |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for r in indexed:
            lines.append(
                f"| {r.papers} | {r.search_index_bytes / 2**20:.1f} MiB "
                f"| {r.search_index_gzip_bytes / 2**20:.1f} MiB "
                f"| {r.search_index_bytes / max(r.words, 1):.1f} "
                f"| {_payload(r.search, 'material')} | {_payload(r.search, 'pagefind')} |"
            )
    pdf = [r for r in results if r.pdf]
    if pdf:
        lines += [
            "",
            "| N | PDFs | ours | pdfminer `extract_text` | ratio |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in pdf:
            ours = r.pdf.get("ours_s")
            lines.append(
                f"| {r.papers} | {r.pdf['pdfs']:.0f} | "
                + (f"{ours:.1f} s" if ours is not None else "n/a")
                + f" | {r.pdf['pdfminer_s']:.1f} s | "
                + (_ratio(ours, r.pdf["pdfminer_s"]) if ours is not None else "-")
                + " |"
            )
    spots = [r for r in results if r.hot_spots]
    if spots:
        last = spots[-1]
        lines += [
            "",
            f"Our functions with the most own time in a profiled warm build at N = {last.papers}: "
            + "; ".join(f"`{spot}`" for spot in last.hot_spots)
            + ".",
        ]
    return "\n".join(lines)


def write_report(path: Path, results: list[SizeResult], command: str) -> None:
    body = "\n".join(
        [
            REPORT_START,
            "## Build time and memory",
            "",
            f"`{command}` on this machine ({os.cpu_count()} cores; "
            "wall times vary with whatever else runs, CPU times are steadier):",
            "",
            render_table(results),
            render_extras(results),
            REPORT_END,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if REPORT_START in text and REPORT_END in text:
        head, rest = text.split(REPORT_START, 1)
        _, tail = rest.split(REPORT_END, 1)
        text = head + body + tail
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="*", default=[2, 50, 200])
    parser.add_argument("--words", type=int, default=5000, help="words per paper")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-report", action="store_true", help="print only")
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each build; medians are reported"
    )
    parser.add_argument("--pdf", action="store_true", help="also compare PDF extraction")
    parser.add_argument("--pdf-sample", type=int, default=20, help="PDFs typeset per N")
    parser.add_argument(
        "--search",
        action="store_true",
        help="also build with Pagefind and measure one query's bytes both ways in Chromium",
    )
    parser.add_argument("--json", type=Path, help="also write raw figures here")
    parser.add_argument(
        "--with",
        dest="earlier",
        type=Path,
        action="append",
        default=[],
        help="also report the sizes in this --json file of an earlier run (say, N = 1000)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results = []
    for count in args.papers:
        results.append(run_size(count, args.out, args))
        print(render_table(results[-1:]).splitlines()[-1], flush=True)
        if args.json:  # after each size, so a long run that stops keeps what it measured
            data = json.dumps([asdict(r) for r in results], indent=2)
            args.json.write_text(data, encoding="utf-8")
    for earlier in args.earlier:
        results += [SizeResult.from_json(data) for data in json.loads(earlier.read_text("utf-8"))]
    results.sort(key=lambda result: result.papers)
    print(render_table(results))
    print(render_extras(results))
    if not args.no_report:
        command = "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        write_report(args.report, results, command.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
