"""``python -m corpus link``: output formats, inputs, offsets."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from corpus.linking_cli import OUTPUT_FIELDS, main

ROOT = Path(__file__).resolve().parent.parent


def _records(paths, fmt="jsonl"):
    out = io.StringIO()
    status = main([str(p) for p in paths], fmt, out)
    text = out.getvalue()
    if fmt == "csv":
        return status, list(csv.DictReader(io.StringIO(text)))
    return status, [json.loads(line) for line in text.splitlines()]


def test_plain_text_paragraphs_numbered_from_one_and_offsets_slice(tmp_path):
    text = ("Intro line about nothing.\n\n"
            "Baku and Washington signed the Charter; the TRIPP route crosses Armenia.\n\n\n"
            "The Middle Corridor (TITR) links China and Europe.\n")
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    status, records = _records([path])
    assert status == 0
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert {r["paragraph"] for r in records} == {2, 3}
    for record in records:
        assert set(record) == set(OUTPUT_FIELDS)
        assert record["source"] == str(path)
        paragraph = paragraphs[record["paragraph"] - 1].strip("\n")
        assert paragraph[record["start"]:record["end"]] == record["text"]
    found = {(r["paragraph"], r["feature"]) for r in records}
    assert {(2, "azerbaijan"), (2, "usa"), (2, "tripp"), (2, "armenia"),
            (3, "middle_corridor"), (3, "china")} <= found


def test_folder_of_articles_and_csv_format():
    status, rows = _records([ROOT / "corpus" / "articles"], fmt="csv")
    assert status == 0
    assert list(rows[0]) == OUTPUT_FIELDS
    sources = {Path(r["source"]).stem for r in rows if r["feature"] == "tripp"}
    assert len(sources) == 5  # every seed article mentions TRIPP


def test_missing_path_is_an_error_but_others_are_linked(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text("Azerbaijan and Armenia.", encoding="utf-8")
    status, records = _records([tmp_path / "nope.txt", good])
    assert status == 2
    assert "nope.txt" in capsys.readouterr().err
    assert {r["feature"] for r in records} == {"azerbaijan", "armenia"}


def test_command_line_entry_point(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Pressure on Yerevan grew.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "corpus", "link", str(path)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0]) == {
        "source": str(path), "paragraph": 1, "feature": "armenia", "start": 12, "end": 19,
        "text": "Yerevan", "language": "", "name": "Yerevan"}
