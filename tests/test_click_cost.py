"""bench.click_cost's own logic (the measurement itself needs Chromium: run it by hand)."""

from __future__ import annotations

import os

import pytest

from bench import click_cost


def test_delta_is_per_process_type_and_counts_a_process_that_appeared():
    before = {"renderer": 1.0, "browser": 2.0}
    after = {"renderer": 1.5, "browser": 2.25, "gpu-process": 0.5}
    assert click_cost._delta(before, after) == {"renderer": 0.5, "browser": 0.25,
                                               "gpu-process": 0.5}


def test_own_process_cpu_is_counted_and_a_gone_process_is_zero():
    assert click_cost.process_cpu(os.getpid()) > 0
    assert click_cost.process_cpu(2**22 + 7) == 0.0


def test_a_folder_that_is_not_a_checkout_is_refused_with_what_to_give(tmp_path):
    with pytest.raises(SystemExit, match="no dashboard/app.py; give the root"):
        click_cost.main([str(tmp_path)])
