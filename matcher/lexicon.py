"""What the matcher knows about words: occupations, titles and skills.

One adapter, :class:`Lexicon`, stands between the scoring code and whatever
knowledge is available:

* with a ``matcher.knowledge.Knowledge`` (ESCO's Spanish occupations and skills,
  the programme taxonomy and a trained title model), occupations are ESCO
  concepts, title similarity mixes the trained model in, and skills are
  canonical ids;
* without it, the built-in synonym groups of :mod:`matcher.reference` and its
  table of everyday words (:data:`~matcher.reference.LOCAL_WORDS`) play the
  same parts, so ``Matcher()`` still understands "mozo", "cosinera" and
  "cuidé a mis hermanos".

Either way the rest of the matcher asks the same four questions: which
occupation is this text (:meth:`Lexicon.occupation`), which phrase stands for
this title or skill in the character n-gram space (:meth:`Lexicon.title_phrase`,
:meth:`Lexicon.skill_phrase`), and, when a model exists, how close are these
titles (:meth:`Lexicon.title_similarity`).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import features as F
from .reference import LOCAL_WORDS, TITLE_GROUPS
from .text import fold_tokens, normalize_text

#: Lowest score of a recognised occupation that the matcher trusts.
MIN_OCCUPATION_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class Occupation:
    """An occupation recognised in a title or free text.

    Attributes
    ----------
    key : str
        ESCO URI or programme code with knowledge; the canonical folded phrase
        of a built-in title group without.
    label, label_f : str
        Masculine (or neutral) and feminine Spanish labels, for sentences.
    esco : bool
        Whether this is an ESCO occupation (then the reasons name it as such).
    """

    key: str
    label: str
    label_f: str
    esco: bool = False

    def label_for(self, sex):
        """The label agreeing with ``sex`` ("F": feminine, otherwise masculine)."""
        return self.label_f if sex == "F" else self.label


_FEMININE_EXCEPTIONS = {"ayudante": "ayudante", "guía": "guía", "albañil": "albañil"}


def feminine(label):
    """A feminine form of a Spanish job label, word by word up to the first "de".

    Examples
    --------
    >>> [feminine(x) for x in ("cocinero", "vendedor de comida", "técnico agropecuario", "guía")]
    ['cocinera', 'vendedora de comida', 'técnica agropecuaria', 'guía']
    """
    words = label.split()
    out = []
    for i, word in enumerate(words):
        if word in ("de", "del", "en", "a", "para"):
            out.extend(words[i:])
            break
        if word in _FEMININE_EXCEPTIONS:
            out.append(_FEMININE_EXCEPTIONS[word])
        elif word.endswith("o"):
            out.append(word[:-1] + "a")
        elif word.endswith("or"):
            out.append(word + "a")
        else:
            out.append(word)
    return " ".join(out)


class Lexicon:
    """Occupations, title phrases and skill phrases, with or without knowledge.

    Parameters
    ----------
    synonyms : matcher.features.SynonymTable
        The merged synonym table (built-in groups plus those passed in).
    knowledge : object or None
        A ``matcher.knowledge.Knowledge``; None for the built-in fallback.

    Examples
    --------
    >>> from matcher.features import build_synonym_table
    >>> from matcher.reference import SYNONYM_GROUPS
    >>> lexicon = Lexicon(build_synonym_table(SYNONYM_GROUPS))
    >>> lexicon.occupation("cociné para la faena comunal").label_f
    'cocinera'
    >>> lexicon.occupation("Moza").label
    'mesero'
    >>> lexicon.occupation("hice muchas cosas") is None
    True
    """

    def __init__(self, synonyms, knowledge=None):
        self.synonyms = synonyms
        self.knowledge = knowledge
        self._labels = {}
        for group in TITLE_GROUPS:
            canonical = F.canonical_phrase(group[0], synonyms)
            self._labels.setdefault(canonical, group[0])
        self._by_length = sorted(
            (tuple(c.split()) for c in self._labels), key=lambda words: -len(words)
        )
        self._local = [(re.compile(pattern), label) for pattern, label in LOCAL_WORDS]
        self._cache = {}

    # -- occupations ----------------------------------------------------------------

    def occupation(self, text):
        """The occupation recognised in ``text``, or None."""
        if text in self._cache:
            return self._cache[text]
        found = None
        if self.knowledge is not None:
            found = self._knowledge_occupation(text)
        if found is None:
            found = self._builtin_occupation(text)
        if len(self._cache) < 100_000:
            self._cache[text] = found
        return found

    def _knowledge_occupation(self, text):
        try:
            hits = self.knowledge.occupations(text, k=1)
        except Exception:  # noqa: BLE001 - knowledge is optional; fall back quietly
            return None
        if not hits or hits[0][1] < MIN_OCCUPATION_SCORE:
            return None
        concept = hits[0][0]
        label = concept.label.split("/")[0].strip()
        label_f = (concept.label_f or feminine(label)).split("/")[-1].strip()
        return Occupation(concept.uri, label, label_f, esco=concept.uri.startswith("http"))

    def _builtin_occupation(self, text):
        words = tuple(F.canonical_phrase(text, self.synonyms).split())
        if not words:
            return None
        for phrase in self._by_length:
            n = len(phrase)
            if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
                return self._builtin(" ".join(phrase))
        plain = normalize_text(text)
        for pattern, label in self._local:
            if pattern.search(plain):
                return self._builtin(F.canonical_phrase(label, self.synonyms))
        return None

    @lru_cache(maxsize=256)  # noqa: B019 - few labels, lives as long as the lexicon
    def _builtin(self, canonical):
        label = self._labels[canonical]
        return Occupation(canonical, label, feminine(label))

    # -- phrases for the character n-gram space ---------------------------------------

    def title_phrase(self, text):
        """The phrase that stands for a title: its occupation's when one is recognised."""
        occupation = self.occupation(text)
        if occupation is not None and not occupation.esco:
            return occupation.key
        return F.canonical_phrase(text, self.synonyms)

    def skill_phrase(self, text):
        """The phrase that stands for a skill: its canonical id or folded synonym."""
        if self.knowledge is not None:
            try:
                skill_id = self.knowledge.skill(text)
            except Exception:  # noqa: BLE001
                skill_id = None
            if skill_id:
                return " ".join(fold_tokens(str(skill_id)))
        return F.canonical_phrase(text, self.synonyms)

    # -- a trained title model, when there is one -----------------------------------

    def title_similarity(self, queries, corpus):
        """(len(queries), len(corpus)) similarities from the title model, or None."""
        if self.knowledge is None or not len(queries) or not len(corpus):
            return None
        try:
            sims = self.knowledge.title_similarity(list(queries), list(corpus))
        except Exception:  # noqa: BLE001
            return None
        return np.clip(np.asarray(sims, dtype=np.float32), 0.0, 1.0)
