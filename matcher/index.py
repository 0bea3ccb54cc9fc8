"""The fitted state of a matcher: typed containers of arrays, and how fit builds them.

Everything the rankings read per profile lives here, laid out so that a query
costs a few gathers and sparse products over the whole index and plain Python
only for the k profiles returned. :func:`build` reads every profile once
(titles and skills through the lexicon, free text into words) and returns an
:class:`Index`. Nothing here scores; :mod:`matcher.scoring` does.
"""

from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import scipy.sparse as sp

from . import features as F
from . import scoring as S
from .geo import Places
from .lexicon import Lexicon
from .spaces import PhraseSpace, TextSpace


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


@dataclass(frozen=True)
class Index:
    """Everything :meth:`Matcher.fit <matcher.Matcher.fit>` builds."""

    lexicon: Lexicon
    phrases: PhraseSpace  # title and skill phrases of every profile
    words: TextSpace  # free-text vocabulary
    language_bits: dict  # language code -> bit of the language masks
    districts: dict  # ubigeo -> (latitude, longitude)
    candidates: CandidateIndex
    vacancies: VacancyIndex

    def point(self, district):
        """(latitude, longitude) of a district, or None when unknown."""
        return None if district is None else self.districts.get(district)


@dataclass
class _Reading:
    """What the lexicon made of every profile's titles and skills, as phrases."""

    done: list = field(default_factory=list)  # per candidate [(phrase, weight x strength)]
    wanted: list = field(default_factory=list)
    done_ids: list = field(default_factory=list)  # per candidate [(wording id, strength)]
    wanted_ids: list = field(default_factory=list)
    title_ids: dict = field(default_factory=dict)  # candidates' distinct title wordings -> id
    skills: list = field(default_factory=list)  # per candidate [skill phrase]
    related: list = field(default_factory=list)  # skills their work needs, not listed
    vacancy_titles: list = field(default_factory=list)  # per vacancy [(phrase, weight)]
    required: list = field(default_factory=list)  # per vacancy [skill phrase]
    desired: list = field(default_factory=list)
    wording: dict = field(default_factory=dict)  # title phrase -> its plain words


def vacancy_text(vacancy):
    """Everything a vacancy says, as one text for the word TF-IDF."""
    return " ".join(
        (vacancy.title, *vacancy.required_skills, *vacancy.desired_skills, vacancy.text)
    )


def build(candidates, vacancies, lexicon, synonyms, districts, travel):
    """Read every profile once and lay it out for ranking; returns an :class:`Index`.

    Parameters
    ----------
    candidates, vacancies : tuple of Candidate, tuple of Vacancy
        Checked by the caller.
    lexicon : Lexicon
    synonyms : matcher.features.SynonymTable
        For the free-text words.
    districts : dict
        Ubigeo -> (latitude, longitude).
    travel : TravelTable
    """
    phrases = PhraseSpace(lexicon)
    reading = _read(candidates, vacancies, phrases)
    words = TextSpace(synonyms)
    candidate_docs = [words.doc(c.text) for c in candidates]
    vacancy_docs = [words.doc(vacancy_text(v)) for v in vacancies]
    words.fit(candidate_docs + vacancy_docs)
    bits = _language_bits(candidates, vacancies)
    index = Index(
        lexicon=lexicon,
        phrases=phrases,
        words=words,
        language_bits=bits,
        districts=districts,
        candidates=_candidate_index(
            candidates, reading, phrases, words.transform_t(candidate_docs), bits,
            Places([c.district for c in candidates], districts, travel),
        ),
        vacancies=_vacancy_index(
            vacancies, reading, phrases, words.transform_t(vacancy_docs), vacancy_docs, bits,
            Places([v.district for v in vacancies], districts, travel),
        ),
    )
    # Queries must not grow the memo of a long-running server.
    phrases.freeze()
    return index


def _read(candidates, vacancies, phrases):
    """Every title and skill through the lexicon; fits ``phrases`` on what it found."""
    reading = _Reading()
    lexicon = phrases.lexicon

    def titles(items, ids=None):
        """[(phrase, weight)] over every phrase of every (text, strength) item;
        with ``ids``, also [(wording id, strength)] appended to it."""
        out = []
        for text, strength in items:
            found = phrases.title(text)
            for phrase, weight, words in found:
                reading.wording.setdefault(phrase, words)
                out.append((phrase, strength * weight))
            if found and ids is not None:
                ids.append((reading.title_ids.setdefault(text, len(reading.title_ids)), strength))
        return out

    def skills(texts):
        return list(dict.fromkeys(p for p in map(phrases.skill, texts) if p))

    lexicon.prefetch_skills(
        chain(
            chain.from_iterable(c.skills for c in candidates),
            chain.from_iterable(v.required_skills + v.desired_skills for v in vacancies),
        )
    )
    # All work done first, then all work wanted: the first wording seen of a
    # phrase is the one the title model reads.
    reading.done_ids = [[] for _ in candidates]
    reading.wanted_ids = [[] for _ in candidates]
    reading.done = [
        titles(((e.title, float(S.experience_strength(e.months))) for e in c.titles), ids)
        for c, ids in zip(candidates, reading.done_ids, strict=True)
    ]
    reading.wanted = [
        titles(((t, 1.0) for t in c.desired_titles), ids)
        for c, ids in zip(candidates, reading.wanted_ids, strict=True)
    ]
    reading.skills = [skills(c.skills) for c in candidates]
    reading.related = [
        [p for p in lexicon.related_skills(e.title for e in c.titles) if p not in held]
        for c, held in zip(candidates, map(set, reading.skills), strict=True)
    ]
    for v in vacancies:
        reading.vacancy_titles.append(titles([(v.title, 1.0)] if v.title else ()))
        reading.required.append(skills(v.required_skills))
        reading.desired.append(skills(v.desired_skills))

    title_groups = list(chain(reading.done, reading.wanted, reading.vacancy_titles))
    title_phrases = {p for group in title_groups for p, _ in group}
    every = chain(
        (p for group in title_groups for p, _ in group),
        chain.from_iterable(
            chain(reading.skills, reading.related, reading.required, reading.desired)
        ),
    )
    phrases.fit(list(dict.fromkeys(every)), reading.wording)
    phrases.fit_titles(sorted(phrases.index[p] for p in title_phrases))
    return reading


def _language_bits(candidates, vacancies):
    codes = sorted(
        set().union(*(c.languages for c in candidates), *(v.languages for v in vacancies))
    )
    if len(codes) > 64:
        raise ValueError(f"at most 64 distinct languages are supported, got {len(codes)}")
    return {code: bit for bit, code in enumerate(codes)}


def _rows(phrases, lists):
    return [[phrases.index[p] for p in group] for group in lists]


def _candidate_index(candidates, reading, phrases, text, bits, places):
    size = phrases.size

    def weighted(lists):
        return [[(phrases.index[p], w) for p, w in group] for group in lists]

    spoken, spoken_index = combos([F.language_mask(c.languages, bits) for c in candidates])
    n_skills = np.array([len(s) for s in reading.skills], dtype=np.int32)
    held = incidence(_rows(phrases, reading.skills), size)
    related = incidence(_rows(phrases, reading.related), size)
    travel_limit = np.array(
        [
            np.inf if c.max_travel_km is None or c.willing_to_relocate else c.max_travel_km
            for c in candidates
        ],
        dtype=float,
    )
    relocate = np.array([c.willing_to_relocate for c in candidates], dtype=bool)
    age = slot(c.age for c in candidates)
    education = slot(c.education for c in candidates)
    n_wordings = len(reading.title_ids)
    return CandidateIndex(
        hash=np.array([F.stable_hash(c.id) for c in candidates], dtype=np.uint64),
        experience=TitleSlots.build(weighted(reading.done), size),
        desired=TitleSlots.build(weighted(reading.wanted), size),
        wordings=TitleWordings.build(
            [[(phrases.index[p], w) for p, w, _ in phrases.title(t)] for t in reading.title_ids],
            size,
        ),
        done_wordings=TitleSlots.build(reading.done_ids, n_wordings),
        wanted_wordings=TitleSlots.build(reading.wanted_ids, n_wordings),
        skills=held.tocsc(),
        skill_rows=held,
        related_rows=related,
        skill_credit=(held + S.RELATED_CREDIT * related).astype(np.float32).tocsc(),
        n_skills=n_skills,
        per_skill=(1.0 / np.maximum(n_skills, 1)).astype(np.float32),
        text=text,
        places=places,
        travel_limit=travel_limit,
        relocate=relocate,
        age=age,
        education=education,
        months=np.array([F.months_mask(c.available_months) for c in candidates], np.intp),
        languages=spoken,
        language_index=spoken_index,
        person=Groups.build(spoken_index, age, education),
        whereabouts=Groups.build(places.index, relocate, travel_limit),
    )


def _vacancy_index(vacancies, reading, phrases, text, docs, bits, places):
    size = phrases.size
    titles = reading.vacancy_titles
    required = incidence(_rows(phrases, reading.required), size)
    desired = incidence(_rows(phrases, reading.desired), size)
    asked, asked_index = combos([F.language_mask(v.languages, bits) for v in vacancies])
    return VacancyIndex(
        hash=np.array([F.stable_hash(v.id) for v in vacancies], dtype=np.uint64),
        title_row=np.array(
            [phrases.index[t[0][0]] if t else size for t in titles], dtype=np.int64
        ),
        label_row=np.array(
            [phrases.index[t[1][0]] if len(t) > 1 else size for t in titles], dtype=np.int64
        ),
        label_weight=np.array([t[1][1] if len(t) > 1 else 0.0 for t in titles], dtype=float),
        required=required,
        n_required=np.diff(required.indptr),
        desired=desired,
        n_desired=np.diff(desired.indptr),
        asked=(required + desired).tocsc().sign(),
        text=text,
        has_text=np.array([bool(d) for d in docs], dtype=bool),
        places=places,
        min_age=slot(v.min_age for v in vacancies),
        min_education=slot(v.min_education for v in vacancies),
        months=np.array([F.months_mask(v.months) for v in vacancies], dtype=np.int16),
        languages=asked,
        language_index=asked_index,
        skill_wording=_skill_wording(vacancies, phrases),
    )


def _skill_wording(vacancies, phrases):
    """Phrase row -> the wording most vacancies use for that required skill."""
    counts = {}
    for vacancy in vacancies:
        for wording in vacancy.required_skills:
            phrase = phrases.skill(wording)
            if phrase:
                key = (phrases.index[phrase], wording)
                counts[key] = counts.get(key, 0) + 1
    best = {}
    # sorted() is stable, so equal counts keep their fitting order.
    for (row, wording), _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        best.setdefault(row, wording)
    return best
