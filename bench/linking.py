"""Linker throughput: Corridor Atlas's linker against standard matchers and a plain scan.

Each (engine, corpus size) runs in a fresh Python process so that its peak memory is its own
and no engine warms a cache for another. The engines see the same passages and the same
alias list (every alias of every feature and person, with its spelling variants):

``floor``
    ``text.lower()`` then one substring test, per passage: the least that any matcher which
    reads every character must do from Python. Not a matcher; the speed of light here.
``corridor_atlas``
    :meth:`corpus.linking.Linker.link_text` with the real layers: aliases, descriptive
    patterns, case rules and context rules (what the index stores).
``corridor_atlas_aliases``
    the same linker built from the aliases only (no descriptive patterns): the same job as
    the two peers below.
``flashtext``
    ``flashtext.KeywordProcessor`` (case-insensitive) with ``span_info=True``.
``spacy``
    ``spacy.PhraseMatcher(attr="LOWER")`` over ``spacy.blank("en")`` tokenisation.
``corridor_atlas_ru``, ``flashtext_ru``
    the linker with ``language="ru"`` (pymorphy3 lemmas, every word of every passage) and
    flashtext with the Russian names, on a Russian corpus made the same way from the
    Russian development texts (``tests/data/dev_ru``); flashtext finds only the dictionary
    forms, the linker every inflected form.

Run one measurement by hand: ``python -m bench.linking PAYLOAD ENGINE REPEATS``.
"""

from __future__ import annotations

import json
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ENGINES = ("floor", "corridor_atlas", "corridor_atlas_aliases", "flashtext", "spacy",
           "corridor_atlas_ru", "flashtext_ru")
#: Engines that read the Russian corpus (the rest read the English one).
RUSSIAN_ENGINES = ("corridor_atlas_ru", "flashtext_ru")

Matcher = Callable[[str], int]


class BenchWorkerError(RuntimeError):
    """A measurement process failed; the message carries its command and standard error."""


def alias_list(pools: Mapping[tuple[str, str], Sequence[str]]) -> list[tuple[str, str]]:
    """Every (alias, id) pair the peers are given: the same names the linker looks for."""
    return sorted({(alias, ident) for (_kind, ident), names in pools.items()
                   for alias in names})


def make_matcher(engine: str, records: list[dict], aliases: list[tuple[str, str]]) -> Matcher:
    """A function that links one passage and returns how many matches it found."""
    if engine == "floor":
        return lambda text: int("corridor" in text.lower())
    if engine in ("corridor_atlas", "corridor_atlas_aliases"):
        from corpus.linking import Linker

        if engine == "corridor_atlas_aliases":
            records = [{k: v for k, v in r.items() if k != "patterns"} for r in records]
        linker = Linker.from_features(records)
        return lambda text: len(linker.link_text(text))
    if engine == "corridor_atlas_ru":
        from corpus.linking import Linker

        linker = Linker.from_features(records)
        return lambda text: len(linker.link_text(text, language="ru"))
    if engine in ("flashtext", "flashtext_ru"):
        from flashtext import KeywordProcessor

        processor = KeywordProcessor(case_sensitive=False)
        for alias, ident in aliases:
            processor.add_keyword(alias, ident)
        return lambda text: len(processor.extract_keywords(text, span_info=True))
    if engine == "spacy":
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_id: dict[str, list[str]] = {}
        for alias, ident in aliases:
            by_id.setdefault(ident, []).append(alias)
        for ident, names in by_id.items():
            matcher.add(ident, list(nlp.tokenizer.pipe(names)))
        return lambda text: len(matcher(nlp.make_doc(text)))
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _status_mb(key: str) -> float | None:
    """A memory figure of this process from /proc/self/status (Linux), in MB.

    ``VmHWM`` (peak resident) rather than ``getrusage``'s ``ru_maxrss``, which survives
    ``exec`` and so would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        return None
    return None


#: Timed passes stop once they add up to this many seconds (or at MAX_PASSES).
MIN_TIMED_SECONDS = 1.0
MAX_PASSES = 25
#: Every engine first links this many passages untimed, so caches are warm for all alike.
WARM_UP_PASSAGES = 1000


def measure(engine: str, passages: Sequence[str], records: list[dict],
            aliases: list[tuple[str, str]], min_passes: int = 1) -> dict:
    """Time ``engine`` over ``passages``: at least ``min_passes`` passes and at least
    :data:`MIN_TIMED_SECONDS` of them, after an untimed warm-up; the median pass counts.

    Memory: the process's peak resident memory while building and linking, minus what it
    held before (the passages themselves are already in memory and not counted).
    """
    before = _status_mb("VmRSS")
    started = time.perf_counter()
    matcher = make_matcher(engine, records, aliases)
    build_seconds = time.perf_counter() - started
    for text in passages[:WARM_UP_PASSAGES]:
        matcher(text)
    times, matches = [], 0
    while len(times) < min_passes or (sum(times) < MIN_TIMED_SECONDS
                                      and len(times) < MAX_PASSES):
        started = time.perf_counter()
        matches = sum(matcher(text) for text in passages)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    megabytes = sum(len(t.encode("utf-8")) for t in passages) / 1e6
    peak = _status_mb("VmHWM")
    return {
        "engine": engine, "passages": len(passages), "megabytes": megabytes,
        "seconds": seconds, "build_seconds": build_seconds, "repeats": len(times),
        "passages_per_s": len(passages) / seconds, "mb_per_s": megabytes / seconds,
        "matches": matches,
        "memory_mb": (peak - before) if peak is not None and before is not None else None,
    }


def write_payload(path: Path, records: list[dict], passages: list[str],
                  pools: Mapping[tuple[str, str], Sequence[str]]) -> None:
    """Everything a measurement process needs, in one pickle (the parent made it)."""
    with open(path, "wb") as handle:
        pickle.dump({"records": records, "passages": passages, "aliases": alias_list(pools)},
                    handle, protocol=pickle.HIGHEST_PROTOCOL)


def run_in_process(payload: Path, engine: str, repeats: int = 1) -> dict:
    """Measure one engine on the passages of ``payload`` in a new process.

    One payload per corpus size, so that loading it does not raise the process's peak
    memory above what linking that size needs.
    """
    command = [sys.executable, "-m", "bench.linking", str(payload), engine, str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    if done.returncode != 0:
        raise BenchWorkerError(f"{' '.join(command)} failed (exit {done.returncode}):\n"
                               f"{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str]) -> int:
    """``python -m bench.linking PAYLOAD ENGINE REPEATS``: print one JSON result."""
    if len(argv) != 3:
        print("usage: python -m bench.linking PAYLOAD ENGINE REPEATS", file=sys.stderr)
        return 2
    payload, engine, repeats = argv[0], argv[1], int(argv[2])
    with open(payload, "rb") as handle:
        data = pickle.load(handle)
    result = measure(engine, data["passages"], data["records"], data["aliases"], repeats)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
