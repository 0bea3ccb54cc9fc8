"""The matching estimator: fit an index of profiles, then rank and explain.

Scoring
-------
A match score is a weighted mean of nine factor credits, each in [0, 1]; the
weights are :data:`DEFAULT_WEIGHTS` (override any of them with ``weights=``):

================  ======  =====================================================
factor            weight  credit
================  ======  =====================================================
title             0.25    char n-gram TF-IDF cosine between the vacancy title
                          and the candidate's closest title, after folding
                          accents, case, gender and synonyms (so "mozo" against
                          "Mesera" is 1.0)
required_skills   0.20    share of the vacancy's required skills the candidate
                          shows; a skill counts fully when it is the same after
                          folding and synonyms, and partly (its cosine) when it
                          is a close wording (cosine >= ``skill_threshold``)
desired_skills    0.07    the same for desired skills; a missing required skill
                          costs about three times as much as a desired one
skills_used       0.10    share of the candidate's own skills that the vacancy
                          asks for (required or desired, same closeness rule):
                          it tells a cook who also lists two cooking skills from
                          one who lists twenty unrelated ones
text              0.08    word TF-IDF cosine between the candidate's free text
                          and the vacancy's title, skills and text
distance          0.12    halves every ``distance_half_km`` km between district
                          centroids (1.0 in the same district)
languages         0.06    1.0 when the candidate speaks every required language
education         0.06    1.0 when the candidate meets the minimum level, 0.25
                          one level short, 0 further below
availability      0.06    share of the vacancy's months the candidate can work
================  ======  =====================================================

Unknown values get ``unknown_credit`` (0.5 by default): a district, language
list, education level or month list the candidate did not give, when the
vacancy asks for it; a district missing from the district table; and a vacancy
title, skill list or description that is empty (then every candidate gets the
same credit for it). A requirement the vacancy does not state (no languages,
no minimum education, no months) is met by everyone: credit 1.0. On the
candidate side a missing title, skill or description is *no evidence*, credit
0, so that an empty profile never outranks a real one, and adding one of the
vacancy's skills to a profile never lowers its score. Age and sex are never
scored: age only applies the vacancy's minimum age, sex is kept for statistics
only.

Hard filters
------------
A known incompatibility excludes a pair; an unknown value never does:

* the vacancy requires a language the candidate, whose languages are known,
  does not speak;
* the candidate's known age is below the vacancy's ``min_age``;
* both month sets are given and have no month in common;
* the district centroids are farther apart than the candidate's
  ``max_travel_km`` and the candidate is not willing to relocate.

Ties
----
Equal scores are ordered by a 64-bit hash of the pair (vacancy id, candidate
id). The order is the same in every run on the same data, yet it is neither
registration order nor id order, and which of two tied profiles comes first
changes from one query to the next, so nobody is systematically first.
"""

import math
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from . import features as F
from .explain import build_reasons
from .profiles import MAX_AGE, MAX_EDUCATION, Candidate, Match, SkillGap, Vacancy
from .reference import DISTRICTS, STOPWORDS, SYNONYM_GROUPS

DEFAULT_WEIGHTS = {
    "title": 0.25,
    "required_skills": 0.20,
    "desired_skills": 0.07,
    "skills_used": 0.10,
    "text": 0.08,
    "distance": 0.12,
    "languages": 0.06,
    "education": 0.06,
    "availability": 0.06,
}

FACTORS = tuple(DEFAULT_WEIGHTS)


def _zeros(rows, cols):
    return sp.csr_matrix((rows, cols), dtype=np.float32)


class _PhraseSpace:
    """Character n-gram TF-IDF over the distinct canonical titles and skills.

    Profiles repeat the same few hundred titles and skills, so similarities are
    computed once per distinct phrase and then gathered per profile.
    """

    def __init__(self, synonyms):
        self.synonyms = synonyms
        self._canonical = {}
        self._remember = True
        self.phrases = []
        self.index = {}
        self.vectorizer = None
        self.matrix = _zeros(0, 0)
        self.matrix_t = _zeros(0, 0)

    def canonical(self, text):
        phrase = self._canonical.get(text)
        if phrase is None:
            phrase = F.canonical_phrase(text, self.synonyms)
            # Remember only what was fitted: queries must not grow the cache of a
            # long-running server.
            if self._remember:
                self._canonical[text] = phrase
        return phrase

    def fit(self, phrases):
        self.phrases = list(phrases)
        self.index = {phrase: row for row, phrase in enumerate(phrases)}
        if phrases:
            self.vectorizer = TfidfVectorizer(
                analyzer=F.phrase_ngrams, sublinear_tf=True, dtype=np.float32
            )
            self.matrix = self.vectorizer.fit_transform(phrases).tocsr()
            self.matrix_t = self.matrix.T.tocsr()
        return self

    def freeze(self):
        self._remember = False

    @property
    def size(self):
        return len(self.index)

    def vectors(self, phrases):
        if self.vectorizer is None or not phrases:
            return _zeros(len(phrases), self.matrix.shape[1])
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


class _TextSpace:
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
            return _zeros(0, len(docs))
        if not docs:
            return _zeros(len(self.vectorizer.vocabulary_), 0)
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
        """Cosine of one document against every column of ``matrix_t``."""
        if self.vectorizer is None or not doc:
            return np.zeros(matrix_t.shape[1])
        rows, weights = self.query(doc)
        if rows.size == 0:
            return np.zeros(matrix_t.shape[1])
        # Only the query's terms are read: a dense matrix-vector product over
        # those rows, with no sparse result to build.
        return (matrix_t[rows].T @ weights).astype(float)


class _Places:
    """Distinct districts of one side of the index and their coordinates.

    Distances and distance credits are computed once per district and gathered
    per profile: there are a few hundred districts but up to millions of profiles.
    """

    def __init__(self, codes, table):
        self.codes = list(dict.fromkeys(code for code in codes if code is not None))
        position = {code: i for i, code in enumerate(self.codes)}
        unknown = len(self.codes)  # the slot of "no district", always NaN
        self.index = np.array(
            [unknown if code is None else position[code] for code in codes], dtype=np.int32
        )
        coords = np.array(
            [table.get(code, (np.nan, np.nan)) for code in self.codes], dtype=float
        ).reshape(-1, 2)
        self.lat = np.append(coords[:, 0], np.nan)
        self.lon = np.append(coords[:, 1], np.nan)

    def km_by_place(self, point):
        """Distance from ``point`` ((lat, lon) or None) to each district, NaN if unknown."""
        if point is None:
            return np.full(self.lat.shape, np.nan)
        return F.haversine_km(point[0], point[1], self.lat, self.lon)


def _title_slots(lists, sentinel, full=3):
    """Lay out per-profile title rows for a fast per-profile maximum.

    The first ``full`` titles of every profile go into dense arrays (the sentinel
    where a profile has fewer), so the maximum is a few gathers and
    ``np.maximum`` calls; the rare extra titles go into an overflow list.
    """
    slots = [np.full(len(lists), sentinel, dtype=np.int32) for _ in range(full)]
    extra_owner, extra_row = [], []
    for owner, rows in enumerate(lists):
        for level, row in enumerate(rows):
            if level < full:
                slots[level][owner] = row
            else:
                extra_owner.append(owner)
                extra_row.append(row)
    used = max((min(len(rows), full) for rows in lists), default=0)
    return {
        "slots": slots[: max(used, 1)],
        "extra_owner": np.array(extra_owner, dtype=np.int64),
        "extra_row": np.array(extra_row, dtype=np.int64),
    }


def _slot_max(values, layout):
    """Per-profile maximum of ``values`` over the rows laid out by ``_title_slots``."""
    slots = layout["slots"]
    best = values[slots[0]]
    for slot in slots[1:]:
        np.maximum(best, values[slot], out=best)
    if layout["extra_owner"].size:
        np.maximum.at(best, layout["extra_owner"], values[layout["extra_row"]])
    return best


def _incidence(lists, n_cols):
    """Binary sparse matrix with one row per profile and a 1 at each listed column."""
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(rows) for rows in lists], out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(lists), n_cols))


def _combos(masks):
    """Distinct language bitmasks and, per profile, which one it has."""
    combos, index = np.unique(np.asarray(masks, dtype=np.uint64), return_inverse=True)
    return combos, index.astype(np.int32).ravel()


def _slot(values):
    """Encode optional small integers as value + 1, with 0 for unknown."""
    return np.array([0 if v is None else v + 1 for v in values], dtype=np.int16)


def _lookup(table, index):
    """``table[index]``, or one float when every entry of the table is the same.

    A uniform factor (say, a vacancy that asks for no language) then costs
    nothing per profile; see ``Matcher._combine``.
    """
    table = np.asarray(table, dtype=float)
    if table.size and table.min() == table.max():
        return float(table.flat[0])
    return table[index]


def _all_ok(*checks):
    """AND of ``table[index]`` over (table, index) pairs, skipping all-true tables."""
    valid = None
    for table, index in checks:
        if table.all():
            continue
        ok = table[index]
        valid = ok if valid is None else valid & ok
    if valid is None:
        valid = np.ones(len(checks[0][1]), dtype=bool)
    return valid


def _row(credits, i):
    """The credits of profile ``i``, uniform factors included."""
    return {
        factor: value if isinstance(value, float) else float(value[i])
        for factor, value in credits.items()
    }


# Every value a slot can take, in slot order (-1 stands for unknown or none).
_AGE_VALUES = np.arange(-1, MAX_AGE + 1)
_EDUCATION_VALUES = np.arange(-1, MAX_EDUCATION + 1)
_MONTH_MASKS = np.arange(1 << 12)


class Matcher(BaseEstimator):
    """Rank candidates for a vacancy, and vacancies for a candidate, with reasons.

    Follows scikit-learn's estimator conventions: ``__init__`` only stores the
    parameters, :meth:`fit` builds the index and returns ``self``, fitted state
    ends in ``_``. See the module docstring for the factors, default weights,
    hard filters and tie rule.

    Parameters
    ----------
    districts : mapping of str to (float, float), optional
        Ubigeo -> (latitude, longitude), merged over the built-in table of the
        programme's districts and hubs.
    synonyms : iterable of iterable of str, optional
        Extra groups of equivalent titles, skills or taxonomy codes, merged with
        the built-in Spanish groups (a group sharing a member with another joins it).
    trainings : mapping of str to iterable of str, optional
        Skill (label or code) -> names of trainings that teach it, for
        :meth:`skill_gaps`.
    weights : mapping of str to float, optional
        Factor -> weight, overriding :data:`DEFAULT_WEIGHTS` for the factors given;
        weights are rescaled to add up to 1.
    distance_half_km : float, default=25.0
        Distance at which the distance credit halves.
    skill_threshold : float, default=0.5
        Lowest cosine at which a differently worded skill still counts (partly).
    unknown_credit : float, default=0.5
        Credit given to an unknown value.

    Attributes
    ----------
    candidates_ : tuple of Candidate
    vacancies_ : tuple of Vacancy
    weights_ : dict
        Normalised weights, in factor order.
    districts_ : dict
        Merged district table.
    synonyms_ : SynonymTable
    trainings_ : dict
        Canonical skill -> tuple of training names.
    phrases_, words_ : the fitted title/skill and free-text spaces.
    candidate_index_, vacancy_index_ : dict
        Arrays and sparse matrices that make ranking vectorised.

    Examples
    --------
    >>> from matcher import Candidate, Vacancy, Matcher
    >>> candidates = [
    ...     Candidate(id=1, titles=["mozo"], district="081202", languages=["spa", "que"]),
    ...     Candidate(id=2, titles=["albañil"], district="081202"),
    ... ]
    >>> matcher = Matcher().fit(candidates=candidates)
    >>> best = matcher.rank_candidates(Vacancy(id=7, title="Mesera", district="081202"), k=5)[0]
    >>> best.candidate_id, best.reasons[0].text
    (1, 'Tiene experiencia como mozo')
    >>> abs(sum(r.contribution for r in best.reasons) - best.score) < 1e-9
    True
    """

    def __init__(
        self,
        *,
        districts=None,
        synonyms=None,
        trainings=None,
        weights=None,
        distance_half_km=25.0,
        skill_threshold=0.5,
        unknown_credit=0.5,
    ):
        self.districts = districts
        self.synonyms = synonyms
        self.trainings = trainings
        self.weights = weights
        self.distance_half_km = distance_half_km
        self.skill_threshold = skill_threshold
        self.unknown_credit = unknown_credit

    # -- parameters -------------------------------------------------------------------

    def _checked_params(self):
        weights = dict(DEFAULT_WEIGHTS)
        for factor, weight in dict(self.weights or {}).items():
            if factor not in weights:
                raise ValueError(f"unknown weight {factor!r}; factors are {', '.join(FACTORS)}")
            if not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
                raise ValueError(f"weight {factor!r} must be a finite number >= 0, got {weight!r}")
            weights[factor] = float(weight)
        total = sum(weights.values())
        if total <= 0:
            raise ValueError("at least one weight must be positive")
        weights = {factor: weight / total for factor, weight in weights.items()}

        for name, low, high in (
            ("distance_half_km", 0.0, math.inf),
            ("skill_threshold", 0.0, 1.0),
            ("unknown_credit", 0.0, 1.0),
        ):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not low <= value <= high:
                raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
        if self.distance_half_km <= 0:
            raise ValueError("distance_half_km must be positive")

        districts = dict(DISTRICTS)
        for code, point in dict(self.districts or {}).items():
            try:
                lat, lon = (float(x) for x in point)
            except (TypeError, ValueError):
                raise ValueError(
                    f"district {code!r} needs (latitude, longitude), got {point!r}"
                ) from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"district {code!r} has coordinates out of range: {point!r}")
            districts[str(code)] = (lat, lon)
        return weights, districts

    # -- fitting ----------------------------------------------------------------------

    def fit(self, *, candidates=(), vacancies=()):
        """Index candidates and/or vacancies for ranking.

        Parameters
        ----------
        candidates : iterable of Candidate, default=()
        vacancies : iterable of Vacancy, default=()

        Returns
        -------
        self : Matcher
        """
        weights, districts = self._checked_params()
        candidates = self._checked_profiles(candidates, Candidate, "candidates")
        vacancies = self._checked_profiles(vacancies, Vacancy, "vacancies")

        synonyms = F.build_synonym_table(chain(SYNONYM_GROUPS, self.synonyms or ()))
        phrases = _PhraseSpace(synonyms)
        words = _TextSpace(synonyms)

        def canonicals(texts):
            return list(dict.fromkeys(p for p in map(phrases.canonical, texts) if p))

        cand_titles = [canonicals(c.titles) for c in candidates]
        cand_skills = [canonicals(c.skills) for c in candidates]
        vac_titles = [canonicals((v.title,)) for v in vacancies]
        vac_required = [canonicals(v.required_skills) for v in vacancies]
        vac_desired = [canonicals(v.desired_skills) for v in vacancies]
        all_phrases = chain.from_iterable(
            chain(cand_titles, cand_skills, vac_titles, vac_required, vac_desired)
        )
        phrases.fit(list(dict.fromkeys(all_phrases)))

        cand_docs = [words.doc(c.text) for c in candidates]
        vac_docs = [words.doc(self._vacancy_text(v)) for v in vacancies]
        words.fit(cand_docs + vac_docs)

        codes = sorted(
            set().union(*(c.languages for c in candidates), *(v.languages for v in vacancies))
        )
        if len(codes) > 64:
            raise ValueError(f"at most 64 distinct languages are supported, got {len(codes)}")
        bits = {code: bit for bit, code in enumerate(codes)}

        def rows(lists):
            return [[phrases.index[p] for p in group] for group in lists]

        spoken, spoken_index = _combos([F.language_mask(c.languages, bits) for c in candidates])
        self.candidate_index_ = {
            "hash": np.array([F.stable_hash(c.id) for c in candidates], dtype=np.uint64),
            "titles": _title_slots(rows(cand_titles), phrases.size),
            "skills": _incidence(rows(cand_skills), phrases.size).tocsc(),
            "n_skills": np.array([len(skills) for skills in cand_skills], dtype=np.int32),
            "text": words.transform_t(cand_docs),
            "places": _Places([c.district for c in candidates], districts),
            # Daily travel limit; infinite when unknown or willing to relocate, so
            # that one comparison applies the travel filter.
            "travel_limit": np.array(
                [
                    np.inf if c.max_travel_km is None or c.willing_to_relocate else c.max_travel_km
                    for c in candidates
                ],
                dtype=float,
            ),
            "age": _slot(c.age for c in candidates),
            "education": _slot(c.education for c in candidates),
            "months": np.array(
                [F.months_mask(c.available_months) for c in candidates], dtype=np.int16
            ),
            "languages": spoken,
            "language_index": spoken_index,
        }
        required = _incidence(rows(vac_required), phrases.size)
        desired = _incidence(rows(vac_desired), phrases.size)
        asked, asked_index = _combos([F.language_mask(v.languages, bits) for v in vacancies])
        self.vacancy_index_ = {
            "hash": np.array([F.stable_hash(v.id) for v in vacancies], dtype=np.uint64),
            "title_row": np.array(
                [phrases.index[t[0]] if t else phrases.size for t in vac_titles], dtype=np.int64
            ),
            "required": required,
            "n_required": np.diff(required.indptr),
            "desired": desired,
            "n_desired": np.diff(desired.indptr),
            # Every skill a vacancy names, required or desired, by phrase (CSC).
            "asked": (required + desired).tocsc().sign(),
            "text": words.transform_t(vac_docs),
            "has_text": np.array([bool(d) for d in vac_docs], dtype=bool),
            "places": _Places([v.district for v in vacancies], districts),
            "min_age": _slot(v.min_age for v in vacancies),
            "min_education": _slot(v.min_education for v in vacancies),
            "months": np.array([F.months_mask(v.months) for v in vacancies], dtype=np.int16),
            "languages": asked,
            "language_index": asked_index,
            "skill_wording": self._skill_wording(vacancies, phrases),
        }
        self.candidates_ = candidates
        self.vacancies_ = vacancies
        self.weights_ = weights
        self.districts_ = districts
        self.synonyms_ = synonyms
        self.trainings_ = self._canonical_trainings(phrases)
        phrases.freeze()
        self.language_bits_ = bits
        self.phrases_ = phrases
        self.words_ = words
        return self

    @staticmethod
    def _checked_profiles(profiles, kind, name):
        profiles = tuple(profiles)
        seen = set()
        for profile in profiles:
            if not isinstance(profile, kind):
                raise TypeError(
                    f"{name} must contain {kind.__name__} objects, got {type(profile).__name__}"
                )
            if profile.id in seen:
                raise ValueError(f"{name} contain the id {profile.id!r} more than once")
            seen.add(profile.id)
        return profiles

    def _canonical_trainings(self, phrases):
        trainings = {}
        for skill, names in dict(self.trainings or {}).items():
            if not isinstance(skill, str):
                raise ValueError(f"trainings must be keyed by skill labels or codes, got {skill!r}")
            names = (names,) if isinstance(names, str) else tuple(names)
            listed = trainings.setdefault(phrases.canonical(skill), [])
            listed.extend(name for name in names if name not in listed)
        return {skill: tuple(names) for skill, names in trainings.items()}

    @staticmethod
    def _vacancy_text(vacancy):
        return " ".join(
            (vacancy.title, *vacancy.required_skills, *vacancy.desired_skills, vacancy.text)
        )

    @staticmethod
    def _skill_wording(vacancies, phrases):
        """Canonical row -> the wording most vacancies use for that required skill.

        Between equally common wordings the first one fitted wins.
        """
        counts = {}
        for vacancy in vacancies:
            for wording in vacancy.required_skills:
                canonical = phrases.canonical(wording)
                if canonical:
                    key = (phrases.index[canonical], wording)
                    counts[key] = counts.get(key, 0) + 1
        best = {}
        # sorted() is stable, so equal counts keep their fitting order.
        for (row, wording), _ in sorted(counts.items(), key=lambda kv: -kv[1]):
            best.setdefault(row, wording)
        return best

    # -- shared pieces of ranking -----------------------------------------------------

    def _unique_skills(self, wordings):
        """(wording, canonical) per distinct canonical skill, first wording kept."""
        seen = {}
        for wording in wordings:
            canonical = self.phrases_.canonical(wording)
            if canonical and canonical not in seen:
                seen[canonical] = wording
        return [(wording, canonical) for canonical, wording in seen.items()]

    def _point(self, district):
        return None if district is None else self.districts_.get(district)

    def _skill_sims(self, wordings):
        """Cosines (>= ``skill_threshold``) of a person's skills to every fitted phrase.

        One row per distinct canonical skill, as a CSR matrix.
        """
        canonicals = [c for _, c in self._unique_skills(wordings)]
        if not canonicals or self.phrases_.size == 0:
            return _zeros(len(canonicals), self.phrases_.size)
        return self.phrases_.similarities(canonicals, self.skill_threshold)

    def _held_credit(self, wordings):
        """Credit of every fitted phrase as a skill of someone who lists ``wordings``.

        The credit of a phrase is the summed cosine of the listed skills close
        enough to it (>= ``skill_threshold``), capped at 1: an exact or synonym
        match gives 1, a near wording part of it.
        """
        sims = self._skill_sims(wordings)
        return np.minimum(np.asarray(sims.sum(axis=0), dtype=float).ravel(), 1.0)

    def _combine(self, credits, n):
        """Weighted sum of the factor credits.

        A factor with the same credit for everyone is a plain float: it cannot
        change the order, so it is added once, as ``constant``, to the scores
        of the profiles returned. Returns ``(varying, constant)``.
        """
        score = np.zeros(n)
        part = np.empty(n)
        constant = 0.0
        for factor, weight in self.weights_.items():
            credit = credits[factor]
            if isinstance(credit, float):
                constant += weight * credit
            else:
                np.multiply(credit, weight, out=part)
                score += part
        return score, constant

    @staticmethod
    def _top(score, valid, k, tie_keys):
        """Indices of the k best valid scores, best first, ties by ``tie_keys``."""
        n_valid = int(np.count_nonzero(valid))
        k = min(k, n_valid)
        if k == 0:
            return np.array([], dtype=np.int64)
        score = np.where(valid, score, -1.0)
        if k < n_valid:
            threshold = score[np.argpartition(-score, k - 1)[:k]].min()
            # Every profile tied with the k-th joins the tie-break, so the cut at k
            # follows the tie rule too, not the position in the index.
            pool = np.flatnonzero(score >= threshold)
        else:
            pool = np.flatnonzero(valid)
        order = np.lexsort((tie_keys(pool), -score[pool]))[:k]
        return pool[order]

    @staticmethod
    def _check_k(k):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ValueError(f"k must be a whole number >= 0, got {k!r}")
        return int(k)

    def _match(self, score, credits, candidate, vacancy, detail):
        reasons, missing = build_reasons(self.weights_, credits, candidate, vacancy, detail)
        score = min(max(float(score), 0.0), 1.0)
        return Match(candidate.id, vacancy.id, score, reasons, missing)

    # -- ranking candidates for a vacancy ---------------------------------------------

    def rank_candidates(self, vacancy, k=20):
        """Return the best fitted candidates for a vacancy, best first.

        Candidates a hard filter excludes are never returned.

        Parameters
        ----------
        vacancy : Vacancy
            Need not be one of the fitted vacancies.
        k : int, default=20
            How many matches to return at most.

        Returns
        -------
        list of Match

        Examples
        --------
        >>> from matcher import Candidate, Vacancy, Matcher
        >>> matcher = Matcher().fit(candidates=[
        ...     Candidate(id="a", titles=["cocinera"], languages=["spa"]),
        ...     Candidate(id="b", titles=["cocinero"], languages=["spa", "que"]),
        ... ])
        >>> [m.candidate_id for m in matcher.rank_candidates(
        ...     Vacancy(id=1, title="chef", languages=["que"]))]
        ['b']
        """
        check_is_fitted(self)
        if not isinstance(vacancy, Vacancy):
            raise TypeError(f"rank_candidates needs a Vacancy, got {type(vacancy).__name__}")
        k = self._check_k(k)
        n = len(self.candidates_)
        if n == 0 or k == 0:
            return []
        index = self.candidate_index_
        unknown = float(self.unknown_credit)
        credits = {}

        # Requirements become small lookup tables over every value a candidate can
        # have (ages, levels, month masks, language sets, districts), then one
        # gather per table: no loop over candidates and little arithmetic on n.
        asked = F.language_mask(vacancy.languages, self.language_bits_)
        spoken = index["languages"]
        if not vacancy.languages:
            language_ok = np.ones(spoken.shape, dtype=bool)
        elif asked is None:
            # Nobody fitted speaks it: whoever declared their languages lacks it.
            language_ok = spoken == 0
            asked = 1
        else:
            language_ok = F.languages_ok(asked, spoken, spoken != 0)
        credits["languages"] = _lookup(
            F.languages_credit(asked or 0, spoken != 0, unknown), index["language_index"]
        )
        places = index["places"]
        km_by_place = places.km_by_place(self._point(vacancy.district))
        min_age = -1 if vacancy.min_age is None else vacancy.min_age
        job_months = F.months_mask(vacancy.months)
        valid = _all_ok(
            (language_ok, index["language_index"]),
            (F.age_ok(min_age, _AGE_VALUES), index["age"]),
            (F.months_ok(job_months, _MONTH_MASKS), index["months"]),
        )
        km = km_by_place[places.index]
        if not np.isnan(km_by_place).all():
            valid &= ~(km > index["travel_limit"])
        credits["distance"] = _lookup(
            F.distance_credit(km_by_place, self.distance_half_km, unknown), places.index
        )
        min_education = -1 if vacancy.min_education is None else vacancy.min_education
        credits["education"] = _lookup(
            F.education_credit(min_education, _EDUCATION_VALUES, unknown), index["education"]
        )
        credits["availability"] = _lookup(
            F.months_credit(job_months, _MONTH_MASKS, unknown), index["months"]
        )

        title = self.phrases_.canonical(vacancy.title) if vacancy.title else ""
        title_sims = None
        if title:
            title_sims = self.phrases_.similarities([title]).toarray().ravel().astype(float)
            title_sims = np.append(title_sims, 0.0)  # the slot of "no title": no evidence
            credits["title"] = _slot_max(title_sims, index["titles"])
        else:
            credits["title"] = unknown

        required = self._unique_skills(vacancy.required_skills)
        desired = self._unique_skills(vacancy.desired_skills)
        asked_skills = list(dict.fromkeys(c for _, c in required + desired))
        block, weights = self._skill_block(asked_skills, index["skills"])
        row_of = {canonical: row for row, canonical in enumerate(asked_skills)}
        coverage = {}
        for factor, skills in (("required_skills", required), ("desired_skills", desired)):
            cover = None
            if not skills:
                credits[factor] = unknown
            elif block is None:
                credits[factor] = 0.0
            else:
                cover = block @ weights[[row_of[c] for _, c in skills]].T
                np.minimum(cover, 1.0, out=cover)
                # A matrix-vector product sums the short rows much faster than
                # sum(axis=1) on a tall, narrow array.
                share = np.full(len(skills), 1.0 / len(skills), dtype=cover.dtype)
                credits[factor] = (cover @ share).astype(float)
            coverage[factor] = (skills, cover)
        if not asked_skills:
            credits["skills_used"] = unknown
        elif block is None:
            credits["skills_used"] = 0.0
        else:
            # Each of the candidate's skills counts by how close it is to any skill
            # the vacancy asks for (capped at 1), over how many skills they list.
            relevance = np.minimum(weights.sum(axis=0), 1.0)
            used = (block @ relevance).astype(float)
            credits["skills_used"] = used / np.maximum(index["n_skills"], 1)

        doc = self.words_.doc(self._vacancy_text(vacancy))
        if doc:
            credits["text"] = np.clip(self.words_.similarity(doc, index["text"]), 0.0, 1.0)
        else:
            credits["text"] = unknown
        score, constant = self._combine(credits, n)

        query_hash = F.stable_hash(vacancy.id)
        top = self._top(
            score, valid, k, lambda pool: F.pair_tie_keys(query_hash, index["hash"][pool])
        )

        # Explanations: only for the k returned, so plain Python is fine here.
        useful = np.zeros(len(top), dtype=np.int64)
        if block is not None:
            useful = np.diff(block[top].tocsr().indptr)
        covered = {
            factor: (skills, None if cover is None else cover[top])
            for factor, (skills, cover) in coverage.items()
        }
        matches = []
        for rank, i in enumerate(top):
            candidate = self.candidates_[i]
            detail = {
                "title_wording": self._closest_title(candidate.titles, title_sims),
                "km": float(km[i]),
                "vacancy_has_text": bool(doc),
                "skills_used": (int(index["n_skills"][i]), int(useful[rank])),
            }
            for factor, key in (("required_skills", "required"), ("desired_skills", "desired")):
                skills, rows = covered[factor]
                detail[key] = [
                    (wording, 0.0 if rows is None else float(rows[rank, j]))
                    for j, (wording, _) in enumerate(skills)
                ]
            matches.append(
                self._match(score[i] + constant, _row(credits, i), candidate, vacancy, detail)
            )
        return matches

    def _skill_block(self, canonicals, held):
        """Candidates' skills close to ``canonicals``, and how close.

        Returns ``(block, weights)``: ``block`` is the columns of the candidates'
        skill incidence ``held`` (CSC) for the fitted phrases close to at least one
        of ``canonicals``, ``weights`` the dense cosines (canonicals x those
        phrases). Only those columns are read, so the cost follows how many
        candidates hold such skills, not the size of the index. ``(None, None)``
        when no fitted phrase is close.
        """
        if not canonicals:
            return None, None
        sims = self.phrases_.similarities(canonicals, self.skill_threshold)
        cols = np.unique(sims.indices)
        if cols.size == 0:
            return None, None
        return held[:, cols], sims[:, cols].toarray()

    def _closest_title(self, titles, sims):
        """The candidate's own wording of the title closest to the vacancy's."""
        if not titles:
            return None
        if sims is None:
            return titles[0]
        index = self.phrases_.index
        # -1 reads the "no title" slot (0.0) for a title that folds to nothing.
        return max(titles, key=lambda t: sims[index.get(self.phrases_.canonical(t), -1)])

    # -- ranking vacancies for a candidate --------------------------------------------

    def _vacancy_filters(self, candidate):
        """Hard filters of one candidate against every fitted vacancy, and the distances."""
        index = self.vacancy_index_
        spoken = F.language_mask(
            (c for c in candidate.languages if c in self.language_bits_), self.language_bits_
        )
        language_ok = F.languages_ok(index["languages"], spoken, bool(candidate.languages))
        age = -1 if candidate.age is None else candidate.age
        months = F.months_mask(candidate.available_months)
        places = index["places"]
        km_by_place = places.km_by_place(self._point(candidate.district))
        limit = candidate.max_travel_km
        if limit is None or candidate.willing_to_relocate:
            limit = np.inf
        ok = (
            language_ok[index["language_index"]]
            & F.age_ok(_AGE_VALUES, age)[index["min_age"]]
            & F.months_ok(_MONTH_MASKS, months)[index["months"]]
            & ~(km_by_place > limit)[places.index]
        )
        return ok, km_by_place

    def rank_vacancies(self, candidate, k=20):
        """Return the best fitted vacancies for a candidate, best first.

        Vacancies a hard filter excludes are never returned. A pair gets the same
        score here as in :meth:`rank_candidates`.

        Parameters
        ----------
        candidate : Candidate
            Need not be one of the fitted candidates.
        k : int, default=20
            How many matches to return at most.

        Returns
        -------
        list of Match

        Examples
        --------
        >>> from matcher import Candidate, Vacancy, Matcher
        >>> matcher = Matcher().fit(vacancies=[
        ...     Vacancy(id=1, title="guía turístico", min_age=18),
        ...     Vacancy(id=2, title="Guía de turismo", min_age=15),
        ... ])
        >>> [m.vacancy_id for m in matcher.rank_vacancies(
        ...     Candidate(id=9, titles=["guía de turistas"], age=16))]
        [2]
        """
        check_is_fitted(self)
        if not isinstance(candidate, Candidate):
            raise TypeError(f"rank_vacancies needs a Candidate, got {type(candidate).__name__}")
        k = self._check_k(k)
        m = len(self.vacancies_)
        if m == 0 or k == 0:
            return []
        index = self.vacancy_index_
        unknown = float(self.unknown_credit)
        size = self.phrases_.size
        valid, km_by_place = self._vacancy_filters(candidate)
        places = index["places"]
        km = km_by_place[places.index]

        credits = {}
        credits["languages"] = _lookup(
            F.languages_credit(index["languages"], bool(candidate.languages), unknown),
            index["language_index"],
        )
        credits["distance"] = _lookup(
            F.distance_credit(km_by_place, self.distance_half_km, unknown), places.index
        )
        education = -1 if candidate.education is None else candidate.education
        credits["education"] = _lookup(
            F.education_credit(_EDUCATION_VALUES, education, unknown), index["min_education"]
        )
        months = F.months_mask(candidate.available_months)
        credits["availability"] = _lookup(
            F.months_credit(_MONTH_MASKS, months, unknown), index["months"]
        )

        titles = [(t, self.phrases_.canonical(t)) for t in candidate.titles]
        titles = [(t, c) for t, c in titles if c]
        title_sims = None
        best = np.zeros(size + 1)
        best[size] = unknown  # the slot of vacancies without a title
        if titles:
            title_sims = self.phrases_.similarities([c for _, c in titles]).tocsc()
            best[:size] = title_sims.max(axis=0).toarray().ravel()
        credits["title"] = best[index["title_row"]]

        skill_sims = self._skill_sims(candidate.skills)
        n_skills = skill_sims.shape[0]
        held = np.minimum(np.asarray(skill_sims.sum(axis=0), dtype=float).ravel(), 1.0)
        for factor, key in (("required_skills", "required"), ("desired_skills", "desired")):
            counts = index[f"n_{key}"]
            share = (index[key] @ held) / np.maximum(counts, 1)
            credits[factor] = np.where(counts > 0, share, unknown)
        # The mirror of rank_candidates: each of the candidate's skills counts by
        # how close it is to any skill a vacancy asks for, capped at 1.
        used = np.zeros(m)
        useful = np.zeros(m, dtype=np.int32)  # for the explanations
        for row in range(n_skills):
            span = slice(skill_sims.indptr[row], skill_sims.indptr[row + 1])
            cols = skill_sims.indices[span]
            if cols.size:
                closeness = index["asked"][:, cols] @ skill_sims.data[span]
                used += np.minimum(closeness, 1.0)
                useful += closeness > 0
        asks = (index["n_required"] + index["n_desired"]) > 0
        credits["skills_used"] = np.where(asks, used / max(n_skills, 1), unknown)

        doc = self.words_.doc(candidate.text)
        text_sims = np.clip(self.words_.similarity(doc, index["text"]), 0.0, 1.0)
        credits["text"] = np.where(index["has_text"], text_sims, unknown)
        score, constant = self._combine(credits, m)

        query_hash = F.stable_hash(candidate.id)
        top = self._top(
            score, valid, k, lambda pool: F.pair_tie_keys(query_hash, index["hash"][pool])
        )

        # Explanations: only for the k returned.
        closest = None
        if title_sims is not None and size:
            rows = np.minimum(index["title_row"][top], size - 1)
            closest = np.argmax(title_sims[:, rows].toarray(), axis=0)
        matches = []
        for rank, j in enumerate(top):
            vacancy = self.vacancies_[j]
            wording = None
            if titles:
                wording = titles[0 if closest is None else int(closest[rank])][0]
            detail = {
                "title_wording": wording,
                "km": float(km[j]),
                "vacancy_has_text": bool(index["has_text"][j]),
                "skills_used": (n_skills, int(useful[j])),
            }
            for key, wordings in (
                ("required", vacancy.required_skills),
                ("desired", vacancy.desired_skills),
            ):
                detail[key] = [
                    (w, float(held[self.phrases_.index[c]]))
                    for w, c in self._unique_skills(wordings)
                ]
            matches.append(
                self._match(score[j] + constant, _row(credits, j), candidate, vacancy, detail)
            )
        return matches

    def skill_gaps(self, candidate, k=3, max_km=None):
        """Return the skills that would open the most vacancies to a candidate.

        Only fitted vacancies that pass the candidate's hard filters (languages,
        age, months, daily travel) count, and only those within ``max_km`` when it
        is given. A skill *opens* a vacancy when it is the only required skill
        the candidate is missing for it. Skills are ordered by vacancies opened,
        then by vacancies that list them among several missing skills, then
        alphabetically.

        Parameters
        ----------
        candidate : Candidate
        k : int, default=3
            How many skills to return at most.
        max_km : float, optional
            Ignore vacancies known to be farther than this.

        Returns
        -------
        list of SkillGap

        Examples
        --------
        >>> from matcher import Candidate, Vacancy, Matcher
        >>> trainings = {"manejo de caja": ["Caja y cobranza (CDE Urcos)"]}
        >>> vacancies = [
        ...     Vacancy(id=1, title="cajera", required_skills=["manejo de caja", "ventas"]),
        ...     Vacancy(id=2, title="vendedora", required_skills=["Manejo de caja"]),
        ... ]
        >>> matcher = Matcher(trainings=trainings).fit(vacancies=vacancies)
        >>> gap = matcher.skill_gaps(Candidate(id=3, skills=["técnicas de venta"]))[0]
        >>> gap.skill, gap.vacancies_opened, gap.trainings
        ('manejo de caja', 2, ('Caja y cobranza (CDE Urcos)',))
        """
        check_is_fitted(self)
        if not isinstance(candidate, Candidate):
            raise TypeError(f"skill_gaps needs a Candidate, got {type(candidate).__name__}")
        k = self._check_k(k)
        if max_km is not None and (
            isinstance(max_km, bool) or not isinstance(max_km, (int, float)) or not max_km >= 0
        ):
            raise ValueError(f"max_km must be a number of km >= 0 or None, got {max_km!r}")
        index = self.vacancy_index_
        if not self.vacancies_ or k == 0:
            return []
        reachable, km_by_place = self._vacancy_filters(candidate)
        if max_km is not None:
            reachable &= ~(km_by_place > max_km)[index["places"].index]
        lacking = (self._held_credit(candidate.skills) <= 0).astype(np.float32)
        missing = (index["required"][np.flatnonzero(reachable)] @ sp.diags(lacking)).tocsr()
        missing.eliminate_zeros()
        needing = np.asarray(missing.sum(axis=0)).ravel()
        sole = missing[np.flatnonzero(np.diff(missing.indptr) == 1)]
        opened = np.asarray(sole.sum(axis=0)).ravel()
        wording = index["skill_wording"]
        cols = sorted(
            np.flatnonzero(needing > 0), key=lambda c: (-opened[c], -needing[c], wording[c])
        )
        return [
            SkillGap(
                skill=wording[c],
                vacancies_opened=int(opened[c]),
                trainings=self.trainings_.get(self.phrases_.phrases[c], ()),
                vacancies_needing=int(needing[c]),
            )
            for c in cols[:k]
        ]
