"""`corpus-site topics suggest`: the automatic topics as a topics.yml draft to edit.

Each topic comes with a comment saying why it was chosen: what found it (a printed keyword,
a defined acronym, a frequent phrase), its passages per paper, and an example passage. With
a curated topics.yml the draft holds only what it lacks: topics sharing no term with it.
The draft is what `config.read_topics` reads back (strings are written JSON-quoted, which
YAML reads as double-quoted scalars).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from corpus_site.corpus import load_corpus
from corpus_site.ids import unique_id
from corpus_site.model import Corpus
from corpus_site.runtime.files import write_atomically
from corpus_site.topics.auto import describe
from corpus_site.topics.config import load_topics
from corpus_site.topics.glossary import find_acronyms, normalise_phrase
from corpus_site.topics.held import held_topics
from corpus_site.topics.index import build_index
from corpus_site.topics.matcher import Topic

EXAMPLE_CHARACTERS = 160


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str, limit: int = EXAMPLE_CHARACTERS) -> str:
    words = " ".join("".join(c for c in text if c.isprintable()).split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"


def _around(text: str, span: tuple[int, int]) -> str:
    """The words around a mention, on one line."""
    half = EXAMPLE_CHARACTERS // 2
    start, end = max(0, span[0] - half), min(len(text), span[1] + half)
    if start > 0:
        start = text.find(" ", start, span[0]) + 1 or start
    if end < len(text):
        end = text.rfind(" ", span[1], end) if text.rfind(" ", span[1], end) > 0 else end
    words = _one_line(text[start:end], 2 * EXAMPLE_CHARACTERS)
    return ("… " if start > 0 else "") + words + (" …" if end < len(text) else "")


def suggest_command(corpus_dir: Path, output: Path | None, force: bool) -> int:
    """`corpus-site topics suggest`: the draft on standard output, or written to `output`
    (never over an existing file without `force`); the exit status."""
    if output is not None and output.exists() and not force:
        print(f"error: {output} exists; add --force to replace it", file=sys.stderr)
        return 2
    corpus = load_corpus(corpus_dir)
    for error in corpus.errors:
        print(f"warning: {error.one_line()}", file=sys.stderr)
    draft = suggest_topics(corpus, load_topics(corpus_dir))
    if output is None:
        sys.stdout.write(draft)
    else:
        write_atomically(output, draft.encode("utf-8"))
        print(f"wrote {output}", file=sys.stderr)
    return 0


def suggest_topics(corpus: Corpus, curated: tuple[Topic, ...] = ()) -> str:
    """The draft: every automatic topic, or with `curated` topics those sharing no term."""
    glossary = find_acronyms(corpus.papers)
    found, _ = held_topics(corpus.papers, glossary)
    known = {normalise_phrase(term) for topic in curated for term in topic.terms}
    used = {topic.id for topic in curated} | {"index"}
    pairs = []
    for topic, candidate in zip(found.topics, found.candidates, strict=True):
        if known & {normalise_phrase(term) for term in topic.terms}:
            continue
        pairs.append((replace(topic, id=unique_id(topic.id, used)), candidate))
    index = build_index(corpus.papers, tuple(topic for topic, _ in pairs), None, glossary)
    if curated:
        head = [
            f"# {len(pairs)} topic{'s' * (len(pairs) != 1)} found in the papers that "
            "topics.yml lacks (they share no term with its topics), by `corpus-site topics "
            "suggest`.",
            "# The build uses topics.yml alone: copy in the ones you want.",
        ]
    else:
        head = [
            f"# A topics.yml draft: {len(pairs)} topic{'s' * (len(pairs) != 1)} found in the "
            "papers by `corpus-site topics suggest`.",
            "# Edit, merge or delete them, then save the file as topics.yml in the corpus "
            "folder: the build then uses it alone.",
            "# Keys: id (the page's URL), label, description (one line), terms (words or "
            "phrases, any case, plurals too; a term without lower-case letters is an acronym, "
            "matched as written), regex.",
        ]
    if found.subject:
        head.append(
            "# Left out as the corpus's subject (in more than half of all passages): "
            + ", ".join(found.subject)
            + "."
        )
    if found.derived:
        head.append("# Left out with it, as names made from it: " + ", ".join(found.derived) + ".")
    lines = [*head, ""]
    for topic, candidate in pairs:
        mentions = index.mentions[topic.id]
        per_paper: dict[str, int] = {}
        for mention in mentions:
            slug = mention.passage.paper.meta.slug
            per_paper[slug] = per_paper.get(slug, 0) + 1
        counts = ", ".join(f"{slug} {n}" for slug, n in per_paper.items())
        count = len(mentions)
        lines.append(f"# {describe(candidate)}; {count} passage{'s' * (count != 1)}: {counts}.")
        if mentions:
            first = mentions[0].passage
            where = f"{first.paper.meta.slug}#{first.id}"
            lines.append(f"# For example {where}: {_around(first.text, mentions[0].spans[0])}")
        lines += [
            f"- id: {topic.id}",
            f"  label: {_quote(topic.label)}",
            f"  terms: [{', '.join(_quote(term) for term in topic.terms)}]",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
