"""Builds tests/data/blind_<lang>/ from an import of tests/data/blind_sources and the hand rows.

Usage: build_gold.py CORPUS_DIR ROWS_DIR
ROWS_DIR holds rows_<lang>.txt: article_id|paragraph|feature|text|optional|note, one a line.
Checks each row's text occurs (case-sensitively) in its passage, then writes gold.csv (the
format of tests/data/gold_ru/gold.csv), feature_ids.txt and copies the articles."""
import csv
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from corpus.articles import read_path  # noqa: E402

FEATURES = """usa azerbaijan armenia russia iran turkiye georgia kazakhstan uzbekistan turkmenistan
kyrgyzstan tajikistan china israel ukraine hungary slovakia united_kingdom eu nato csto
organization_of_turkic_states tripp middle_corridor caspian_fiber btc_pipeline
southern_gas_corridor tripp_zone euma""".split()

corpus_dir, rows_dir = Path(sys.argv[1]), Path(sys.argv[2])
passages = {p.id: p.text for a in read_path(corpus_dir).articles for p in a.passages}
out_root = Path(__file__).resolve().parent.parent
bad = 0
for rows_file in sorted(rows_dir.glob("rows_*.txt")):
    lang = rows_file.stem.split("_")[1]
    folder = out_root / f"blind_{lang}"
    folder.mkdir(exist_ok=True)
    rows, ids = [], []
    for n, line in enumerate(rows_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        art, par, feat, text, opt, note = line.split("|", 5)
        pid = f"{art}:{par}"
        if feat not in FEATURES:
            print(f"{rows_file}:{n}: feature {feat} not in the scored list")
            bad += 1
        if pid not in passages or text not in passages[pid]:
            print(f"{rows_file}:{n}: {text!r} not found in {pid}")
            bad += 1
        rows.append([art, par, feat, text, "yes" if opt == "yes" else "no", note])
        if art not in ids:
            ids.append(art)
    with open(folder / "gold.csv", "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["article_id", "paragraph", "feature", "text", "optional", "note"])
        w.writerows(rows)
    (folder / "feature_ids.txt").write_text(
        "# Scored ids: corridors, zones, states and organisations (places not annotated).\n"
        + "\n".join(FEATURES) + "\n", encoding="utf-8")
    for art in ids:
        shutil.copy(corpus_dir / f"{art}.md", folder / f"{art}.md")
    print(lang, len(rows), "rows", len(ids), "articles")
sys.exit(1 if bad else 0)
