"""Bringing articles into the corpus: ``python -m corpus import`` and ``watch``.

One module per kind of source, each turning bytes into items (``corpus.ingest.items``):

- ``pages``: saved or fetched web pages (trafilatura: text and metadata);
- ``texts``: plain ``.txt`` files and corpus ``.md`` article files;
- ``exports``: ``.jsonl``, ``.json`` and ``.csv`` exports, one article per row;
- ``feeds``: RSS and Atom feeds (feedparser);
- ``archives``: ``.zip`` files of any of these, read in memory with limits.

``kinds`` picks the reader (extension, content type, content); ``sources`` expands the
command line's files, folders and URLs; ``fetching`` fetches http(s) politely;
``syndication`` finds copies of one story (MinHash); ``importer`` fills the flags, refuses
duplicates and calls the one writer, ``corpus.adding.write_article``, that ``corpus add``
and the dashboard use too. A new kind of source is one new module listed in
``kinds.READERS``.
"""
