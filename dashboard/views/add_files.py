"""Add articles (only when adding is allowed): several files at once — saved pages, text,
exports, feed files, or a .zip of them — imported by ``corpus.ingest.uploads`` with the
rules of ``python -m corpus import`` (nothing is fetched, no file on the server is read),
then the same per-item report. The new articles reach the map at the rerun that follows:
the index picks the new files up."""

from __future__ import annotations

import pandas as pd
import streamlit as st

UPLOAD_KEY = "add_files_upload"
REPORT_KEY = "add_files_report"
TYPES = ["html", "htm", "xhtml", "txt", "md", "jsonl", "ndjson", "json", "csv", "rss",
         "atom", "xml", "zip"]
COLUMNS = ["source", "status", "id", "title", "published", "outlet", "language", "url",
           "duplicate_of", "reason"]


def report_frame(outcomes) -> pd.DataFrame:
    """The per-item report as a table (text only: the dataframe shows no markup)."""
    return pd.DataFrame([o.as_json() for o in outcomes], columns=COLUMNS)


def add_files_section(corpus_dir: str) -> None:
    """The uploader, the button, and the report of the last import."""
    st.subheader("Add articles")
    st.file_uploader("Saved pages, text files, exports (JSONL, JSON, CSV), feed files, or a "
                     ".zip of them", type=TYPES, accept_multiple_files=True, key=UPLOAD_KEY)
    files = st.session_state.get(UPLOAD_KEY) or []
    if st.button("Add these files to the corpus", disabled=not files, key="add_files_go"):
        from corpus.ingest.uploads import import_uploads

        with st.spinner("Adding…"):
            outcomes = list(import_uploads(((f.name, f.getvalue()) for f in files),
                                           corpus_dir))
        st.session_state[REPORT_KEY] = report_frame(outcomes)
        st.rerun()  # the next run opens the index with the new files: they are on the map
    report = st.session_state.get(REPORT_KEY)
    if isinstance(report, pd.DataFrame) and not report.empty:
        counts = report["status"].value_counts()
        st.markdown(", ".join(f"{int(counts.get(s, 0))} {s}"
                              for s in ("imported", "duplicate", "skipped", "error")))
        st.dataframe(report, hide_index=True, use_container_width=True)
