"""The corpus-wide pages of the papers themselves: the home page and the recommendations."""

from __future__ import annotations

from corpus_site.model import Corpus, ListBlock, Paper, Paragraph, plain_text
from corpus_site.pages.escape import escape
from corpus_site.pages.markdown import display_title
from corpus_site.pages.paths import paper_path

ABSTRACT_WORDS = 45


def render_recommendations(corpus: Corpus) -> str:
    """Every recommendation in the corpus, by paper, each linking to its place in the paper.

    Recommendations are the lists of a section whose heading names them.
    """
    lines = ["---", 'title: "Recommendations"', "---", "", "# Recommendations", ""]
    found = 0
    for paper in corpus.papers:
        sections = [
            s
            for s in paper.document.sections
            if "recommendation" in s.heading.lower()
            and any(isinstance(b, ListBlock) for b in s.blocks)
        ]
        if not sections:
            continue
        title = escape(display_title(paper.meta, paper.document))
        lines += [f"## [{title}]({paper_path(paper)}) {{ #{paper.meta.slug} }}", ""]
        for section in sections:
            lines += [f"### {escape(section.heading)} {{ #{paper.meta.slug}-{section.id} }}", ""]
            for block in section.blocks:
                if not isinstance(block, ListBlock):
                    continue
                for number, item in enumerate(block.items, start=1):
                    found += 1
                    target = f"{paper_path(paper)}#{item.id}"
                    label = f"[{escape(item.label)}]({target}){{ .item-label }}"
                    text = escape(plain_text(item.inlines), line_start=False)
                    lines += [f"{number}. {label} {text}", ""]
    if found:
        intro = f"{found} recommendations from the papers, each linked to its place in the paper."
        lines[6:6] = [intro, ""]
    else:
        lines += ["No paper in this corpus has a list of recommendations yet.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _abstract_opening(paper: Paper) -> str:
    for section in paper.document.sections:
        if section.heading.lower() == "abstract" or section is paper.document.sections[0]:
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    words = plain_text(block.inlines).split()
                    more = " …" if len(words) > ABSTRACT_WORDS else ""
                    return " ".join(words[:ABSTRACT_WORDS]) + more
    return ""


def render_home(corpus: Corpus) -> str:
    """The home page: every paper with title, journal, keywords and its abstract's opening."""
    count = len(corpus.papers)
    lines = [
        "---",
        'title: "Home"',
        "---",
        "",
        "# Papers in this corpus",
        "",
        f"{count} paper{'s' if count != 1 else ''} in this corpus.",
        "",
    ]
    for paper in corpus.papers:
        meta, document = paper.meta, paper.document
        title = escape(display_title(meta, document))
        lines += [f"## [{title}]({paper_path(paper)}) {{ #paper-{meta.slug} }}", ""]
        facts = []
        if meta.authors or document.authors:
            facts.append(", ".join(escape(a) for a in meta.authors or document.authors))
        if meta.journal:
            facts.append(f"*{escape(meta.journal)}*")
        if not meta.complete:
            facts.append("**Excerpt** (incomplete source)")
        if document.printed_title is None:
            facts.append("untitled in the source")
        if facts:
            lines += [" · ".join(facts), "{ .paper-facts }", ""]
        keywords = meta.keywords or document.keywords
        if keywords:
            lines += ["Keywords: " + ", ".join(escape(k, line_start=False) for k in keywords)]
            lines += ["{ .keywords }", ""]
        opening = _abstract_opening(paper)
        if opening:
            lines += [escape(opening), "{ .abstract-opening }", ""]
    return "\n".join(lines).rstrip() + "\n"
