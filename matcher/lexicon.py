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

Either way the rest of the matcher asks the same questions: which occupation
is this text (:meth:`Lexicon.occupation`), which phrases stand for this title
(:meth:`Lexicon.title_phrases`: its own words, and the recognised occupation's
label weighted by how sure the recognition is) or skill
(:meth:`Lexicon.skill_phrase`), and, when a model exists, the title vectors
whose dot products are title similarities (:meth:`Lexicon.title_vectors`).
"""

import re
import weakref
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import features as F
from .reference import LOCAL_WORDS, TITLE_GROUPS
from .text import fold_tokens, normalize_text

#: Lowest score of a recognised occupation that the matcher trusts.
MIN_OCCUPATION_SCORE = 0.5
# Words that mark a title as a sentence about work rather than a job title:
# possessives, articles and links ("cuidé a mis hermanos", "venta de comida en el
# mercado"). Only such texts are sent to the knowledge's occupation recognition,
# which costs milliseconds each; plain titles ("mesera de hotel") are compared by
# the title model and the synonym groups directly.
_SENTENCE_WORDS = frozenset(
    "mi mis su sus nuestra nuestro el la los las al del para con y a por".split()
)


def looks_like_free_text(text):
    """Whether a title reads as a sentence about work, not a job title.

    Examples
    --------
    >>> [looks_like_free_text(t) for t in ("cociné para la faena", "mesera de hotel", "tejo")]
    [True, False, False]
    """
    words = normalize_text(text).split()
    if len(words) >= 5:
        return True
    if any(word in _SENTENCE_WORDS for word in words):
        return True
    # First-person past tense as written ("cuidé", "sembré"): an accented final é.
    return any(word.endswith("é") for word in text.casefold().split())


#: Lowest score at which the knowledge renames a skill to its canonical label.
MIN_SKILL_SCORE = 0.9
#: Title-model similarity of unrelated titles; rescaled to 0 (see title_vectors).
MODEL_FLOOR = 0.3

# What a knowledge object said about a text, kept across fits for as long as the
# knowledge lives: recognising an occupation costs milliseconds, and the app
# refits whenever a profile changes, with mostly the same titles and skills.
_SAID = weakref.WeakKeyDictionary()
_SAID_MAX = 200_000


def _remembered(knowledge):
    try:
        said = _SAID.get(knowledge)
        if said is None:
            said = _SAID[knowledge] = {}
    except TypeError:  # an object that cannot be weakly referenced: no memory
        return {}
    if len(said) > _SAID_MAX:
        said.clear()
    return said


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
    score : float
        How sure the recognition is, in [0, 1].
    """

    key: str
    label: str
    label_f: str
    esco: bool = False
    score: float = 1.0

    def label_for(self, sex):
        """The label agreeing with ``sex`` ("F": feminine, otherwise masculine)."""
        return self.label_f if sex == "F" else self.label


# Words said alike of a woman ("la piloto", "la sobrecargo"), where the -o/-a rule would
# make another word ("sobrecarga" is an overload, "modela" a verb).
_FEMININE_EXCEPTIONS = {word: word for word in (
    "ayudante", "guía", "albañil", "piloto", "copiloto", "sobrecargo", "cabo", "modelo", "buzo",
    "sargento", "soldado", "testigo")}
# The job's name ends here; what follows describes it and keeps its own gender.
_FEMININE_STOPS = frozenset(("de", "del", "en", "a", "para", "mediante", "por", "con", "sin",
                             "sobre"))


def feminine(label):
    """A feminine form of a Spanish job label, word by word up to the first "de".

    Examples
    --------
    >>> [feminine(x) for x in ("cocinero", "vendedor de comida", "técnico agropecuario", "guía")]
    ['cocinera', 'vendedora de comida', 'técnica agropecuaria', 'guía']
    >>> [feminine(x) for x in ("sobrecargo", "personal directivo de la administración")]
    ['sobrecargo', 'personal directivo de la administración']
    """
    words = label.split()
    if words[:1] == ["personal"]:  # "personal directivo" names a staff, not a person
        return label
    out = []
    for i, word in enumerate(words):
        if word in _FEMININE_STOPS:
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
    >>> for phrase in lexicon.title_phrases("cociné para la faena comunal"):
    ...     print(phrase)
    ('cocin para la faena comunal', 1.0, 'cociné para la faena comunal')
    ('cocinero', 0.9, 'cocinero')
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
        found = self._builtin_occupation(text)
        sure = found is not None and found.score >= 1.0
        if self.knowledge is not None and not sure and looks_like_free_text(text):
            found = self._knowledge_occupation(text) or found
        if len(self._cache) < 100_000:
            self._cache[text] = found
        return found

    def _knowledge_occupation(self, text):
        said = _remembered(self.knowledge)
        key = ("occupation", text)
        if key not in said:
            said[key] = self.knowledge.occupations(text, k=1)
        hits = said[key]
        if not hits or hits[0][1] < MIN_OCCUPATION_SCORE:
            return None
        concept, score = hits[0]
        label = concept.label.split("/")[0].strip()
        label_f = (concept.label_f or feminine(label)).split("/")[-1].strip()
        esco = concept.uri.startswith("http")
        return Occupation(concept.uri, label, label_f, esco=esco, score=float(score))

    def _builtin_occupation(self, text):
        words = tuple(F.canonical_phrase(text, self.synonyms).split())
        if not words:
            return None
        for phrase in self._by_length:
            n = len(phrase)
            if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
                # The whole title is the occupation: sure; inside more words: nearly.
                return self._builtin(" ".join(phrase), 1.0 if n == len(words) else 0.9)
        plain = normalize_text(text)
        for pattern, label in self._local:
            if pattern.search(plain):
                return self._builtin(F.canonical_phrase(label, self.synonyms), 0.9)
        return None

    @lru_cache(maxsize=512)  # noqa: B019 - few labels, lives as long as the lexicon
    def _builtin(self, canonical, score):
        label = self._labels[canonical]
        return Occupation(canonical, label, feminine(label), score=score)

    # -- phrases for the character n-gram space ---------------------------------------

    def title_phrases(self, text):
        """The phrases that stand for a title: (phrase, weight in [0, 1], plain words).

        The title's own words (weight 1), and the label of the occupation
        recognised in it, weighted by the recognition's score, when that is a
        different phrase: "cociné para la faena comunal" also stands for
        "cocinero", a little less surely. A profile's title credit is the best
        of its phrases, so free text is never worse off than its own words.
        """
        own = F.canonical_phrase(text, self.synonyms)
        phrases = [(own, 1.0, text)] if own else []
        occupation = self.occupation(text)
        if occupation is not None:
            label = F.canonical_phrase(occupation.label, self.synonyms)
            if label and label != own:
                phrases.append((label, round(occupation.score, 4), occupation.label))
        return phrases

    def skill_phrase(self, text):
        """The phrase that stands for a skill.

        A member of a built-in synonym group takes the group's phrase; otherwise
        a skill the knowledge recognises surely (spelling slips: "atension al
        cliente") takes the phrase of its canonical label; otherwise its own
        folded words.
        """
        own = F.canonical_phrase(text, self.synonyms)
        folded = tuple(fold_tokens(text))
        if self.knowledge is None or not folded or folded in self.synonyms.phrases:
            return own
        said = _remembered(self.knowledge)
        key = ("skill", text)
        if key not in said:
            said[key] = self.knowledge.skill(text, min_score=MIN_SKILL_SCORE)
        skill_id = said[key]
        if not skill_id:
            return own
        return F.canonical_phrase(self.knowledge.skill_label(skill_id), self.synonyms) or own

    def prefetch_skills(self, texts):
        """Ask the knowledge about many skills at once (one sparse product), for fit."""
        if self.knowledge is None or not hasattr(self.knowledge, "skills"):
            return
        said = _remembered(self.knowledge)
        fresh = [t for t in dict.fromkeys(texts) if ("skill", t) not in said]
        if fresh:
            ids = self.knowledge.skills(fresh, min_score=MIN_SKILL_SCORE)
            for text, skill_id in zip(fresh, ids, strict=True):
                said[("skill", text)] = skill_id

    def related_skills(self, titles):
        """Skill phrases that the occupations of ``titles`` need (essential skills).

        Only with knowledge (ESCO's occupation-skill relations); a built-in
        occupation is looked up in the knowledge by its label. A required skill
        the person does not list but their work needs counts partly
        (:data:`matcher.scoring.RELATED_CREDIT`).
        """
        if self.knowledge is None or not hasattr(self.knowledge, "occupation_skills"):
            return ()
        said = _remembered(self.knowledge)
        out = []
        for title in titles:
            occupation = self.occupation(title)
            if occupation is None:
                continue
            key = ("related", occupation.key, occupation.esco)
            if key not in said:
                uri = occupation.key if occupation.esco else None
                if uri is None:
                    hits = self.knowledge.occupations(occupation.label, k=1)
                    if hits and hits[0][1] >= 1.0:
                        uri = hits[0][0].uri
                phrases = ()
                if uri is not None:
                    essential, _ = self.knowledge.occupation_skills(uri)
                    labels = (self.knowledge.skill_label(s) for s in sorted(essential))
                    phrases = tuple(
                        p for p in (F.canonical_phrase(x, self.synonyms) for x in labels) if p
                    )
                said[key] = phrases
            out.extend(said[key])
        return tuple(dict.fromkeys(out))

    # -- a trained title model, when there is one -----------------------------------

    def title_vectors(self, texts):
        """Title-model vectors (rows L2-normalised), or None without knowledge.

        Dot products of these rows, rescaled so that unrelated titles
        (:data:`MODEL_FLOOR`) get 0, are the model's title similarities.
        """
        if self.knowledge is None or not len(texts):
            return None
        return np.asarray(self.knowledge.title_vectors(list(texts)), dtype=np.float32)


def model_similarity(query_vectors, corpus_vectors):
    """Rescaled title-model similarity in [0, 1] between two sets of vectors."""
    sims = query_vectors @ corpus_vectors.T
    return np.clip((sims - MODEL_FLOOR) / (1.0 - MODEL_FLOOR), 0.0, 1.0)
