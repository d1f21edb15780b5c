"""`corpus-site build | extract | check`: the command line around the core and MkDocs.

Exit codes: 0 ok, 1 a paper or the build failed, 2 usage error. A user sees one line per
problem; tracebacks only with `--debug`.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from corpus_site.anchors.stage import KeptIds, default_ids_dir, keep_corpus_ids
from corpus_site.corpus import Isolated, load_corpus
from corpus_site.errors import BuildFailed, CorpusError
from corpus_site.extract import read_source
from corpus_site.fidelity.measure import FIDELITY_THRESHOLD, PDF_FIDELITY_THRESHOLD, threshold
from corpus_site.ids import paper_slug
from corpus_site.metadata import DEFAULT_MAX_BYTES, load_meta, with_printed
from corpus_site.model import Corpus, Paper
from corpus_site.runtime.codec import document_to_data
from corpus_site.runtime.files import describe_os_error, replace_dir
from corpus_site.runtime.limits import DEFAULT_LIMITS, FLAGS, Limits
from corpus_site.runtime.pool import read_documents
from corpus_site.runtime.scratch import Terminated, scratch_for

OK, FAILED, USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return USAGE
    try:
        result: int = args.run(args)
        return result
    except CorpusError as error:
        if args.debug:
            raise
        print(f"error: {error.one_line()}", file=sys.stderr)
        return FAILED
    except (KeyboardInterrupt, Terminated):
        print("error: interrupted; the site folder is as it was", file=sys.stderr)
        return FAILED
    except BrokenPipeError:  # the reader of our output went away (`| head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
    except OSError as error:  # the disk, not corpus-site: say which file and what to do
        if args.debug:
            raise
        print(f"error: {describe_os_error(error)}", file=sys.stderr)
        return FAILED
    except Exception as error:  # a bug in corpus-site or a plugin: one line, unless --debug
        if args.debug:
            raise
        detail = " ".join(str(error).split())
        print(
            f"error: {type(error).__name__}: {detail} (a bug; --debug shows the traceback)",
            file=sys.stderr,
        )
        return FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corpus-site", description="Build a searchable website from research papers."
    )
    parser.set_defaults(command=None, debug=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the whole site with MkDocs")
    build.add_argument("--corpus", type=Path, help="folder of papers (default: corpus/)")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="output folder")
    build.add_argument("--config", type=Path, help="mkdocs.yml to use (default: see README)")
    build.add_argument("--strict", action="store_true", help="fail on any warning")
    build.add_argument(
        "--engine", choices=("mkdocs", "zensical"), default="mkdocs", help="site builder"
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="a copy that works opened from disk (same as CORPUS_SITE_OFFLINE=true)",
    )
    build.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_limits(build)
    build.set_defaults(run=run_build)

    extract = commands.add_parser("extract", help="print one paper as Markdown or JSON")
    extract.add_argument("file", type=Path, help="a .txt or .pdf source")
    extract.add_argument("--format", choices=("markdown", "json"), default="markdown")
    extract.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_limits(extract, with_bytes=False)
    extract.set_defaults(run=run_extract)

    check = commands.add_parser("check", help="report what was found in each paper")
    check.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of papers")
    check.add_argument(
        "--strict", action="store_true", help="fail when a paper keeps under 99.9 %% of its words"
    )
    check.add_argument(
        "--ids-dir", type=Path, help="the id records (default: .ids/ in the corpus folder)"
    )
    check.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_limits(check)
    check.set_defaults(run=run_check)

    topics = commands.add_parser("topics", help="topics found in the papers")
    suggest = topics.add_subparsers(metavar="ACTION", required=True).add_parser(
        "suggest", help="print (or write) a topics.yml draft of the topics found in the papers"
    )
    suggest.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of papers")
    suggest.add_argument("--output", type=Path, help="write the draft to this file")
    suggest.add_argument("--force", action="store_true", help="replace an existing --output")
    suggest.set_defaults(run=run_suggest)
    return parser


def _add_limits(command: argparse.ArgumentParser, with_bytes: bool = True) -> None:
    """The flags of the limits no source may pass (README: "When something is wrong")."""
    if with_bytes:
        command.add_argument(
            "--max-source-bytes",
            type=int,
            metavar="N",
            help="refuse source files larger than N bytes (default: max_source_bytes in the "
            f"config, else {DEFAULT_MAX_BYTES})",
        )
    for field, flag in FLAGS.items():
        default = getattr(DEFAULT_LIMITS, field)
        command.add_argument(
            f"--{flag}",
            dest=f"max_{field}",
            type=_positive(float if isinstance(default, float) else int),
            metavar="N",
            help=f"default: the config's {flag.replace('-', '_')}, else {default:,}",
        )


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse type: a finite number above 0 (`inf` or `nan` would switch a limit off)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be a finite number above 0")
        return value

    return parse


def _given_limits(args: argparse.Namespace) -> dict[str, Any]:
    """The limits given on the command line, by their Limits field."""
    given = {field: getattr(args, f"max_{field}", None) for field in FLAGS}
    return {field: value for field, value in given.items() if value is not None}


def _limits(args: argparse.Namespace, base: Limits = DEFAULT_LIMITS) -> Limits:
    """`base` with the limits given on the command line."""
    return replace(base, **_given_limits(args))


def _limit_options(args: argparse.Namespace) -> dict[str, Any]:
    """The limits given on the command line, as plugin options (`max_<field>`)."""
    return {f"max_{field}": value for field, value in _given_limits(args).items()}


# -- build ---------------------------------------------------------------------------------


def _choose_config(args: argparse.Namespace) -> tuple[Path, bool]:
    """The mkdocs.yml to build with, and whether it is the packaged default."""
    if args.config is not None:
        if not args.config.is_file():
            raise CorpusError(args.config, "config file not found")
        return args.config, False
    corpus = args.corpus or Path("corpus")
    if (corpus / "mkdocs.yml").is_file():
        return corpus / "mkdocs.yml", False
    if args.corpus is None and Path("mkdocs.yml").is_file():
        return Path("mkdocs.yml"), False
    default = resources.files("corpus_site.resources").joinpath("mkdocs.yml")
    return Path(str(default)), True


def _corpus_dir(args: argparse.Namespace, packaged: bool) -> Path | None:
    """The corpus folder that overrides the config's `corpus_dir`: `--corpus`, else `corpus/`
    of the working folder when the packaged config is used (its own folder holds no papers)."""
    if args.corpus is not None:
        return Path(args.corpus).resolve()
    return Path("corpus").resolve() if packaged else None


def run_build(args: argparse.Namespace) -> int:
    """Build into a scratch folder beside the site folder (runtime/scratch.py), then swap
    the finished site in: a failed or interrupted build leaves the old site as it was."""
    if not getattr(args, "offline", False):
        return _run_build(args)
    # The packaged config switches Material's offline plugin on from this variable; it is
    # set for this build only, so a later build in the same process is not offline too.
    before = os.environ.get("CORPUS_SITE_OFFLINE")
    os.environ["CORPUS_SITE_OFFLINE"] = "true"
    try:
        return _run_build(args)
    finally:
        if before is None:
            del os.environ["CORPUS_SITE_OFFLINE"]
        else:
            os.environ["CORPUS_SITE_OFFLINE"] = before


def _run_build(args: argparse.Namespace) -> int:
    _configure_logging(args.debug)
    config_file, packaged = _choose_config(args)
    build = _zensical_build if getattr(args, "engine", "mkdocs") == "zensical" else _mkdocs_build
    site_dir = args.site_dir.resolve()
    try:
        with scratch_for(site_dir) as work:
            built, corpus = build(args, config_file, packaged, work)
            replace_dir(built, site_dir)
    except BuildFailed as error:
        if args.debug:
            raise
        print(f"error: build failed: {error}", file=sys.stderr)
        return FAILED
    return _built(corpus, site_dir)


def _mkdocs_build(
    args: argparse.Namespace, config_file: Path, packaged: bool, work: Path
) -> tuple[Path, Corpus | None]:
    from corpus_site.plugin.build import build_site

    empty_docs = work / "docs"
    if packaged:
        empty_docs.mkdir()
    corpus = build_site(
        config_file,
        work / "site",
        strict=args.strict,
        docs_dir=empty_docs if packaged else None,
        corpus_dir=_corpus_dir(args, packaged),
        max_source_bytes=getattr(args, "max_source_bytes", None),
        # Read in this process, so a reader's traceback survives.
        workers=1 if args.debug else None,
        options=_limit_options(args),
    )
    return work / "site", corpus


def _zensical_build(
    args: argparse.Namespace, config_file: Path, packaged: bool, work: Path
) -> tuple[Path, Corpus | None]:
    """The same pages and configuration, built by Zensical (see zensical.py)."""
    from corpus_site.zensical import build_with_zensical

    built = build_with_zensical(
        config_file,
        work,
        corpus_dir=_corpus_dir(args, packaged),
        strict=args.strict,
        use_docs_dir=not packaged,
        max_source_bytes=args.max_source_bytes,
        options=_limit_options(args),
    )
    return built.site, built.corpus


def _built(corpus: Corpus | None, site_dir: Path) -> int:
    """Say what was built; FAILED when a file of the corpus could not be used."""
    count = len(corpus.papers) if corpus else 0
    errors = len(corpus.errors) if corpus else 0
    print(f"built {count} paper{'s' if count != 1 else ''} into {site_dir}", file=sys.stderr)
    if errors:
        print(f"{errors} file{'s' if errors != 1 else ''} could not be used", file=sys.stderr)
        return FAILED
    return OK


def _configure_logging(debug: bool) -> None:
    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.INFO)
    if not debug:
        logging.getLogger("mkdocs").setLevel(logging.INFO)
    # The plugin logs a reader's traceback at debug level.
    logging.getLogger("mkdocs.plugins.corpus_site").setLevel(
        logging.DEBUG if debug else logging.NOTSET
    )


# -- extract -------------------------------------------------------------------------------


def _read_one(path: Path, limits: Limits, debug: bool) -> Paper:
    """One source, read as a build reads it: in a worker that is killed past the time limit
    (in this process with `--debug`, so a traceback survives)."""
    if not path.is_file():
        raise CorpusError(path, "file not found")
    meta = load_meta(path, paper_slug(path.stem), limits.metadata_chars)
    reader = partial(read_source, limits=limits)
    [(document, _, _)] = read_documents(
        [(path, meta)],
        Isolated(reader) if not debug else reader,
        workers=1 if debug else 2,
        seconds_per_source=limits.seconds_per_source,
    )
    if isinstance(document, CorpusError):
        raise document
    return Paper(meta=with_printed(meta, document), document=document, source=path)


def run_extract(args: argparse.Namespace) -> int:
    from corpus_site.pages.markdown import render_document

    paper = _read_one(args.file, _limits(args), args.debug)
    if args.format == "json":
        print(json.dumps(document_to_data(paper.document), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_document(paper.document, paper.meta))
    return OK


# -- check ---------------------------------------------------------------------------------


def _ids_report(kept: KeptIds, slug: str) -> str:
    """The paper's ids since its record: a count of each kind, then the ids that changed."""
    changes = kept.changes[slug]
    lines = [f"  ids since the record: {changes.summary()}"]
    lines += [f"    moved (matched by similar text): {i}" for i in changes.moved]
    lines += [
        f"    retired: {old} -> lands on {new or 'the page'}"
        for old, new in changes.retired.items()
    ]
    if changes.moved or changes.retired or len(changes.new) < len(changes.kept):
        lines += [f"    new: {i}" for i in changes.new]
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    from corpus_site.fidelity.report import report_paper

    limit = DEFAULT_MAX_BYTES if args.max_source_bytes is None else args.max_source_bytes
    corpus = load_corpus(args.corpus, limit, limits=_limits(args))
    ids_dir = args.ids_dir or default_ids_dir(args.corpus)
    kept = keep_corpus_ids(corpus, ids_dir)  # what the next build would publish; not saved
    failed = bool(corpus.errors)
    for paper in corpus.papers:
        report = report_paper(paper)
        print(report.render())
        print(_ids_report(kept, paper.meta.slug))
        minimum = threshold(paper, FIDELITY_THRESHOLD, PDF_FIDELITY_THRESHOLD)
        if args.strict and report.fidelity is not None and report.fidelity < minimum:
            failed = True
            unit = "letters" if paper.document.source_text else "words"
            print(f"  FAIL: fewer than {minimum:.1%} of the {unit} reached the page")
        print()
    for old, new in sorted(kept.redirects.items()):
        print(f"papers/{old}/ redirects to papers/{new}/ (renamed)")
    for slug in kept.removed:
        print(f"papers/{slug}/ says the paper was removed from this corpus")
    for error in corpus.errors:
        print(f"error: {error.one_line()}")
    papers = len(corpus.papers)
    print(f"{papers} paper{'s' if papers != 1 else ''}, {len(corpus.errors)} error(s)")
    return FAILED if failed else OK


def run_suggest(args: argparse.Namespace) -> int:
    from corpus_site.topics.suggest import suggest_command

    return suggest_command(args.corpus, args.output, args.force)


if __name__ == "__main__":
    raise SystemExit(main())
