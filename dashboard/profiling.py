"""Where a rerun of the page spends its time, logged to stderr when CORRIDOR_ATLAS_PROFILE=1.

    CORRIDOR_ATLAS_PROFILE=1 streamlit run dashboard/app.py

prints one line per timed step (``[profile] panel.passages 12.3 ms``). Off by default: the
check is one dictionary lookup, so the timers can stay in the code.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

PROFILE_ENV = "CORRIDOR_ATLAS_PROFILE"


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """True when CORRIDOR_ATLAS_PROFILE is set to 1/true/yes."""
    environ = os.environ if environ is None else environ
    return environ.get(PROFILE_ENV, "").strip().lower() in ("1", "true", "yes")


@contextmanager
def timed(label: str, *, stream: TextIO | None = None,
          environ: Mapping[str, str] | None = None) -> Iterator[None]:
    """Time the block and log ``[profile] <label> <ms> ms`` when profiling is on."""
    if not enabled(environ):
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = (time.perf_counter() - start) * 1000
        print(f"[profile] {label} {elapsed:.1f} ms", file=stream or sys.stderr, flush=True)
