"""Article languages as a reader sees them: "Russian (ru)", for the language filter and the
citations.

The index stores each article's language as an ISO 639 code (``corpus.language``), or ''
when the source states none and the detector was unsure. Names come from the Unicode
CLDR through Babel (already installed with trafilatura, pinned in requirements.txt), so
any language an article turns up in has its English name, not only the ones the linker
reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

#: The label of articles whose language is not known.
UNKNOWN_LANGUAGE = "Language not known"


@cache
def _names() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("en").languages)


def language_name(code: str) -> str:
    """The English name of an ISO 639 code (``ru`` -> ``Russian``); the code itself when
    CLDR does not know it, '' for ''."""
    code = (code or "").strip()
    if not code:
        return ""
    return _names().get(code, code)


def language_label(code: str) -> str:
    """``Russian (ru)``; ``UNKNOWN_LANGUAGE`` for ''; the code alone when it has no name."""
    code = (code or "").strip()
    if not code:
        return UNKNOWN_LANGUAGE
    name = language_name(code)
    return f"{name} ({code})" if name != code else code


def language_codes(articles: pd.DataFrame) -> list[str]:
    """Every article language in the corpus ('' for not known), sorted by label."""
    if articles.empty or "language" not in articles.columns:
        return []
    codes = set(articles["language"].fillna("").astype(str).str.strip())
    return sorted(codes, key=lambda c: (c == "", language_label(c).casefold()))


def chosen_languages(articles: pd.DataFrame, chosen: Iterable[str] | None
                     ) -> tuple[str, ...] | None:
    """The ``ArticleFilter.languages`` for the codes chosen in the sidebar: None (no
    restriction) when every language in the corpus is chosen."""
    if chosen is None:
        return None
    chosen = set(chosen)
    if chosen >= set(language_codes(articles)):
        return None
    return tuple(sorted(chosen))
