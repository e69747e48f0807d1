"""Which machine the benchmarks ran on: CPUs, memory, CPU model, Python, date."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path


def _first_line_value(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine_info() -> dict[str, str]:
    """A few facts about this machine, each as text ('unknown' where it cannot be read)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = _first_line_value("/proc/meminfo", "MemTotal")
    if memory and memory.endswith("kB"):
        memory = f"{int(memory.split()[0]) / 2**20:.1f} GiB"
    return {
        "CPUs available (nproc)": str(cpus),
        "memory": memory or "unknown",
        "CPU model": _first_line_value("/proc/cpuinfo", "model name") or platform.processor()
        or "unknown",
        "Python": platform.python_version(),
        "OS": f"{platform.system()} {platform.release()}",
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # Other work on the machine slows every engine alike but makes growth checks noisy.
        "load average at the end (1/5/15 min)": " / ".join(
            f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown",
    }
