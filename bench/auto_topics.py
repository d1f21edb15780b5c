"""What finding automatic topics costs beside a cold build (issue 23: under 5 %).

For each N, `generate.py` writes N papers (no topics.yml, so the build finds its topics);
one cold build is timed (`corpus-site build`, no extraction cache, no id records), then the
corpus is loaded again from the cache that build left and `held.held_topics` timed alone
(CPU, the median of three runs): finding the topics and matching them, all the build spends
on them beside matching none; "of which matching" is `index.build_index` with the topics
found against with none. Heavy at N = 1000 (a cold build of some six minutes): run it alone.

    python bench/auto_topics.py --papers 200 1000

With `--pdfs DIR` it instead finds the topics of the PDFs in DIR (the development corpus,
`../shared/pdfs/exparser/pdfs`) and writes their table, each topic's passages and papers as
the build matches them, to `docs/automatic-topics.md`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_corpus

from corpus_site.corpus import load_corpus
from corpus_site.runtime.cache import DEFAULT_CACHE_DIR, DocumentCache
from corpus_site.topics.auto import describe
from corpus_site.topics.glossary import find_acronyms
from corpus_site.topics.held import held_topics
from corpus_site.topics.index import build_index, iter_passages


def _cpu(action: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()  # type: ignore[operator]
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(count: int, work: Path) -> dict[str, float]:
    corpus = work / f"n{count}" / "corpus"
    shutil.rmtree(corpus.parent, ignore_errors=True)
    generate_corpus(corpus, count)
    site = corpus.parent / "site"
    start = time.perf_counter()
    subprocess.run(
        ["corpus-site", "build", "--corpus", str(corpus), "--site-dir", str(site)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cold = time.perf_counter() - start
    # The Documents the build cached (`.cache/corpus-site` beside the corpus folder).
    loaded = load_corpus(corpus, cache=DocumentCache(corpus.parent / DEFAULT_CACHE_DIR))
    glossary = find_acronyms(loaded.papers)
    found, _ = held_topics(loaded.papers, glossary)
    finding = _cpu(lambda: held_topics(loaded.papers, glossary))
    matching = _cpu(lambda: build_index(loaded.papers, found.topics, None, glossary), 1)
    nothing = _cpu(lambda: build_index(loaded.papers, (), None, glossary), 1)
    passages = sum(1 for paper in loaded.papers for _ in iter_passages(paper))
    return {
        "papers": float(count),
        "passages": float(passages),
        "topics": float(len(found.topics)),
        "cold_s": cold,
        "find_s": finding,
        "match_extra_s": max(0.0, matching - nothing),
    }


def pdf_table(folder: Path, work: Path) -> str:
    """The automatic topics of the PDFs in `folder`, as a Markdown table."""
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for pdf in sorted(folder.glob("*.pdf")):
        shutil.copy(pdf, corpus / pdf.name)
    loaded = load_corpus(corpus)
    glossary = find_acronyms(loaded.papers)
    found, index = held_topics(loaded.papers, glossary)
    rows = [
        "| topic | found as | passages | papers | terms |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for topic, candidate in zip(found.topics, found.candidates, strict=True):
        mentions = index.mentions[topic.id]
        papers = {mention.passage.paper.meta.slug for mention in mentions}
        terms = ", ".join(topic.terms[:4]).replace("|", "\\|")
        rows.append(
            f"| {topic.label} (`{topic.id}`) | {describe(candidate)} | {len(mentions)} | "
            f"{len(papers)} | {terms} |"
        )
    subject = ", ".join(found.subject) or "none"
    return "\n".join(rows) + f"\n\nLeft out as the corpus's subject: {subject}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--pdfs", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="auto-topics-"))
    if args.pdfs is not None:
        print(pdf_table(args.pdfs, work))
        return
    print(
        "| N | passages | topics | cold build | find and match (CPU) | share | of which matching |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in args.papers:
        r = measure(count, work)
        print(
            f"| {count} | {r['passages']:,.0f} | {r['topics']:.0f} | {r['cold_s']:.1f} s | "
            f"{r['find_s']:.2f} s | {r['find_s'] / r['cold_s']:.1%} | "
            f"{r['match_extra_s']:.2f} s ({r['match_extra_s'] / r['cold_s']:.1%}) |",
            flush=True,
        )


if __name__ == "__main__":
    main()
