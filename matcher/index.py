"""The fitted state of a matcher: typed containers of arrays and sparse matrices.

Everything the rankings read per profile lives here, laid out so that a query
costs a few gathers and sparse products over the whole index and plain Python
only for the k profiles returned. Nothing here scores; :mod:`matcher.scoring`
does.
"""

from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from . import features as F
from .geo import Places
from .lexicon import model_similarity
from .reference import STOPWORDS


def zeros(rows, cols):
    """An empty float32 CSR matrix."""
    return sp.csr_matrix((rows, cols), dtype=np.float32)


class PhraseSpace:
    """Character n-gram TF-IDF over the distinct title and skill phrases.

    Profiles repeat the same few hundred titles and skills, so similarities are
    computed once per distinct phrase and then gathered per profile. A phrase is
    what the :class:`~matcher.lexicon.Lexicon` says stands for a title or skill
    ("cociné para la faena comunal" stands for "cocinero").
    """

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self._memo = {}
        self._remember = True
        self.phrases = []
        self.index = {}
        self.wording = []  # one raw wording per phrase, for the title model
        self.vectorizer = None
        self.matrix = zeros(0, 0)
        self.matrix_t = zeros(0, 0)
        self.title_rows = np.zeros(0, dtype=np.int64)
        self.title_model = None  # title-model vectors of the title rows, if any

    def _phrase(self, kind, text):
        key = (kind, text)
        phrase = self._memo.get(key)
        if phrase is None:
            if kind == "title":
                phrase = self.lexicon.title_phrases(text)
            else:
                phrase = self.lexicon.skill_phrase(text)
            # Remember only what was fitted: queries must not grow the memo of a
            # long-running server.
            if self._remember:
                self._memo[key] = phrase
        return phrase

    def title(self, text):
        """The phrases of a job title: [(phrase, weight, plain words)], see the lexicon."""
        return self._phrase("title", text)

    def rows(self, text):
        """[(fitted row, weight)] of a title's phrases; unfitted ones are left out."""
        index = self.index
        return [(index[p], w) for p, w, _ in self.title(text) if p in index]

    def skill(self, text):
        """The phrase of a skill (canonical id, or folded synonym)."""
        return self._phrase("skill", text)

    def fit(self, phrases, wording):
        self.phrases = list(phrases)
        self.index = {phrase: row for row, phrase in enumerate(self.phrases)}
        self.wording = [wording.get(phrase, phrase) for phrase in self.phrases]
        if self.phrases:
            self.vectorizer = TfidfVectorizer(
                analyzer=F.phrase_ngrams, sublinear_tf=True, dtype=np.float32
            )
            self.matrix = self.vectorizer.fit_transform(self.phrases).tocsr()
            self.matrix_t = self.matrix.T.tocsr()
        return self

    def fit_titles(self, rows):
        """Remember which rows are titles, and their title-model vectors."""
        self.title_rows = np.asarray(rows, dtype=np.int64)
        self.title_model = self.lexicon.title_vectors([self.wording[r] for r in rows])
        self.title_position = {int(row): i for i, row in enumerate(self.title_rows)}
        return self

    def freeze(self):
        self._remember = False

    @property
    def size(self):
        return len(self.index)

    def vectors(self, phrases):
        if self.vectorizer is None or not phrases:
            return zeros(len(phrases), self.matrix.shape[1])
        known = [self.index.get(phrase) for phrase in phrases]
        if all(row is not None for row in known):
            return self.matrix[known]
        fresh = self.vectorizer.transform(phrases)
        rows = [self.matrix[row] if row is not None else fresh[i] for i, row in enumerate(known)]
        return sp.vstack(rows, format="csr")

    def similarities(self, phrases, threshold=0.0):
        """Cosine of each phrase against every fitted phrase, as a sparse matrix."""
        sims = (self.vectors(phrases) @ self.matrix_t).tocsr()
        if threshold > 0:
            sims.data[sims.data < threshold] = 0
            sims.eliminate_zeros()
        np.minimum(sims.data, 1.0, out=sims.data)
        return sims

    def title_similarities(self, wordings, phrases):
        """Dense (len(phrases), size) title similarity: n-grams, or the title model if closer.

        The trained model of the knowledge, when there is one, is asked only
        about the fitted rows that are titles.
        """
        sims = self.similarities(phrases).toarray()
        if self.title_model is not None and len(self.title_rows):
            # A fitted phrase already has its vector (the same folded words).
            known = [self.title_position.get(self.index.get(p, -1)) for p in phrases]
            fresh = [w for w, i in zip(wordings, known, strict=True) if i is None]
            vectors = self.lexicon.title_vectors(fresh) if fresh else None
            query = np.empty((len(phrases), self.title_model.shape[1]), dtype=np.float32)
            j = 0
            for row, i in enumerate(known):
                if i is None:
                    query[row] = vectors[j]
                    j += 1
                else:
                    query[row] = self.title_model[i]
            model = model_similarity(query, self.title_model)
            rows = self.title_rows
            sims[:, rows] = np.maximum(sims[:, rows], model)
        return sims


class TextSpace:
    """Word TF-IDF over free text, stored transposed (terms x profiles)."""

    def __init__(self, synonyms):
        self.synonyms = synonyms
        self.vectorizer = None

    def doc(self, text):
        return F.canonical_text(text, self.synonyms, STOPWORDS)

    def fit(self, docs):
        if any(docs):
            self.vectorizer = TfidfVectorizer(
                analyzer=str.split, sublinear_tf=True, dtype=np.float32
            )
            self.vectorizer.fit(docs)
            self.idf = self.vectorizer.idf_.astype(np.float32)
        return self

    def transform_t(self, docs):
        if self.vectorizer is None:
            return zeros(0, len(docs))
        if not docs:
            return zeros(len(self.vectorizer.vocabulary_), 0)
        return self.vectorizer.transform(docs).T.tocsr()

    def query(self, doc):
        """TF-IDF of one document as (term rows, weights), like the vectorizer's.

        Computed directly because the vectorizer's own ``transform`` costs more
        in input checks than the whole product for a single query.
        """
        counts = {}
        vocabulary = self.vectorizer.vocabulary_
        for word in doc.split():
            row = vocabulary.get(word)
            if row is not None:
                counts[row] = counts.get(row, 0) + 1
        rows = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = (tf * self.idf[rows]).astype(np.float32)
        norm = np.linalg.norm(weights)
        return rows, weights / norm if norm > 0 else weights

    def similarity(self, doc, matrix_t):
        """Cosine (float32) of one document against every column of ``matrix_t``."""
        if self.vectorizer is None or not doc:
            return np.zeros(matrix_t.shape[1], dtype=np.float32)
        rows, weights = self.query(doc)
        if rows.size == 0:
            return np.zeros(matrix_t.shape[1], dtype=np.float32)
        # Only the query's terms are read: a dense matrix-vector product over
        # those rows, with no sparse result to build.
        return matrix_t[rows].T @ weights


@dataclass(frozen=True)
class TitleSlots:
    """Per-profile title rows and their strengths, laid out for a fast maximum.

    The first ``full`` titles of every profile go into dense arrays (a sentinel
    row, whose similarity is 0, where a profile has fewer), so a profile's best
    title is a few gathers and ``np.maximum`` calls; the rare extra titles go
    into an overflow list. ``strength`` weighs each title (how long the person
    did that work); the best title is the one with the highest similarity times
    strength.
    """

    rows: tuple
    strength: tuple
    extra_owner: np.ndarray  # sorted
    extra_row: np.ndarray
    extra_strength: np.ndarray
    extra_start: np.ndarray  # where each owner's run of extra titles starts

    @classmethod
    def build(cls, lists, sentinel, full=3):
        """``lists[p]`` is profile p's list of (phrase row, strength)."""
        rows = [np.full(len(lists), sentinel, dtype=np.intp) for _ in range(full)]
        strength = [np.zeros(len(lists), dtype=np.float32) for _ in range(full)]
        owner, extra, extra_strength = [], [], []
        for p, items in enumerate(lists):
            for level, (row, weight) in enumerate(items):
                if level < full:
                    rows[level][p] = row
                    strength[level][p] = weight
                else:
                    owner.append(p)
                    extra.append(row)
                    extra_strength.append(weight)
        used = max(1, max((min(len(items), full) for items in lists), default=0))
        uniform = [bool(np.all(s == 1.0)) for s in strength]
        return cls(
            rows=tuple(rows[:used]),
            strength=tuple(
                None if same else s
                for s, same in zip(strength[:used], uniform[:used], strict=True)
            ),
            extra_owner=np.array(owner, dtype=np.int64),
            extra_row=np.array(extra, dtype=np.int64),
            extra_strength=np.array(extra_strength, dtype=np.float32),
            extra_start=np.flatnonzero(np.diff(owner, prepend=-1)).astype(np.int64),
        )

    def best(self, values, rows=None):
        """Per-profile maximum of ``values[row] * strength`` over its titles.

        ``values`` is float64 for exact credits or float32 for the screening
        pass; ``rows`` (profile positions) limits the work to those profiles.
        """
        best = None
        for level_rows, strength in zip(self.rows, self.strength, strict=True):
            if rows is not None:
                level_rows = level_rows[rows]
                strength = None if strength is None else strength[rows]
            # take() is a plain gather, several times faster than [] indexing.
            level = values.take(level_rows)
            if strength is not None:
                # The gather made a fresh array: weigh it in place, no second copy.
                np.multiply(level, strength, out=level)
            best = level if best is None else np.maximum(best, level, out=best)
        if not self.extra_owner.size:
            return best
        if rows is None:
            # Owners are sorted: one maximum per owner's run, then one scatter.
            extra = values.take(self.extra_row)
            np.multiply(extra, self.extra_strength, out=extra)
            runs = np.maximum.reduceat(extra, self.extra_start)
            owners = self.extra_owner[self.extra_start]
            best[owners] = np.maximum(best[owners], runs)
            return best
        first = np.searchsorted(self.extra_owner, rows, side="left")
        count = np.searchsorted(self.extra_owner, rows, side="right") - first
        if count.any():
            local = np.repeat(np.arange(len(rows)), count)
            at = np.arange(count.sum()) + np.repeat(first - (np.cumsum(count) - count), count)
            np.maximum.at(best, local, values.take(self.extra_row[at]) * self.extra_strength[at])
        return best


@dataclass(frozen=True)
class TitleWordings:
    """The phrases of each distinct title wording, for the screening pass.

    A wording's value for a query is its best phrase weight x similarity;
    profiles then take the best of their wordings times strength, a few
    gathers over wording ids instead of over every phrase of every title.
    """

    rows: np.ndarray  # (phrases per wording, wordings) phrase rows; ``sentinel`` pads
    weights: np.ndarray  # the same shape, float32

    @classmethod
    def build(cls, lists, sentinel):
        """``lists[t]`` is wording t's list of (phrase row, weight)."""
        width = max((len(items) for items in lists), default=0)
        rows = np.full((width, len(lists)), sentinel, dtype=np.intp)
        weights = np.zeros((width, len(lists)), dtype=np.float32)
        for t, items in enumerate(lists):
            for level, (row, weight) in enumerate(items):
                rows[level, t] = row
                weights[level, t] = weight
        return cls(rows, weights)

    def values(self, sims):
        """Each wording's best weight x ``sims[row]``, plus a 0 for "no title" last."""
        best = np.zeros(self.rows.shape[1] + 1, dtype=sims.dtype)
        for rows, weights in zip(self.rows, self.weights, strict=True):
            np.maximum(best[:-1], sims.take(rows) * weights, out=best[:-1])
        return best


@dataclass(frozen=True)
class Groups:
    """Profiles grouped by a few columns of small values (languages, age, district...).

    A query computes a table over the distinct combinations (hundreds to tens
    of thousands) and then gathers it once per profile, instead of one gather
    per column. ``values[c][g]`` is column ``c`` of group ``g``; ``key[p]`` is
    profile ``p``'s group.
    """

    key: np.ndarray
    values: tuple

    @classmethod
    def build(cls, *columns):
        columns = [np.asarray(c) for c in columns]
        if not len(columns[0]):
            return cls(np.zeros(0, dtype=np.intp), tuple(c[:0] for c in columns))
        stacked = np.stack([c.astype(np.float64) for c in columns])
        distinct, key = np.unique(stacked, axis=1, return_inverse=True)
        return cls(
            key=key.astype(np.intp).ravel(),
            values=tuple(d.astype(c.dtype) for d, c in zip(distinct, columns, strict=True)),
        )


def incidence(lists, n_cols):
    """Binary sparse matrix with one row per profile and a 1 at each listed column."""
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(rows) for rows in lists], out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(lists), n_cols))


def combos(masks):
    """Distinct language bitmasks and, per profile, which one it has."""
    combos_, index = np.unique(np.asarray(masks, dtype=np.uint64), return_inverse=True)
    return combos_, index.astype(np.int32).ravel()


def slot(values):
    """Encode optional small integers as value + 1, with 0 for unknown."""
    return np.array([0 if v is None else v + 1 for v in values], dtype=np.int16)


@dataclass(frozen=True)
class CandidateIndex:
    """Every fitted candidate, as arrays aligned with ``Matcher.candidates_``."""

    hash: np.ndarray  # stable 64-bit hash of the id, for ties
    experience: TitleSlots  # work done: phrase rows and strength (months)
    desired: TitleSlots  # work wanted: phrase rows
    # The same titles by wording, for the screening pass.
    wordings: TitleWordings
    done_wordings: TitleSlots
    wanted_wordings: TitleSlots
    skills: sp.csc_matrix  # candidates x phrases incidence
    skill_rows: sp.csr_matrix  # the same by candidate, for exact credits of a few
    related_rows: sp.csr_matrix  # skills their work needs and they do not list
    skill_credit: sp.csc_matrix  # skills + RELATED_CREDIT x related, for the screen
    n_skills: np.ndarray
    per_skill: np.ndarray  # float32 1 / max(n_skills, 1), for the screening pass
    text: sp.csr_matrix  # terms x candidates
    places: Places
    travel_limit: np.ndarray  # km; inf when unknown or willing to relocate
    relocate: np.ndarray  # bool
    age: np.ndarray  # slot-encoded
    education: np.ndarray  # slot-encoded
    months: np.ndarray  # 12-bit masks
    languages: np.ndarray  # distinct language masks
    language_index: np.ndarray  # which mask each candidate has
    # The same columns grouped for the screening pass: (language_index, age,
    # education) and (place, relocate, travel_limit).
    person: Groups
    whereabouts: Groups


@dataclass(frozen=True)
class VacancyIndex:
    """Every fitted vacancy, as arrays aligned with ``Matcher.vacancies_``."""

    hash: np.ndarray
    title_row: np.ndarray  # phrase row of the title's own words; ``size`` when none
    label_row: np.ndarray  # phrase row of its recognised occupation; ``size`` when none
    label_weight: np.ndarray  # how sure that recognition is
    required: sp.csr_matrix  # vacancies x phrases
    n_required: np.ndarray
    desired: sp.csr_matrix
    n_desired: np.ndarray
    asked: sp.csc_matrix  # required or desired
    text: sp.csr_matrix  # terms x vacancies
    has_text: np.ndarray
    places: Places
    min_age: np.ndarray
    min_education: np.ndarray
    months: np.ndarray
    languages: np.ndarray
    language_index: np.ndarray
    skill_wording: dict  # phrase row -> the wording most vacancies use
