"""Search quality: the rank of each query's expected passage under candidate configurations.

    python bench/search_quality.py            # prints the comparison, writes docs/search-quality.md

It builds the bundled corpus once with passage records turned off (the index as Material
writes it), derives the passage index from it exactly as the corpus plugin does, and then,
for each candidate (records × separator × pipeline × field boosts), loads the index into
Material's own search worker in Chromium and runs the query set of
tests/test_search_queries.py. A rank is the position of the expected record among the results a
reader sees, in the order Material shows them (groups by page; within a page, the best records,
then the rest folded under "more"); "(more)" marks a record that is folded away.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import json
import sys
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Material 9.8.1's defaults for English (partials/languages/en.html and the plugin's fields).
MATERIAL_DEFAULTS: dict[str, Any] = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stopWordFilter"],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}
SEPARATORS = {
    "default": r"[\s\-]+",
    # The separator Material's documentation suggests: punctuation, camel case, dots.
    "material-docs": r'[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;',
    # Ours: whitespace and punctuation, quotes at a word's edge; dashes inside words stay.
    "corpus": r"[\s,;:!?()\[\]{}\"“”/]+|(?<!\w)['‘’]|['‘’](?!\w)|\.(?!\d)|&(?:[lg]t|amp|quot);",
    # Ours, but splitting at dashes as the default does.
    "corpus-split-dashes": (
        r"""[\s\-‐‑–—,;:!?()\[\]{}"“”/]+|(?<!\w)['‘’]|['‘’](?!\w)|\.(?!\d)|&(?:[lg]t|amp|quot);"""
    ),
}
PIPELINES = {"stopwords": ["stopWordFilter"], "none": []}


@dataclass
class Ranked:
    """Results of one query in display order: (location, score, visible)."""

    rows: list[tuple[str, float, bool]] = field(default_factory=list)

    def scored(self) -> list[tuple[str, float, bool]]:
        return [row for row in self.rows if row[1] > 0]

    def rank(self, locations: str | Collection[str]) -> int | None:
        """Place of the first of `locations` among the results a reader sees; when none is
        visible, of the first folded one, counted after its page's visible records (where it
        appears once "more" is opened)."""
        wanted = {locations} if isinstance(locations, str) else set(locations)
        for folded in (False, True):
            number = 0
            for found, _, shown in self.scored():
                if shown or (folded and found in wanted):
                    number += 1
                if found in wanted and (shown or folded):
                    return number
        return None

    def visible(self, locations: str | Collection[str]) -> bool:
        wanted = {locations} if isinstance(locations, str) else set(locations)
        return any(found in wanted and shown for found, _, shown in self.scored())

    def top(self, count: int) -> list[str]:
        return [found for found, _, shown in self.scored() if shown][:count]


def display_order(groups: list[list[dict[str, Any]]]) -> Ranked:
    """Material's result list (see its renderSearchResult): per page group, the page record,
    then the records scoring as high as the group's best, then the rest under "more"."""
    ranked = Ranked()
    for group in groups:
        best = group[0]["score"]
        rest = list(group)
        page_at = next((n for n, item in enumerate(rest) if "#" not in item["location"]), 0)
        page = rest.pop(page_at)
        cut = next((n for n, item in enumerate(rest) if item["score"] < best), len(rest))
        ranked.rows.append((page["location"], page["score"], True))
        ranked.rows += [(item["location"], item["score"], True) for item in rest[:cut]]
        ranked.rows += [(item["location"], item["score"], False) for item in rest[cut:]]
    return ranked


_WORKER_JS = """
async ([url, index]) => {
  if (window.__engine) window.__engine.terminate();
  const worker = new Worker(url);
  window.__engine = worker;
  window.__ask = message => new Promise(resolve => {
    worker.onmessage = event => resolve(event.data);
    worker.postMessage(message);
  });
  const reply = await window.__ask({type: 0, data: index});
  return reply.type;
}
"""


class SearchEngine:
    """Material's search worker running in a Chromium page of the built site."""

    def __init__(self, browser: Any, site_url: str) -> None:
        self.browser, self.site_url = browser, site_url

    def __enter__(self) -> SearchEngine:
        self.context = self.browser.new_context()
        self.page = self.context.new_page()
        self.page.goto(self.site_url)
        self.worker_url = self.page.evaluate(
            "() => JSON.parse(document.getElementById('__config').textContent).search"
        )
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def load(self, index: dict[str, Any]) -> None:
        payload = {"config": index["config"], "docs": index["docs"], "options": {"suggest": True}}
        assert self.page.evaluate(_WORKER_JS, [self.worker_url, payload]) == 1

    def ranked(self, query: str) -> Ranked:
        reply = self.page.evaluate("q => window.__ask({type: 2, data: q})", query)
        return display_order(reply["data"]["items"])


@dataclass(frozen=True)
class Candidate:
    records: str  # "sections" (Material's) or "passages"
    separator: str
    pipeline: str
    title_boost: float = 1000.0
    aliases_boost: float | None = None
    acronyms_boost: float | None = None
    defines_boost: float | None = None
    compounds_boost: float | None = None
    topics_boost: float | None = None
    page_boost: float = 1.0
    recommendation_boost: float = 1.0
    quote_boost: float = 1.0
    define_long_forms: bool = False
    paper_in_title: bool = False

    @property
    def name(self) -> str:
        if self.records == "sections":
            return f"sections (Material's records), {self.separator}, {self._stop_words}"
        return ", ".join(
            [
                f"passages, {self.separator}",
                self._stop_words,
                f"title ×{self.title_boost:g}",
                "aliases off" if self.aliases_boost is None else f"aliases ×{self.aliases_boost:g}",
                "acronyms off"
                if self.acronyms_boost is None
                else f"acronyms ×{self.acronyms_boost:g}",
                "defines off" if self.defines_boost is None else f"defines ×{self.defines_boost:g}",
                "compounds off"
                if self.compounds_boost is None
                else f"compounds ×{self.compounds_boost:g}",
                "topics off" if self.topics_boost is None else f"topics ×{self.topics_boost:g}",
                f"paper page ×{self.page_boost:g}",
                f"recommendations ×{self.recommendation_boost:g}",
                f"quotes ×{self.quote_boost:g}",
                "defines long forms" if self.define_long_forms else "defines acronyms",
            ]
        )

    @property
    def _stop_words(self) -> str:
        return f"stop words {'on' if self.pipeline == 'stopwords' else 'off'}"

    def index(self, raw: dict[str, Any], passages: Any) -> dict[str, Any]:
        if self.records == "sections":
            index = json.loads(json.dumps(raw))
        else:
            index = passages(
                paper_page_boost=self.page_boost,
                recommendation_boost=self.recommendation_boost,
                quote_boost=self.quote_boost,
                define_long_forms=self.define_long_forms,
            )
        fields: dict[str, Any] = {
            "title": {"boost": self.title_boost},
            "text": {"boost": 1.0},
            "tags": {"boost": 1000000.0},
        }
        if self.aliases_boost is not None:
            fields["aliases"] = {"boost": self.aliases_boost}
        if self.defines_boost is not None:
            fields["defines"] = {"boost": self.defines_boost}
        if self.acronyms_boost is not None:
            fields["acronyms"] = {"boost": self.acronyms_boost}
        if self.compounds_boost is not None:
            fields["compounds"] = {"boost": self.compounds_boost}
        if self.topics_boost is not None:
            fields["topics"] = {"boost": self.topics_boost}
        index["config"] = {
            "lang": ["en"],
            "separator": SEPARATORS[self.separator],
            "pipeline": PIPELINES[self.pipeline],
            "fields": fields,
        }
        if self.paper_in_title:
            titles = {d["location"]: d["title"] for d in index["docs"] if "#" not in d["location"]}
            for doc in index["docs"]:
                page, _, anchor = doc["location"].partition("#")
                if anchor and doc.get("aliases") is not None and page in titles:
                    doc["title"] = f"{titles[page]} · {doc['title']}"
        return index


DEFAULTS = Candidate("sections", "default", "stopwords")
CHOSEN = Candidate(
    "passages",
    "corpus-split-dashes",
    "none",
    title_boost=100.0,
    aliases_boost=1.0,
    acronyms_boost=100.0,
    defines_boost=100.0,
    compounds_boost=100.0,
    topics_boost=10.0,
    page_boost=0.1,
    recommendation_boost=1.001,
    quote_boost=0.1,
    define_long_forms=True,
)


def candidates() -> Iterator[Candidate]:
    """Material's defaults; then separator × stop words with the boosts of the chosen
    configuration; then each boost varied around it with the chosen separator and pipeline."""
    yield DEFAULTS
    chosen = CHOSEN
    for separator, pipeline in itertools.product(SEPARATORS, PIPELINES):
        yield dataclasses.replace(chosen, separator=separator, pipeline=pipeline)
    grid = itertools.product(
        (1000.0, 100.0, 10.0),
        (None, 100.0),
        (None, 100.0, 1000.0),
        (1.0, 0.1),
        (False, True),
        (1.0, 1.001),
    )
    for title, acronyms, defines, quotes, long_forms, recommendation in grid:
        yield dataclasses.replace(
            chosen,
            title_boost=title,
            acronyms_boost=acronyms,
            defines_boost=defines,
            quote_boost=quotes,
            define_long_forms=long_forms,
            recommendation_boost=recommendation,
        )
    for aliases in (None, 10.0):
        yield dataclasses.replace(chosen, aliases_boost=aliases)
    for compounds, topics in itertools.product(
        (None, 10.0, 100.0, 1000.0), (None, 1.0, 10.0, 100.0)
    ):
        yield dataclasses.replace(chosen, compounds_boost=compounds, topics_boost=topics)
    yield dataclasses.replace(chosen, page_boost=1.0)


def build_raw_index(target: Path) -> tuple[dict[str, Any], Any]:
    """The index as Material writes it, and a function deriving the passage index from it as
    the plugin does (taking `rebuild_index`'s keyword arguments)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from corpus_site.corpus import load_corpus
    from corpus_site.search.records import rebuild_index
    from corpus_site.topics.config import index_corpus

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(target))
    plugin = config.plugins["corpus"]
    plugin.config["passage_search"] = False
    build(config)
    raw = json.loads((target / "search" / "search_index.json").read_text("utf-8"))
    corpus = load_corpus(ROOT / "corpus")
    passages = functools.partial(rebuild_index, raw, corpus, plugin.page_urls, index_corpus(corpus))
    return raw, passages


def evaluate(engine: SearchEngine, index: dict[str, Any], queries: Any) -> list[Ranked]:
    engine.load(index)
    return [engine.ranked(query.text) for query in queries]


def passes(ranked: Ranked, query: Any, answers: Collection[str]) -> bool:
    """An answer (the expected passage, or one as right: see `accepted` in
    tests/test_search_queries.py) is visible among the first three, and the required page
    leads."""
    rank = ranked.rank(answers)
    first_ok = query.first is None or ranked.top(1) == [query.first]
    return rank is not None and rank <= 3 and ranked.visible(answers) and first_ok


def score(results: list[Ranked], queries: Any, answers: list[frozenset[str]]) -> tuple[int, float]:
    """(queries that pass, mean reciprocal rank of their answers)."""
    hits, reciprocal = 0, 0.0
    for ranked, query, answer in zip(results, queries, answers, strict=True):
        rank = ranked.rank(answer)
        reciprocal += 1 / rank if rank is not None else 0
        hits += passes(ranked, query, answer)
    return hits, reciprocal / len(queries)


def describe(ranked: Ranked, answers: Collection[str]) -> str:
    rank = ranked.rank(answers)
    if rank is None:
        return "not found"
    return f"{rank}" + ("" if ranked.visible(answers) else " (more)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "search-quality.md")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright
    from tests.sitefixtures import CHROMIUM, LAUNCH_ARGS, serve
    from tests.test_search_queries import QUERIES, accepted

    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        raw, passages = build_raw_index(site)
        words = sum(len(doc["text"].split()) for doc in raw["docs"])
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            results: dict[Candidate, list[Ranked]] = {}
            with SearchEngine(browser, url) as engine:
                for candidate in candidates():
                    index = candidate.index(raw, passages)
                    results[candidate] = evaluate(engine, index, QUERIES)
            browser.close()
    docs = CHOSEN.index(raw, passages)["docs"]
    answers = [accepted(query, docs) for query in QUERIES]
    table = sorted(results.items(), key=lambda item: score(item[1], QUERIES, answers), reverse=True)
    for candidate, ranked in table:
        hits, mrr = score(ranked, QUERIES, answers)
        print(f"{hits:2d}/{len(QUERIES)} pass  MRR {mrr:.3f}  {candidate.name}")
    write_report(args.out, CHOSEN.name, table, results[DEFAULTS], results[CHOSEN], QUERIES, answers)
    print(f"{words} words in Material's records; report in {args.out}")
    return 0


def write_report(
    out: Path,
    chosen: str,
    table: list[tuple[Candidate, list[Ranked]]],
    before: list[Ranked],
    after: list[Ranked],
    queries: Any,
    answers: list[frozenset[str]],
) -> None:
    lines = [
        "---",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Search quality",
        "",
        "Written by `python bench/search_quality.py`. Each query of the reader query set",
        "(tests/test_search_queries.py) runs in Material's own search worker, in Chromium, on the",
        "bundled corpus. *Rank* is where the expected passage stands among the results a reader",
        "sees, in Material's order; *(more)* means it is folded under “N more on this page”.",
        "For a hyphenated query, any passage that prints the compound counts: lunr's query",
        "parser splits the query at the hyphen, whatever the separator, so no configuration can",
        "rank one such passage above another by the compound alone; the passage reached is",
        "named after its rank when it is not the expected one.",
        "*Before*: Material's defaults (records per section). *After*: the chosen configuration,",
        f"`{chosen}`.",
        "",
        "| query | expected passage | why | rank before | rank after |",
        "| --- | --- | --- | --- | --- |",
    ]
    for query, old, new, answer in zip(queries, before, after, answers, strict=True):
        # Before, the best a reader could get is the section holding the passage.
        old_rank = min(
            (
                n
                for n, (loc, _, _) in enumerate(old.scored(), start=1)
                if any(_section_holds(loc, passage) for passage in answer)
            ),
            default=None,
        )
        old_text = "not found" if old_rank is None else f"{old_rank} (section)"
        anchor = query.expected.replace("papers/", "")
        new_text = describe(new, answer)
        other = _landing(new, answer)
        if other is not None and other != query.expected:
            new_text += f" (`{other.replace('papers/', '')}`)"
        lines.append(f"| `{query.text}` | `{anchor}` | {query.reason} | {old_text} | {new_text} |")
    lines += [
        "",
        "## Candidates",
        "",
        "*Pass*: queries (of "
        f"{len(queries)}) whose passage is visible among the first three results and, for a "
        "topic's name, whose topic page comes first; *MRR*: mean reciprocal rank of the "
        "passages.",
        "",
        "| configuration | pass | MRR |",
        "| --- | --- | --- |",
    ]
    for candidate, ranked in table:
        hits, mrr = score(ranked, queries, answers)
        lines.append(f"| {candidate.name} | {hits} | {mrr:.3f} |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _landing(ranked: Ranked, answers: Collection[str]) -> str | None:
    """The answer that `ranked.rank(answers)` counts: the first visible, else the first folded."""
    found = [answer for answer in answers if ranked.rank(answer) is not None]
    return min(
        found, key=lambda answer: (not ranked.visible(answer), ranked.rank(answer)), default=None
    )


def _section_holds(location: str, passage: str) -> bool:
    """Whether a section record `location` is the section holding `passage` (same page, id
    prefix)."""
    page, _, section = location.partition("#")
    passage_page, _, passage_id = passage.partition("#")
    return bool(section) and page == passage_page and passage_id.startswith(section + "-")


if __name__ == "__main__":
    raise SystemExit(main())
