"""The article corpus: reading, checking and adding articles (``python -m corpus``)."""

from corpus.articles import (
    ARTICLES_DIR,
    MAX_ARTICLE_BYTES,
    Article,
    ArticleFormatError,
    Corpus,
    Passage,
    Problem,
    load_corpus,
    parse_article,
    read_path,
    read_plain_text,
)

__all__ = [
    "ARTICLES_DIR",
    "MAX_ARTICLE_BYTES",
    "Article",
    "ArticleFormatError",
    "Corpus",
    "Passage",
    "Problem",
    "load_corpus",
    "parse_article",
    "read_path",
    "read_plain_text",
]
