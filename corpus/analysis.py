"""Reading across sources: who names what how, which actors go with which corridors, and
what the people who speak for the actors are quoted as saying.

Pure functions on the frames that :class:`corpus.index.MentionIndex` returns (``mentions()``
has the article's outlet, title, date and URL on each mention row), so the dashboard and
tests need no Streamlit:

- :func:`names_by_source`: the surface names of one feature, by source, with counts;
- :func:`actor_corridor_matrix` / :func:`cell_passages`: passages mentioning both an actor
  (or one of its people) and a corridor;
- :func:`quoted_statements`: quotations attributed to a known person in the same sentence
  ("X said: “...”", "“...,” stated X", "According to X, ...", "In X's opinion, ...") or, for a
  pronoun ("He said: ..."), to the person named in the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

UNKNOWN_OUTLET = "Unknown outlet"

# Apostrophes and their look-alikes: "Azerbaijan’s" and "Azerbaijan's" are one name.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
                              "\u00b4": "'"})
_WHITESPACE = re.compile(r"\s+")

# Verbs that introduce reported speech. "spoke of" and "called" attribute a quoted phrase too
# ("spoke of an “Armenian-American project”", "called Azerbaijan a “strategic partner”").
_SPEECH_VERBS = (
    "said", "says", "say", "declared", "declares", "stated", "states", "added", "adds",
    "noted", "notes", "told", "tells", "wrote", "writes", "remarked", "mocked", "argued",
    "argues", "stressed", "stresses", "emphasised", "emphasized", "explained", "announced",
    "acknowledged", "insisted", "warned", "claimed", "concluded", "replied", "asserted",
    "called", "spoke of", "speaks of", "put it", "recalled", "admitted", "observed",
)
_VERB = r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in _SPEECH_VERBS) + r")(?![\w-])"
_VERB_RE = re.compile(_VERB, re.IGNORECASE)
# After a closing quote: '," stated Musabayov' or '," Musabayov said'.
_AFTER_QUOTE = re.compile(
    r"^[\s,]*(?:" + _VERB + r"\s+(?P<after_verb>\S[^.!?;:“”\"]{0,80})"
    r"|(?P<before_verb>[^.!?;:“”\"]{1,40}?)\s+" + _VERB + r")", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_OPINION = re.compile(r"\b(?:in|to)\s+(?P<who>[^,.;:]{1,80}?)(?:'s|’s)\s+(?:opinion|view|words"
                      r"|mind)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
# A quote ends a sentence-internal attribution window when the verb is this far before it.
_MAX_VERB_GAP = 60
# A speaker's name stands at most this far before the speech verb ("Pashinyan grandiosely
# declared"; not "Aliev was prompt to announce a new road map called ...").
_MAX_SUBJECT_GAP = 30
# Capitalised words that may sit between a speaker's name and the speech verb, or after
# "According to", without being another speaker: titles and nationality adjectives.
_TITLE_WORDS = {
    "president", "vice", "prime", "minister", "foreign", "secretary", "state", "speaker",
    "parliament", "deputy", "chairman", "head", "mr", "mrs", "ms", "dr", "us", "u.s", "the",
    "armenian", "azerbaijani", "american", "russian", "iranian", "turkish", "georgian",
    "european", "his", "her", "then", "former", "sir",
}
_CAPITALISED = re.compile(r"\b[A-Z][\w.’'-]*")
# Abbreviations whose period does not end a sentence.
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Sen|Rep|Prof"
                           r"|vs|etc|No|Jr|Sr)\.$")


def normalise_name(text: str) -> str:
    """A name's grouping key: case-folded, apostrophes unified, spaces collapsed."""
    return _WHITESPACE.sub(" ", str(text).translate(_APOSTROPHES)).strip().casefold()


def source_label(outlet: object, display_title: object) -> str:
    """The outlet, or ``Unknown outlet (<display title>)`` so unnamed sources stay apart."""
    outlet = outlet.strip() if isinstance(outlet, str) else ""
    if outlet:
        return outlet
    title = display_title.strip() if isinstance(display_title, str) else ""
    return f"{UNKNOWN_OUTLET} ({title})" if title else UNKNOWN_OUTLET


def display_titles(articles: pd.DataFrame) -> dict[str, str]:
    """Article id -> title, or the opening words when the article has no title (the columns
    of ``MentionIndex.articles()``)."""
    titles = {}
    for row in articles.itertuples(index=False):
        title = row.title if isinstance(row.title, str) and row.title.strip() else ""
        opening = row.opening if isinstance(row.opening, str) else ""
        titles[row.id] = title.strip() or opening.strip() or row.id
    return titles


# --------------------------------------------------------------------------- names by source


#: Between the spellings of one name in the "written as" column.
WRITTEN_SEPARATOR = " \u00b7 "


def _canonical(rows: pd.DataFrame) -> list[str]:
    """Each mention's canonical name (the linker's ``name`` column), '' where it has none or
    where the column is absent (an index built before the linker reported names)."""
    if "name" not in rows.columns:
        return [""] * len(rows)
    return [_WHITESPACE.sub(" ", n).strip() if isinstance(n, str) else "" for n in rows["name"]]


def names_by_source(mentions: pd.DataFrame, feature_id: str,
                    titles: Mapping[str, str]) -> pd.DataFrame:
    """The names the sources use for ``feature_id``: one row per (name, source) with the
    number of mentions, most used first, and ``written``: the spellings found in the text.

    A mention is grouped under the canonical name it matched (the ``name`` column, e.g.
    «Зангезурский коридор» for «Зангезурского коридора»), else under its text as written;
    names that differ only by case or apostrophe are one. ``name`` shows the canonical name
    when the group has one, else its most frequent spelling; ``written`` lists the group's
    spellings, most frequent first. ``titles`` maps article id to display title
    (:func:`display_titles`). Only mentions of the feature itself count (not of the people
    who speak for an actor).
    """
    columns = ["name", "written", "source", "count"]
    rows = mentions[(mentions["feature"] == feature_id) & (mentions["kind"] == "feature")]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    canonical = _canonical(rows)
    spellings = [_WHITESPACE.sub(" ", t).strip() for t in rows["text"]]
    frame = pd.DataFrame({
        "key": [normalise_name(c or t) for c, t in zip(canonical, spellings, strict=True)],
        "canonical": canonical,
        "spelling": spellings,
        "source": [source_label(o, titles.get(a, a))
                   for o, a in zip(rows["outlet"], rows["article_id"], strict=True)],
    })

    def most_used(column: str) -> pd.Series:
        """Per key, the values of ``column`` (non-empty) ordered by use, then alphabetically."""
        used = frame[frame[column] != ""]
        return (used.groupby(["key", column]).size().reset_index(name="n")
                .sort_values(["key", "n", column], ascending=[True, False, True]))

    spelling_order = most_used("spelling")
    shown = spelling_order.drop_duplicates("key").set_index("key")["spelling"]
    named = most_used("canonical").drop_duplicates("key").set_index("key")["canonical"]
    written = spelling_order.groupby("key", sort=False)["spelling"].agg(WRITTEN_SEPARATOR.join)
    counts = frame.groupby(["key", "source"]).size().reset_index(name="count")
    counts["name"] = [named.get(k) or shown.get(k, k) for k in counts["key"]]
    counts["written"] = counts["key"].map(written)
    totals = counts.groupby("key")["count"].transform("sum")
    counts = counts.assign(_total=totals).sort_values(
        ["_total", "name", "count", "source"], ascending=[False, True, False, True])
    return counts[columns].reset_index(drop=True)


def names_table(long: pd.DataFrame) -> pd.DataFrame:
    """:func:`names_by_source` as a table: one row per name, a ``Written as`` column (the
    spellings in the text), one column per source and a ``Total`` column; zeros where a
    source does not use the name."""
    if long.empty:
        return pd.DataFrame()
    table = long.pivot_table(index="name", columns="source", values="count", aggfunc="sum",
                             fill_value=0).astype(int)
    table["Total"] = table.sum(axis=1)
    table = table.sort_values(["Total"], ascending=False, kind="stable")
    table.columns.name = None
    if "written" in long.columns:
        written = long.drop_duplicates("name").set_index("name")["written"]
        table.insert(0, "Written as", table.index.map(written))
    return table


# --------------------------------------------------------------------------- actors x corridors


def _actor_passages(mentions: pd.DataFrame, actor: str) -> set[str]:
    """Passages that mention the actor or one of the people who speak for it."""
    mask = mentions["feature"] == actor
    if "actor" in mentions.columns:
        mask |= mentions["actor"] == actor
    return set(mentions.loc[mask, "passage_id"])


def actor_corridor_matrix(mentions: pd.DataFrame, actors: Sequence[str],
                          corridors: Sequence[str]) -> pd.DataFrame:
    """Passages that mention both: rows ``actors``, columns ``corridors`` (in the given
    order), each cell the number of distinct passages mentioning the actor (or one of its
    people) and the corridor."""
    by_corridor = {c: set(mentions.loc[mentions["feature"] == c, "passage_id"])
                   for c in corridors}
    data = []
    for actor in actors:
        passages = _actor_passages(mentions, actor)
        data.append([len(passages & by_corridor[c]) for c in corridors])
    return pd.DataFrame(data, index=list(actors), columns=list(corridors), dtype=int)


def cell_passages(mentions: pd.DataFrame, actor: str, corridor: str) -> list[str]:
    """The passage ids behind one matrix cell, in article then paragraph order."""
    both = _actor_passages(mentions, actor) & set(
        mentions.loc[mentions["feature"] == corridor, "passage_id"])
    order = mentions.drop_duplicates("passage_id")
    order = order[order["passage_id"].isin(both)].sort_values(["article_id", "paragraph"])
    return list(order["passage_id"])


def matrix_long(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as rows of (actor, corridor, passages), for charts."""
    long = matrix.rename_axis(index="actor", columns="corridor").stack()
    return long.rename("passages").reset_index()


# --------------------------------------------------------------------------- quotations


@dataclass(frozen=True)
class QuotedStatement:
    """A quotation in passage ``passage_id`` attributed to ``person`` (who speaks for
    ``actor``); ``quote`` is the text between the quotation marks, ``start``/``end`` its
    offsets in the passage; ``cue`` says how it was attributed."""

    person: str
    actor: str | None
    passage_id: str
    quote: str
    start: int
    end: int
    cue: str


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    feature: str
    kind: str
    actor: str | None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's content: “...” pairs and "..." pairs. An opening “
    left unclosed in the passage runs to its end (a quotation over several paragraphs)."""
    quotes: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\u201c":
            close = text.find("\u201d", index + 1)
            end = close if close != -1 else len(text)
            quotes.append((index + 1, end))
            index = end + 1
        elif char == '"':
            close = text.find('"', index + 1)
            if close == -1:
                break
            quotes.append((index + 1, close))
            index = close + 1
        else:
            index += 1
    return [(s, e) for s, e in quotes if text[s:e].strip()]


def sentence_starts(text: str, quotes: Sequence[tuple[int, int]]) -> list[int]:
    """Offsets where sentences start, never inside a quotation."""
    starts = [0]
    inside = [False] * (len(text) + 1)
    for s, e in quotes:
        for i in range(s, e):
            inside[i] = True
    for match in re.finditer(r"[.!?][\"”’)]?\s+(?=[“\"‘(]?[A-Z✔])|[✔•]", text):
        where = match.start()
        if inside[where]:
            continue
        if text[where] in "✔•":
            starts.append(where)
            continue
        if text[where] == "." and _ABBREVIATION.search(text[max(0, where - 6):where + 1]):
            continue
        starts.append(match.end())
    return sorted(set(starts))


def _sentence_of(offset: int, starts: Sequence[int]) -> tuple[int, int]:
    """(index, start offset) of the sentence containing ``offset``."""
    current = 0
    for n, start in enumerate(starts):
        if start <= offset:
            current = n
        else:
            break
    return current, starts[current]


def _outside(spans: Iterable[_Span], quotes: Sequence[tuple[int, int]]) -> list[_Span]:
    return [s for s in spans if not any(qs <= s.start < qe for qs, qe in quotes)]


def _stray_name(text: str, start: int, end: int, spans: Sequence[_Span]) -> bool:
    """True if ``text[start:end]`` holds a capitalised word that no mention covers and that
    is not a title: another, unknown, speaker may be named there."""
    for match in _CAPITALISED.finditer(text, start, end):
        word = match.group().rstrip(".’'-").lower()
        if word in _TITLE_WORDS or word.removesuffix("’s").removesuffix("'s") in _TITLE_WORDS:
            continue
        if any(s.start <= match.start() < s.end for s in spans):
            continue
        return True
    return False


def _person_at(spans: Sequence[_Span], start: int, end: int) -> _Span | None:
    hits = [s for s in spans if s.kind == "person" and start <= s.start < end]
    return hits[-1] if hits else None


def attribute_quote(text: str, quote: tuple[int, int], quotes: Sequence[tuple[int, int]],
                    spans: Sequence[_Span]) -> tuple[_Span | None, str]:
    """The person a quotation is attributed to and the cue, or (None, why not)."""
    q_start, q_end = quote
    starts = sentence_starts(text, quotes)
    outside = _outside(spans, quotes)
    # 1. After the quotation: '," stated X' / '," X said'. An unknown name there ends it.
    closing = q_end + 1
    # Only a quotation closed by a comma (or ! ?) runs on into its attribution:
    # '“...,” stated X.' A full stop ends the sentence, and what follows is new.
    trailing = text[q_start:q_end].rstrip()[-1:] + text[closing:closing + 1]
    after = (_AFTER_QUOTE.match(text[closing:closing + 120])
             if any(c in trailing for c in ",!?") else None)
    if after:
        where = (after.start("after_verb") if after.group("after_verb")
                 else after.start("before_verb")) + closing
        stop = closing + after.end()
        person = next((s for s in outside if s.kind == "person" and where <= s.start < stop),
                      None)
        if person is not None:
            return person, "speech verb after the quotation"
        if _CAPITALISED.search(text, where, stop):
            return None, "attributed to someone who is not a known person"
    # 2. Before the quotation, in the same sentence.
    n, sentence_start = _sentence_of(q_start - 1, starts)
    before = [s for s in outside if sentence_start <= s.start < q_start - 1]
    lead = text[sentence_start:q_start - 1]
    for match in _ACCORDING.finditer(lead):
        begin = sentence_start + match.end()
        person = next((s for s in before if s.kind == "person" and s.start >= begin), None)
        if person is not None and not _stray_name(text, begin, person.start, before):
            return person, "according to"
        if person is None or _stray_name(text, begin, person.start, before):
            return None, "according to someone who is not a known person"
    opinion = _OPINION.search(lead)
    if opinion:
        begin, finish = sentence_start + opinion.start("who"), sentence_start + opinion.end("who")
        person = _person_at(before, begin, finish + 1)
        if person is not None:
            return person, "in the person's opinion"
    verbs = list(_VERB_RE.finditer(text, sentence_start, q_start - 1))
    verb = verbs[-1] if verbs else None
    colon = lead.rstrip().endswith(":")
    if verb is not None and (q_start - 1 - verb.end() <= _MAX_VERB_GAP or colon):
        person = _person_at(before, sentence_start, verb.start())
        if person is not None and verb.start() - person.end <= _MAX_SUBJECT_GAP:
            if _stray_name(text, person.end, verb.start(), before):
                return None, "another name stands between the person and the verb"
            return person, "speech verb before the quotation"
        pronoun = _PRONOUN.search(text, sentence_start, verb.start())
        if pronoun and n > 0:
            previous = [s for s in outside if starts[n - 1] <= s.start < sentence_start]
            person = _person_at(previous, starts[n - 1], sentence_start)
            if person is not None:
                return person, "pronoun; named in the sentence before"
    elif colon:
        person = _person_at(before, sentence_start, q_start)
        if person is not None and not _stray_name(text, person.end, q_start - 1, before):
            return person, "colon after the person"
    return None, "no attribution"


def quoted_statements(passages: Iterable[tuple[str, str]], mentions: pd.DataFrame
                      ) -> list[QuotedStatement]:
    """Every quotation attributed to a known person (a mention of kind ``person``) in
    ``passages`` ((passage id, text) pairs), in passage order."""
    by_passage: dict[str, list[_Span]] = {}
    for m in mentions.itertuples(index=False):
        actor = m.actor if isinstance(getattr(m, "actor", None), str) else None
        by_passage.setdefault(m.passage_id, []).append(
            _Span(int(m.start), int(m.end), m.feature, m.kind, actor))
    statements = []
    for passage_id, text in passages:
        quotes = find_quotes(text)
        spans = sorted(by_passage.get(passage_id, []), key=lambda s: s.start)
        if not quotes or not any(s.kind == "person" for s in spans):
            continue
        for quote in quotes:
            person, cue = attribute_quote(text, quote, quotes, spans)
            if person is not None:
                statements.append(QuotedStatement(
                    person=person.feature, actor=person.actor, passage_id=passage_id,
                    quote=text[quote[0]:quote[1]].strip().rstrip(",").strip(),
                    start=quote[0], end=quote[1], cue=cue))
    return statements


def statements_by_person(statements: Iterable[QuotedStatement], actor: str | None = None
                         ) -> dict[str, list[QuotedStatement]]:
    """Statements grouped by person (only the people of ``actor`` if given)."""
    grouped: dict[str, list[QuotedStatement]] = {}
    for statement in statements:
        if actor is None or statement.actor == actor:
            grouped.setdefault(statement.person, []).append(statement)
    return grouped
