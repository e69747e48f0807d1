"""Find the mentions of map features (and of the people who speak for actors) in text, in
every language the names files cover.

One module per concern:

``matcher``       the :class:`Linker`: literal names (every language's names in dictionary
                  form, found in folded text), the token matcher for inflected languages,
                  the rules checked per name found, the stages in turn.
``aliases``       the names table (spelling variants, case modes, the rules a name needs).
``scan``          the one automaton pass per passage that finds the names and what the
                  other stages start from (gate words, description nouns, long names' words).
``selection``     :class:`Match` and overlap resolution.
``words``         a text's words with their offsets, split in C.
``morphology``    the token matcher: a passage's words reduced to keys by its language
                  module and looked up word by word against every name of that language.
``languages/``    one small module per language (``en``, ``ru``, ``az``, ``tr``, ``hy``):
                  normaliser and lemmatiser/stemmer, capital-metonymy cues, relation words.
``context``       rules that need the words around a mention or the whole document:
                  capitals as states, look-alikes, datelines, outlets, the US state of Georgia.
``descriptions``  descriptions derived from geodata: a feature's kind nouns with the waters,
                  places and countries its route passes.
``fuzzy``         names garbled by a translator, resolved with RapidFuzz.
``acronyms``      acronyms an article introduces in parentheses.
``folding``       length-preserving folding of text.
``gates``         cheap pre-checks that skip regular expressions that cannot match.
``passages``      articles to :class:`Mention` rows (``link_corpus``, ``mentions_frame``).
``names``         the multilingual names of a feature as the layers carry them.
"""

from corpus.linking.folding import fold
from corpus.linking.matcher import Linker, LinkerError, Match, as_list
from corpus.linking.passages import (
    MENTION_COLUMNS,
    Mention,
    link_article,
    link_corpus,
    link_passages,
    linker_for,
    linker_version,
    mentions_frame,
)

__all__ = ["Linker", "LinkerError", "Match", "Mention", "MENTION_COLUMNS", "as_list", "fold",
           "link_article", "link_corpus", "link_passages", "linker_for", "linker_version",
           "mentions_frame"]
