"""`corpus-site build | extract | check`: the command line around the core and MkDocs.

Exit codes: 0 ok, 1 a paper or the build failed, 2 usage error. A user sees one line per
problem; tracebacks only with `--debug`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from corpus_site.corpus import DEFAULT_MAX_BYTES, load_corpus, load_meta
from corpus_site.errors import BuildFailed, CorpusError
from corpus_site.extract import read_source
from corpus_site.fidelity.measure import FIDELITY_THRESHOLD
from corpus_site.ids import paper_slug
from corpus_site.model import Corpus, Paper
from corpus_site.runtime.codec import document_to_data
from corpus_site.runtime.files import replace_dir

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
    except KeyboardInterrupt:
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
    _add_max_bytes(build)
    build.set_defaults(run=run_build)

    extract = commands.add_parser("extract", help="print one paper as Markdown or JSON")
    extract.add_argument("file", type=Path, help="a .txt or .pdf source")
    extract.add_argument("--format", choices=("markdown", "json"), default="markdown")
    extract.add_argument("--debug", action="store_true", help="show tracebacks")
    extract.set_defaults(run=run_extract)

    check = commands.add_parser("check", help="report what was found in each paper")
    check.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder of papers")
    check.add_argument(
        "--strict", action="store_true", help="fail when a paper keeps under 99.9 %% of its words"
    )
    check.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_max_bytes(check)
    check.set_defaults(run=run_check)
    return parser


def _add_max_bytes(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--max-source-bytes",
        type=int,
        metavar="N",
        help="refuse source files larger than N bytes (default: max_source_bytes in the config, "
        f"else {DEFAULT_MAX_BYTES})",
    )


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
    """Build into a scratch folder beside the site folder, then swap the finished site in:
    a failed or interrupted build leaves the old site as it was."""
    if getattr(args, "offline", False):
        # The packaged config switches Material's offline plugin on from this variable.
        os.environ["CORPUS_SITE_OFFLINE"] = "true"
    _configure_logging(args.debug)
    config_file, packaged = _choose_config(args)
    build = _zensical_build if getattr(args, "engine", "mkdocs") == "zensical" else _mkdocs_build
    site_dir = args.site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        built, corpus = build(args, config_file, packaged, work)
        replace_dir(built, site_dir)
    except BuildFailed as error:
        if args.debug:
            raise
        print(f"error: build failed: {error}", file=sys.stderr)
        return FAILED
    finally:
        shutil.rmtree(work, ignore_errors=True)
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


def _read_one(path: Path) -> Paper:
    if not path.is_file():
        raise CorpusError(path, "file not found")
    meta = load_meta(path, paper_slug(path.stem))
    return Paper(meta=meta, document=read_source(path, meta), source=path)


def run_extract(args: argparse.Namespace) -> int:
    from corpus_site.pages.markdown import render_document

    paper = _read_one(args.file)
    if args.format == "json":
        print(json.dumps(document_to_data(paper.document), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_document(paper.document, paper.meta))
    return OK


# -- check ---------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    from corpus_site.fidelity.report import report_paper

    limit = DEFAULT_MAX_BYTES if args.max_source_bytes is None else args.max_source_bytes
    corpus = load_corpus(args.corpus, limit)
    failed = bool(corpus.errors)
    for paper in corpus.papers:
        report = report_paper(paper)
        print(report.render())
        if args.strict and report.fidelity is not None and report.fidelity < FIDELITY_THRESHOLD:
            failed = True
            print(f"  FAIL: fewer than {FIDELITY_THRESHOLD:.1%} of the words reached the page")
        print()
    for error in corpus.errors:
        print(f"error: {error.one_line()}")
    papers = len(corpus.papers)
    print(f"{papers} paper{'s' if papers != 1 else ''}, {len(corpus.errors)} error(s)")
    return FAILED if failed else OK


if __name__ == "__main__":
    raise SystemExit(main())
