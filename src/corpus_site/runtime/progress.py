"""Progress of a long extraction: a bar on a terminal, a few plain log lines elsewhere.

Twenty lines of our own instead of tqdm or rich: one bar is all corpus-site draws.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

# Fewer files than this read too fast to be worth reporting.
MIN_FILES_TO_REPORT = 10
BAR_WIDTH = 30


class ExtractionProgress:
    """Called as `progress(done, total)` by `pool.read_documents` after each file."""

    def __init__(
        self,
        logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
        stream: TextIO | None = None,
    ) -> None:
        self.logger = logger
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = self.stream.isatty()
        self.reported = -1  # the last tenth logged

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_FILES_TO_REPORT:
            return
        if self.terminal:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            end = "\n" if done == total else ""
            self.stream.write(f"\rextracting papers [{bar}] {done}/{total}{end}")
            self.stream.flush()
            return
        tenth = 10 * done // total
        if tenth != self.reported and (tenth % 5 == 0 or done == total):
            self.reported = tenth
            self.logger.info(f"extracted {done} of {total} papers")
