"""Tests of dashboard.profiling: step timings logged only when asked for."""

from __future__ import annotations

import io
import re

import pytest

from dashboard import profiling


@pytest.mark.parametrize(("value", "on"), [("1", True), ("true", True), ("YES", True),
                                           ("0", False), ("", False), ("no", False)])
def test_enabled_reads_the_environment_flag(value, on):
    assert profiling.enabled({profiling.PROFILE_ENV: value}) is on
    assert profiling.enabled({}) is False


def test_timed_logs_label_and_milliseconds_when_on():
    stream = io.StringIO()
    with profiling.timed("panel.names", stream=stream, environ={profiling.PROFILE_ENV: "1"}):
        sum(range(1000))
    line = stream.getvalue().strip()
    assert re.fullmatch(r"\[profile\] panel\.names \d+\.\d ms", line), line


def test_timed_is_silent_when_off_and_still_raises():
    stream = io.StringIO()
    with pytest.raises(ValueError), profiling.timed("x", stream=stream, environ={}):
        raise ValueError("kept")
    assert stream.getvalue() == ""


def test_timed_logs_even_when_the_block_raises():
    stream = io.StringIO()
    with pytest.raises(KeyError), profiling.timed("boom", stream=stream,
                                                  environ={profiling.PROFILE_ENV: "1"}):
        raise KeyError("x")
    assert stream.getvalue().startswith("[profile] boom ")
