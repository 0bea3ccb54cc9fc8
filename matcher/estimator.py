"""The matching estimator: fit an index of profiles, then rank and explain.

A ranking is a short composition, the same in both directions::

    filters -> credits -> relevance x reach -> top-k -> explain

* **filters** (:meth:`Matcher._candidate_filters`, :meth:`Matcher._vacancy_filters`):
  a known incompatibility excludes a pair, an unknown value never does: a
  required language the person (languages known) does not speak; an age
  below the minimum; month sets with no month in common; a workplace farther
  (straight line between district centroids) than the person's own daily
  ``max_travel_km`` when they will not relocate.
* **credits**: one rule per factor in :mod:`matcher.scoring`, weighted into
  relevance in [0, 1].
* **reach** multiplies relevance: 1 in the same district, lower with travel
  hours (:mod:`matcher.geo`), neutral for an unknown district.
* **top-k** with ties ordered by a 64-bit hash of the pair (vacancy id,
  candidate id): the same in every run, yet neither registration nor id order,
  and changing from one query to the next, so nobody is systematically first.
* **explain** (:mod:`matcher.explain`) only for the k returned.

Ranking candidates first **screens** every one of them in float32
(:mod:`matcher.screening`: the same tables and products summed in one pass)
and runs the exact steps above only on those whose score can reach the top k;
the result is the same as scoring everyone exactly (tested).
"""

import math
import numbers
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from . import features as F
from . import scoring as S
from . import screening
from .explain import Evidence, build_reasons
from .geo import Places, TravelTable, default_legs
from .index import (
    CandidateIndex,
    Groups,
    PhraseSpace,
    TextSpace,
    TitleSlots,
    TitleWordings,
    VacancyIndex,
    combos,
    incidence,
    slot,
    zeros,
)
from .lexicon import Lexicon
from .profiles import MAX_AGE, MAX_EDUCATION, Candidate, Match, Outcome, SkillGap, Vacancy
from .reference import DISTRICTS, SYNONYM_GROUPS

DEFAULT_WEIGHTS = S.DEFAULT_WEIGHTS
FACTORS = S.FACTORS

# Every value a slot can take, in slot order (-1 stands for unknown or none).
_AGE_VALUES = np.arange(-1, MAX_AGE + 1)
_EDUCATION_VALUES = np.arange(-1, MAX_EDUCATION + 1)
_MONTH_MASKS = np.arange(1 << 12)


def _all_ok(n, *checks):
    """AND of ``table[index]`` over (table, index) pairs, skipping all-true tables."""
    valid = np.ones(n, dtype=bool)
    for table, index in checks:
        if not table.all():
            valid &= table[index]
    return valid


@dataclass(frozen=True)
class _VacancyTables:
    """A vacancy's requirements as tables over the values a candidate can have."""

    language_ok: np.ndarray  # per distinct language set
    age_ok: np.ndarray  # per age slot
    months_ok: np.ndarray  # per 12-bit month mask
    km_by_place: np.ndarray  # per district slot (NaN unknown)
    languages: np.ndarray  # credit per distinct language set
    education: np.ndarray  # credit per education slot
    season: np.ndarray  # credit per month mask


@dataclass
class _VacancyQuery:
    """What a vacancy's title, skills and text are close to, computed once per query."""

    title_sims: np.ndarray = None  # per fitted phrase (float64), None without a title
    required: list = field(default_factory=list)  # (wording, phrase) per distinct skill
    desired: list = field(default_factory=list)
    weights: np.ndarray = None  # closeness, skills asked x ``cols``; None when no column
    cols: np.ndarray = None  # fitted skill phrases close to a skill asked
    row_of: dict = field(default_factory=dict)  # skill phrase -> row of ``weights``
    uniform: dict = field(default_factory=dict)  # skill factor -> credit, when uniform
    text: object = None  # float32 cosine per candidate, or the unknown credit
    has_text: bool = False


@dataclass
class _SkillDetail:
    """Per scored candidate, what the skill sentences need."""

    cover: dict = field(default_factory=dict)  # factor -> uncapped (candidates x skills)
    useful: np.ndarray = None  # how many of each candidate's skills serve


def _row(credits, i):
    """The credits of profile ``i``, uniform factors included."""
    return {f: v if isinstance(v, float) else float(v[i]) for f, v in credits.items()}


def _uniform(district):
    """Factors that are the same for every profile ranked, and so explain nothing.

    Other factors a query does not ask about (no language, no months) already
    say nothing; reach is the one that would otherwise speak ("no se sabe...").
    """
    return frozenset({"reach"}) if district is None else frozenset()


def default_knowledge():
    """The shipped :class:`matcher.knowledge.Knowledge`, or None when it is not there."""
    try:
        from .knowledge import Knowledge
    except ImportError:
        return None
    default = getattr(Knowledge, "default", None)
    return default() if default is not None else None


class Matcher(BaseEstimator):
    """Rank candidates for a vacancy, and vacancies for a candidate, with reasons.

    Follows scikit-learn's estimator conventions: ``__init__`` only stores the
    parameters, :meth:`fit` builds the index and returns ``self``, fitted state
    ends in ``_``. The score of a pair is relevance (the weighted factors of
    :mod:`matcher.scoring`) times reach (travel time, :mod:`matcher.geo`).

    Parameters
    ----------
    knowledge : Knowledge, False or None, default=None
        What the matcher knows of occupations, titles and skills. None: the
        shipped ``matcher.knowledge.Knowledge.default()`` when the package has
        it, else the built-in synonym groups and everyday words. False: the
        built-in words only. Anything else: an object with the Knowledge
        interface (``occupations``, ``title_similarity``, ``skill``).
    travel_hours : mapping of (str, str) to float, optional
        Hours between pairs of districts (either way), merged over the shipped
        table of the programme's districts and hubs; times between other pairs
        follow the shortest path, or the straight-line distance when no path.
    districts : mapping of str to (float, float), optional
        Ubigeo -> (latitude, longitude), merged over the built-in table.
    synonyms : iterable of iterable of str, optional
        Extra groups of equivalent titles, skills or taxonomy codes, merged with
        the built-in Spanish groups.
    trainings : mapping of str to iterable of str, optional
        Skill (label or code) -> names of trainings that teach it, for
        :meth:`skill_gaps`.
    weights : mapping of str to float, optional
        Factor -> prior weight, overriding :data:`DEFAULT_WEIGHTS` for the
        factors given; rescaled to add up to 1.
    half_hours : float, default=1.5
        Travel hours at which reach is one half.
    relocate_reach : float, default=0.5
        Least reach of someone willing to relocate.
    unknown_reach : float, default=0.7
        Reach when either district is unknown (never excludes).
    skill_threshold : float, default=0.5
        Lowest cosine at which a differently worded skill still counts (partly).
    unknown_credit : float, default=0.5
        Credit given to an unknown value.

    Attributes
    ----------
    candidates_, vacancies_ : tuple of Candidate, tuple of Vacancy
    outcomes_ : tuple of Outcome
        Decisions given to :meth:`fit` (learning from them comes later).
    weights_ : dict
        The weights in use, normalised, in factor order (the prior for now).
    districts_ : dict
    travel_ : TravelTable
    lexicon_ : matcher.lexicon.Lexicon
    trainings_ : dict
    phrases_, words_ : the fitted title/skill and free-text spaces.
    candidate_index_ : matcher.index.CandidateIndex
    vacancy_index_ : matcher.index.VacancyIndex

    Examples
    --------
    >>> from matcher import Candidate, Experience, Vacancy, Matcher
    >>> candidates = [
    ...     Candidate(id=1, titles=[Experience("moza", months=24, kind="informal")],
    ...               district="081202", sex="F"),
    ...     Candidate(id=2, titles=["albañil"], district="081202"),
    ... ]
    >>> matcher = Matcher(knowledge=False).fit(candidates=candidates)
    >>> best = matcher.rank_candidates(Vacancy(id=7, title="Mesera", district="081202"))[0]
    >>> best.candidate_id, [r.text for r in best.top_reasons(2)]
    (1, ['Trabajó 2 años como mesera sin contrato', 'Vive en el mismo distrito'])
    >>> abs(sum(r.contribution for r in best.reasons) - best.score) < 1e-12
    True
    """

    def __init__(
        self,
        *,
        knowledge=None,
        travel_hours=None,
        districts=None,
        synonyms=None,
        trainings=None,
        weights=None,
        half_hours=1.5,
        relocate_reach=0.5,
        unknown_reach=0.7,
        skill_threshold=0.5,
        unknown_credit=0.5,
    ):
        self.knowledge = knowledge
        self.travel_hours = travel_hours
        self.districts = districts
        self.synonyms = synonyms
        self.trainings = trainings
        self.weights = weights
        self.half_hours = half_hours
        self.relocate_reach = relocate_reach
        self.unknown_reach = unknown_reach
        self.skill_threshold = skill_threshold
        self.unknown_credit = unknown_credit

    # -- parameters -------------------------------------------------------------------

    def _checked_weights(self):
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
        return {factor: weight / total for factor, weight in weights.items()}

    def _checked_numbers(self):
        for name, low, high in (
            ("half_hours", 0.0, math.inf),
            ("relocate_reach", 0.0, 1.0),
            ("unknown_reach", 0.0, 1.0),
            ("skill_threshold", 0.0, 1.0),
            ("unknown_credit", 0.0, 1.0),
        ):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, numbers.Real)
                or not low <= value <= high
            ):
                raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
        if self.half_hours <= 0:
            raise ValueError("half_hours must be positive")

    def _checked_districts(self):
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
        return districts

    def _checked_travel(self):
        legs = dict(default_legs())
        for pair, hours in dict(self.travel_hours or {}).items():
            try:
                a, b = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"travel_hours must be keyed by (ubigeo, ubigeo), got {pair!r}"
                ) from None
            if isinstance(hours, bool) or not isinstance(hours, numbers.Real) or not hours >= 0:
                raise ValueError(f"travel hours for {pair!r} must be a number >= 0, got {hours!r}")
            legs[(str(a), str(b))] = float(hours)
        return TravelTable(legs)

    def _checked_knowledge(self):
        if self.knowledge is None:
            return default_knowledge()
        if self.knowledge is False:
            return None
        for method in ("occupations", "title_similarity", "skill"):
            if not callable(getattr(self.knowledge, method, None)):
                raise ValueError(f"knowledge must have a {method}() method, like Knowledge")
        return self.knowledge

    # -- fitting ----------------------------------------------------------------------

    def fit(self, *, candidates=(), vacancies=(), outcomes=()):
        """Index candidates and/or vacancies for ranking.

        Parameters
        ----------
        candidates : iterable of Candidate, default=()
        vacancies : iterable of Vacancy, default=()
        outcomes : iterable of Outcome, default=()
            What counselors and employers decided about pairs. Kept in
            ``outcomes_``; learning weights from them is a later issue, so for
            now ``weights_`` stays the prior.

        Returns
        -------
        self : Matcher
        """
        weights = self._checked_weights()
        self._checked_numbers()
        districts = self._checked_districts()
        travel = self._checked_travel()
        knowledge = self._checked_knowledge()
        candidates = self._checked_profiles(candidates, Candidate, "candidates")
        vacancies = self._checked_profiles(vacancies, Vacancy, "vacancies")
        outcomes = tuple(outcomes)
        for outcome in outcomes:
            if not isinstance(outcome, Outcome):
                raise TypeError(f"outcomes must contain Outcome objects, got {outcome!r}")

        synonyms = F.build_synonym_table(chain(SYNONYM_GROUPS, self.synonyms or ()))
        lexicon = Lexicon(synonyms, knowledge)
        phrases = PhraseSpace(lexicon)
        words = TextSpace(synonyms)
        wording = {}

        title_ids = {}  # distinct title wordings of the candidates, for the screen

        def titles(items, ids=None):
            """[(phrase, weight)] over every phrase of every (text, strength) item;
            with ``ids``, also [(wording id, strength)] appended to it."""
            out = []
            for text, strength in items:
                found = phrases.title(text)
                for phrase, weight, words_ in found:
                    wording.setdefault(phrase, words_)
                    out.append((phrase, strength * weight))
                if found and ids is not None:
                    ids.append((title_ids.setdefault(text, len(title_ids)), strength))
            return out

        def skills(texts):
            return list(dict.fromkeys(p for p in map(phrases.skill, texts) if p))

        lexicon.prefetch_skills(
            chain(
                chain.from_iterable(c.skills for c in candidates),
                chain.from_iterable(v.required_skills + v.desired_skills for v in vacancies),
            )
        )

        done_ids = [[] for _ in candidates]
        wanted_ids = [[] for _ in candidates]
        done = [
            titles(((e.title, float(S.experience_strength(e.months))) for e in c.titles), ids)
            for c, ids in zip(candidates, done_ids, strict=True)
        ]
        wanted = [
            titles(((t, 1.0) for t in c.desired_titles), ids)
            for c, ids in zip(candidates, wanted_ids, strict=True)
        ]
        cand_skills = [skills(c.skills) for c in candidates]
        related = [
            [p for p in lexicon.related_skills(e.title for e in c.titles) if p not in held]
            for c, held in zip(candidates, map(set, cand_skills), strict=True)
        ]
        vac_titles = [titles([(v.title, 1.0)] if v.title else ()) for v in vacancies]
        vac_required = [skills(v.required_skills) for v in vacancies]
        vac_desired = [skills(v.desired_skills) for v in vacancies]
        title_phrases = {p for group in chain(done, wanted, vac_titles) for p, _ in group}
        every = chain(
            (p for group in chain(done, wanted, vac_titles) for p, _ in group),
            chain.from_iterable(chain(cand_skills, related, vac_required, vac_desired)),
        )
        phrases.fit(list(dict.fromkeys(every)), wording)
        phrases.fit_titles(sorted(phrases.index[p] for p in title_phrases))

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

        def weighted(lists):
            return [[(phrases.index[p], w) for p, w in group] for group in lists]

        size = phrases.size
        spoken, spoken_index = combos([F.language_mask(c.languages, bits) for c in candidates])
        n_skills = np.array([len(s) for s in cand_skills], dtype=np.int32)
        held = incidence(rows(cand_skills), size)
        related_rows = incidence(rows(related), size)
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
        places = Places([c.district for c in candidates], districts, travel)
        self.candidate_index_ = CandidateIndex(
            hash=np.array([F.stable_hash(c.id) for c in candidates], dtype=np.uint64),
            experience=TitleSlots.build(weighted(done), size),
            desired=TitleSlots.build(weighted(wanted), size),
            wordings=TitleWordings.build(
                [[(phrases.index[p], w) for p, w, _ in phrases.title(t)] for t in title_ids],
                size,
            ),
            done_wordings=TitleSlots.build(done_ids, len(title_ids)),
            wanted_wordings=TitleSlots.build(wanted_ids, len(title_ids)),
            skills=held.tocsc(),
            skill_rows=held,
            related_rows=related_rows,
            skill_credit=(held + S.RELATED_CREDIT * related_rows).astype(np.float32).tocsc(),
            n_skills=n_skills,
            per_skill=(1.0 / np.maximum(n_skills, 1)).astype(np.float32),
            text=words.transform_t(cand_docs),
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
        required = incidence(rows(vac_required), size)
        desired = incidence(rows(vac_desired), size)
        asked, asked_index = combos([F.language_mask(v.languages, bits) for v in vacancies])
        self.vacancy_index_ = VacancyIndex(
            hash=np.array([F.stable_hash(v.id) for v in vacancies], dtype=np.uint64),
            title_row=np.array(
                [phrases.index[t[0][0]] if t else size for t in vac_titles], dtype=np.int64
            ),
            label_row=np.array(
                [phrases.index[t[1][0]] if len(t) > 1 else size for t in vac_titles],
                dtype=np.int64,
            ),
            label_weight=np.array(
                [t[1][1] if len(t) > 1 else 0.0 for t in vac_titles], dtype=float
            ),
            required=required,
            n_required=np.diff(required.indptr),
            desired=desired,
            n_desired=np.diff(desired.indptr),
            asked=(required + desired).tocsc().sign(),
            text=words.transform_t(vac_docs),
            has_text=np.array([bool(d) for d in vac_docs], dtype=bool),
            places=Places([v.district for v in vacancies], districts, travel),
            min_age=slot(v.min_age for v in vacancies),
            min_education=slot(v.min_education for v in vacancies),
            months=np.array([F.months_mask(v.months) for v in vacancies], dtype=np.int16),
            languages=asked,
            language_index=asked_index,
            skill_wording=self._skill_wording(vacancies, phrases),
        )
        self.candidates_ = candidates
        self.vacancies_ = vacancies
        self.outcomes_ = outcomes
        self.weights_ = weights
        self.districts_ = districts
        self.travel_ = travel
        self.lexicon_ = lexicon
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
            listed = trainings.setdefault(phrases.skill(skill), [])
            listed.extend(name for name in names if name not in listed)
        return {skill: tuple(names) for skill, names in trainings.items()}

    @staticmethod
    def _vacancy_text(vacancy):
        return " ".join(
            (vacancy.title, *vacancy.required_skills, *vacancy.desired_skills, vacancy.text)
        )

    @staticmethod
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

    # -- shared pieces ----------------------------------------------------------------

    def _unique_skills(self, wordings):
        """(wording, phrase) per distinct skill phrase, first wording kept."""
        seen = {}
        for wording in wordings:
            phrase = self.phrases_.skill(wording)
            if phrase and phrase not in seen:
                seen[phrase] = wording
        return [(wording, phrase) for phrase, wording in seen.items()]

    def _point(self, district):
        return None if district is None else self.districts_.get(district)

    def _skill_sims(self, wordings):
        """Cosines (>= ``skill_threshold``) of a person's skills to every fitted phrase."""
        phrases = [p for _, p in self._unique_skills(wordings)]
        if not phrases or self.phrases_.size == 0:
            return zeros(len(phrases), self.phrases_.size)
        return self.phrases_.similarities(phrases, self.skill_threshold)

    def _held_credit(self, wordings):
        """Credit of every fitted phrase as a skill of someone who lists ``wordings``."""
        sims = self._skill_sims(wordings)
        return np.minimum(np.asarray(sims.sum(axis=0), dtype=float).ravel(), 1.0)

    def _title_sims(self, texts):
        """Similarity of each title to every fitted phrase, plus a 0 "no title" slot.

        A title's similarity to a phrase is the best over the title's own
        phrases (its words, its recognised occupation) of weight x similarity.
        Returns ``(sims, kept)``: one dense row per title that has a phrase, and
        those titles.
        """
        size = self.phrases_.size
        kept = [t for t in texts if self.phrases_.title(t)]
        sims = np.zeros((len(kept), size + 1))
        if not kept or size == 0:
            return sims, kept
        owner, weight, phrases, wordings = [], [], [], []
        for i, text in enumerate(kept):
            for phrase, w, words in self.phrases_.title(text):
                owner.append(i)
                weight.append(w)
                phrases.append(phrase)
                wordings.append(words)
        each = self.phrases_.title_similarities(wordings, phrases)
        each *= np.asarray(weight)[:, None]
        for row, i in enumerate(owner):
            np.maximum(sims[i, :size], each[row], out=sims[i, :size])
        return sims, kept

    def _score_top(self, credits, valid, k, n, index, district, km_by_place, relocate, query_id,
                   rows=None):
        """Relevance times reach for every row of ``index`` (or only ``rows``, the
        positions the credits are for), then its top ``k``: the part both ranking
        directions share. Ties break by a hash of the pair, not by order."""
        varying, constant = S.combine(self.weights_, credits, n)
        place = index.places.index if rows is None else index.places.index[rows]
        reach, hours_by_place = self._reach(index.places, district, km_by_place, relocate, place)
        score = (varying + constant) * reach
        query_hash = F.stable_hash(query_id)
        hashes = index.hash if rows is None else index.hash[rows]
        top = S.top_k(score, valid, k, lambda pool: F.pair_tie_keys(query_hash, hashes[pool]))
        return top, varying, constant, reach, hours_by_place

    def _reach(self, places, code, km_by_place, relocate, place):
        """Reach from district ``code`` to each of ``place`` (slots of ``places``), with
        ``relocate`` a flag or one per place: a float when uniform."""
        hours_by_place = places.hours_by_place(code, km_by_place)
        args = (self.half_hours, self.relocate_reach, self.unknown_reach)
        plain = S.reach_credit(hours_by_place, False, *args)
        if np.all(np.isnan(hours_by_place)):
            return float(self.unknown_reach), hours_by_place
        if np.ndim(relocate) == 0:
            return S.reach_credit(hours_by_place, bool(relocate), *args)[place], hours_by_place
        moving = S.reach_credit(hours_by_place, True, *args)
        reach = np.where(relocate, moving[place], plain[place])
        return reach, hours_by_place

    def _match(self, credits, relevance, reach, candidate, vacancy, evidence):
        reasons, missing, score = build_reasons(
            self.weights_, credits, reach, candidate, vacancy, evidence, self.lexicon_
        )
        return Match(
            candidate.id, vacancy.id, score, reasons, missing, relevance=relevance, reach=reach
        )

    @staticmethod
    def _check_k(k):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ValueError(f"k must be a whole number >= 0, got {k!r}")
        return int(k)

    @staticmethod
    def _best(items, sims, strengths):
        """The item with the highest similarity times strength, and that similarity."""
        best, best_value, best_sim = None, -1.0, 0.0
        for item, sim, strength in zip(items, sims, strengths, strict=True):
            if sim * strength > best_value:
                best, best_value, best_sim = item, sim * strength, sim
        return best, best_sim

    # -- ranking candidates for a vacancy ---------------------------------------------

    def _candidate_tables(self, vacancy):
        """What a vacancy asks, as tables over every value a candidate can have.

        The hard filters and the lookup credits (languages, education, season)
        read these tables, both in the screening pass and in exact scoring.
        """
        index = self.candidate_index_
        unknown = float(self.unknown_credit)
        asked = F.language_mask(vacancy.languages, self.language_bits_)
        spoken = index.languages
        if not vacancy.languages:
            language_ok = np.ones(spoken.shape, dtype=bool)
        elif asked is None:
            # Nobody fitted speaks it: whoever declared their languages lacks it.
            language_ok = spoken == 0
            asked = 1
        else:
            language_ok = F.languages_ok(asked, spoken, spoken != 0)
        min_age = -1 if vacancy.min_age is None else vacancy.min_age
        min_education = -1 if vacancy.min_education is None else vacancy.min_education
        months = F.months_mask(vacancy.months)
        return _VacancyTables(
            language_ok=language_ok,
            age_ok=F.age_ok(min_age, _AGE_VALUES),
            months_ok=F.months_ok(months, _MONTH_MASKS),
            km_by_place=index.places.km_by_place(self._point(vacancy.district)),
            languages=S.languages_credit(asked or 0, spoken != 0, unknown),
            education=S.education_credit(min_education, _EDUCATION_VALUES, unknown),
            season=S.season_credit(months, _MONTH_MASKS, unknown),
        )

    def _candidate_filters(self, tables, rows):
        """Hard filters of a vacancy (its ``tables``) against the candidates at ``rows``."""
        index = self.candidate_index_
        valid = _all_ok(
            len(rows),
            (tables.language_ok, index.language_index[rows]),
            (tables.age_ok, index.age[rows]),
            (tables.months_ok, index.months[rows]),
        )
        km_by_place = tables.km_by_place
        if not np.isnan(km_by_place).all():
            valid &= ~(km_by_place[index.places.index[rows]] > index.travel_limit[rows])
        return valid

    def rank_candidates(self, vacancy, k=20, protect=None):
        """Return the best fitted candidates for a vacancy, best first.

        Candidates a hard filter excludes are never returned.

        Parameters
        ----------
        vacancy : Vacancy
            Need not be one of the fitted vacancies.
        k : int, default=20
            How many matches to return at most.
        protect : None
            Fair shortlists (FA*IR re-ranking for a protected group, e.g. "F")
            come with a later issue; only None, which changes nothing, is
            accepted now.

        Returns
        -------
        list of Match

        Examples
        --------
        >>> from matcher import Candidate, Vacancy, Matcher
        >>> matcher = Matcher(knowledge=False).fit(candidates=[
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
        self._check_protect(protect)
        return self._rank_candidates(vacancy, k)

    def _rank_candidates(self, vacancy, k, exhaustive=False):
        """filters -> credits -> relevance x reach -> top-k -> explain.

        A float32 screening pass over every candidate first keeps those whose
        exact score can reach the top ``k`` (:mod:`matcher.screening`); exact
        credits, reach and the tie rule then run on those only. ``exhaustive``
        skips the screen (every candidate scored exactly): the reference the
        tests hold the screened ranking to.
        """
        n = len(self.candidates_)
        if n == 0 or k == 0:
            return []
        tables = self._candidate_tables(vacancy)
        query = self._vacancy_query(vacancy)
        if exhaustive:
            rows = np.arange(n)
        else:
            rows = screening.shortlist(self._screen_candidates(vacancy, tables, query), k)
        valid = self._candidate_filters(tables, rows)
        credits, detail = self._credits_for_vacancy(tables, query, rows)
        index = self.candidate_index_
        top, varying, constant, reach, hours_by_place = self._score_top(
            credits, valid, k, len(rows), index, vacancy.district, tables.km_by_place,
            index.relocate[rows], vacancy.id, rows,
        )
        return self._explain_candidates(
            rows, top, vacancy, credits, varying, constant, reach, hours_by_place, query, detail
        )

    def _vacancy_query(self, vacancy):
        """What a vacancy's title, skills and text are close to: per fitted phrase,
        per skill column, and (text) one float32 cosine per candidate."""
        index = self.candidate_index_
        unknown = float(self.unknown_credit)
        query = _VacancyQuery()
        if vacancy.title:
            sims, kept = self._title_sims([vacancy.title])
            if kept:
                query.title_sims = sims[0]
        query.required = self._unique_skills(vacancy.required_skills)
        query.desired = self._unique_skills(vacancy.desired_skills)
        asked = list(dict.fromkeys(p for _, p in query.required + query.desired))
        query.weights, query.cols = self._skill_columns(asked)
        query.row_of = {phrase: row for row, phrase in enumerate(asked)}
        for factor, skills in (
            ("required_skills", query.required),
            ("desired_skills", query.desired),
            ("skills_used", asked),
        ):
            # A float when the same for everyone: not asked, or nobody holds it.
            if not skills:
                query.uniform[factor] = unknown
            elif query.cols is None:
                query.uniform[factor] = 0.0

        doc = self.words_.doc(self._vacancy_text(vacancy))
        query.has_text = bool(doc)
        query.text = self.words_.similarity(doc, index.text) if doc else unknown
        return query

    def _skill_weights(self, query, skills):
        """Closeness (skill columns x ``skills``) of the vacancy's ``skills``."""
        return query.weights[[query.row_of[p] for _, p in skills]].T

    def _screen_candidates(self, vacancy, tables, query):
        """Every candidate's score in float32 (NaN where a hard filter excludes).

        The same tables and products as exact scoring, summed in one float32
        accumulator: within :data:`matcher.screening.MARGIN` of the exact score.
        """
        index = self.candidate_index_
        weights = self.weights_
        f32 = np.float32
        n = len(self.candidates_)
        parts, constant = [], 0.0
        if query.title_sims is None:
            constant += (weights["experience"] + weights["wanted"]) * self.unknown_credit
        else:
            # Per distinct wording first (a few thousand), then per candidate.
            values = index.wordings.values(query.title_sims.astype(f32))
            parts.append((weights["experience"], index.done_wordings.best(values)))
            parts.append((weights["wanted"], index.wanted_wordings.best(values)))
        constant += sum(weights[f] * value for f, value in query.uniform.items())
        if query.cols is not None:
            parts.append((1.0, self._screen_skills(query)))
        if isinstance(query.text, float):
            constant += weights["text"] * query.text
        else:
            parts.append((weights["text"], query.text))

        language, age, education = index.person.values
        person = (
            weights["languages"] * np.asarray(tables.languages, dtype=float)[language]
            + weights["education"] * tables.education[education]
            + constant
        )
        ok = tables.language_ok[language] & tables.age_ok[age]
        score = np.where(ok, person, np.nan).astype(f32).take(index.person.key)
        season = np.where(tables.months_ok, weights["season"] * tables.season, np.nan)
        score += season.astype(f32).take(index.months)
        term = np.empty(n, dtype=f32)
        for weight, part in parts:
            np.multiply(part, f32(weight), out=term)
            score += term

        place, relocate, limit = index.whereabouts.values
        reach, _ = self._reach(index.places, vacancy.district, tables.km_by_place, relocate, place)
        reach = np.where(tables.km_by_place[place] > limit, np.nan, reach)
        score *= reach.astype(f32).take(index.whereabouts.key)
        return score

    def _screen_skills(self, query):
        """The three skill factors, weighted and summed, for every candidate (float32).

        Held and related skills are one matrix here (related ones weigh
        ``RELATED_CREDIT``), so each skill column is read once.
        """
        index = self.candidate_index_
        weights = self.weights_
        columns, shares = [], []
        for factor, skills in (
            ("required_skills", query.required),
            ("desired_skills", query.desired),
        ):
            if skills:
                columns.append(self._skill_weights(query, skills))
                shares.append(np.full(len(skills), weights[factor] / len(skills)))
        credit = index.skill_credit[:, query.cols] @ np.hstack(columns)
        np.minimum(credit, 1.0, out=credit)
        score = credit @ np.hstack(shares).astype(np.float32)
        relevance = np.minimum(query.weights.sum(axis=0), 1.0)
        used = index.skills[:, query.cols] @ relevance
        np.multiply(used, index.per_skill, out=used)
        score += np.float32(weights["skills_used"]) * used
        return score

    def _credits_for_vacancy(self, tables, query, rows):
        """Every factor's exact credit for the candidates at ``rows`` (a float when uniform)."""
        index = self.candidate_index_
        unknown = float(self.unknown_credit)
        credits = {
            "languages": S.lookup(tables.languages, index.language_index[rows]),
            "education": S.lookup(tables.education, index.education[rows]),
            "season": S.lookup(tables.season, index.months[rows]),
        }
        if query.title_sims is None:
            credits["experience"] = credits["wanted"] = unknown
        else:
            credits["experience"] = index.experience.best(query.title_sims, rows)
            credits["wanted"] = index.desired.best(query.title_sims, rows)
        credits.update(query.uniform)
        detail = _SkillDetail()
        if query.cols is not None:
            block = index.skill_rows[rows][:, query.cols]
            related = None
            if index.related_rows.nnz:
                related = index.related_rows[rows][:, query.cols]
            for factor, skills in (
                ("required_skills", query.required),
                ("desired_skills", query.desired),
            ):
                if not skills:
                    continue
                w = self._skill_weights(query, skills)
                # Capped at 1 only for the k explained: see _explain_candidates.
                cover = block @ w
                if related is None:
                    scored = np.minimum(cover, 1.0)
                else:
                    # Skills their work needs count partly (never in the sentences).
                    scored = related @ w
                    np.multiply(scored, S.RELATED_CREDIT, out=scored)
                    scored += cover
                    np.minimum(scored, 1.0, out=scored)
                # The share of skills covered. Summed by numpy, not BLAS: a BLAS
                # product's rounding can depend on how many rows it is given.
                credits[factor] = scored.mean(axis=1, dtype=float)
                detail.cover[factor] = cover
            # How many of each person's skills serve, for the sentences: every
            # column of the block is close to a skill asked for.
            detail.useful = block @ np.ones(block.shape[1], dtype=block.dtype)
            # Each of the person's skills counts by how close it is to any skill the
            # vacancy asks for (capped at 1), over how many skills they list.
            relevance = np.minimum(query.weights.sum(axis=0), 1.0)
            used = (block @ relevance).astype(float)
            credits["skills_used"] = used / np.maximum(index.n_skills[rows], 1)
        text = query.text
        credits["text"] = text if isinstance(text, float) else np.clip(
            text[rows].astype(float), 0.0, 1.0
        )
        return credits, detail

    def _explain_candidates(self, rows, top, vacancy, credits, varying, constant, reach,
                            hours_by_place, query, detail):
        """Matches for the candidates at ``rows[top]``; ``top`` indexes the credits."""
        index = self.candidate_index_
        title_sims = query.title_sims
        chosen = rows[top]
        useful = np.zeros(len(top), dtype=np.int64)
        if detail.useful is not None:
            useful = np.rint(detail.useful[top]).astype(np.int64)
        uniform = _uniform(vacancy.district)
        hours = hours_by_place[index.places.index[chosen]]
        matches = []
        for rank, (local, i) in enumerate(zip(top, chosen, strict=True)):
            candidate = self.candidates_[i]
            evidence = Evidence(
                hours=float(hours[rank]),
                vacancy_has_text=query.has_text,
                skills_used=(int(index.n_skills[i]), int(useful[rank])),
                uniform=uniform,
            )
            if title_sims is not None:
                evidence.experience, evidence.experience_sim = self._best(
                    candidate.titles,
                    [self._title_value(e.title, title_sims) for e in candidate.titles],
                    [S.experience_strength(e.months) for e in candidate.titles],
                )
                evidence.wanted, evidence.wanted_sim = self._best(
                    candidate.desired_titles,
                    [self._title_value(t, title_sims) for t in candidate.desired_titles],
                    [1.0] * len(candidate.desired_titles),
                )
            for factor, key in (("required_skills", "required"), ("desired_skills", "desired")):
                cover = detail.cover.get(factor)
                setattr(evidence, key, [
                    (wording, 0.0 if cover is None else min(float(cover[local, j]), 1.0))
                    for j, (wording, _) in enumerate(getattr(query, key))
                ])
            row = _row(credits, local)
            relevance = float(varying[local]) + constant
            pair_reach = reach if isinstance(reach, float) else float(reach[local])
            matches.append(self._match(row, relevance, pair_reach, candidate, vacancy, evidence))
        return matches

    def _title_value(self, text, sims):
        """Best weight x similarity of a fitted title's phrases, given ``sims`` per row."""
        return max((w * sims[row] for row, w in self.phrases_.rows(text)), default=0.0)

    def _skill_columns(self, phrases):
        """The fitted skill phrases close to ``phrases``, and how close.

        Returns ``(weights, cols)``: ``cols`` the fitted phrases close to at least
        one of ``phrases``, ``weights`` the dense cosines (phrases x those
        columns); ``(None, None)`` when none is. Rankings read only these
        columns of the candidates' skills, so the cost follows how many
        candidates hold such skills, not the size of the index.
        """
        if not phrases:
            return None, None
        sims = self.phrases_.similarities(phrases, self.skill_threshold)
        cols = np.unique(sims.indices)
        if cols.size == 0:
            return None, None
        return sims[:, cols].toarray(), cols

    @staticmethod
    def _check_protect(protect):
        if protect is not None:
            raise NotImplementedError(
                f"protect={protect!r}: fair shortlists (FA*IR re-ranking) come with a later "
                "issue; only protect=None is implemented"
            )

    # -- ranking vacancies for a candidate --------------------------------------------

    def _vacancy_filters(self, candidate):
        """Hard filters of one candidate against every fitted vacancy, and km per place."""
        index = self.vacancy_index_
        spoken = F.language_mask(
            (c for c in candidate.languages if c in self.language_bits_), self.language_bits_
        )
        language_ok = F.languages_ok(index.languages, spoken, bool(candidate.languages))
        age = -1 if candidate.age is None else candidate.age
        months = F.months_mask(candidate.available_months)
        places = index.places
        km_by_place = places.km_by_place(self._point(candidate.district))
        limit = candidate.max_travel_km
        if limit is None or candidate.willing_to_relocate:
            limit = np.inf
        ok = (
            language_ok[index.language_index]
            & F.age_ok(_AGE_VALUES, age)[index.min_age]
            & F.months_ok(_MONTH_MASKS, months)[index.months]
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
        >>> matcher = Matcher(knowledge=False).fit(vacancies=[
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
        valid, km_by_place = self._vacancy_filters(candidate)
        credits, detail = self._credits_for_candidate(candidate)
        top, varying, constant, reach, hours_by_place = self._score_top(
            credits, valid, k, m, self.vacancy_index_, candidate.district, km_by_place,
            candidate.willing_to_relocate, candidate.id,
        )
        return self._explain_vacancies(
            top, candidate, credits, varying, constant, reach, hours_by_place, detail
        )

    def _credits_for_candidate(self, candidate):
        """Every factor's credit for every fitted vacancy (a float when uniform)."""
        index = self.vacancy_index_
        unknown = float(self.unknown_credit)
        m = len(self.vacancies_)
        credits = {}
        credits["languages"] = S.lookup(
            S.languages_credit(index.languages, bool(candidate.languages), unknown),
            index.language_index,
        )
        education = -1 if candidate.education is None else candidate.education
        credits["education"] = S.lookup(
            S.education_credit(_EDUCATION_VALUES, education, unknown), index.min_education
        )
        months = F.months_mask(candidate.available_months)
        credits["season"] = S.lookup(
            S.season_credit(_MONTH_MASKS, months, unknown), index.months
        )
        size = self.phrases_.size
        experiences = [e for e in candidate.titles if self.phrases_.title(e.title)]
        done_sims, _ = self._title_sims([e.title for e in experiences])
        strengths = np.array([S.experience_strength(e.months) for e in experiences])
        wanted_sims, wanted = self._title_sims(candidate.desired_titles)
        for factor, sims, weight in (
            ("experience", done_sims, strengths),
            ("wanted", wanted_sims, None),
        ):
            best = np.zeros(size + 1)
            if len(sims):
                scaled = sims if weight is None else sims * weight[:, None]
                best = scaled.max(axis=0)
            # A vacancy's title stands for its own words and its occupation.
            credit = np.maximum(best[index.title_row], best[index.label_row] * index.label_weight)
            credits[factor] = np.where(index.title_row == size, unknown, credit)

        skill_sims = self._skill_sims(candidate.skills)
        n_skills = skill_sims.shape[0]
        summed = np.asarray(skill_sims.sum(axis=0), dtype=float).ravel()
        held = np.minimum(summed, 1.0)
        scored = held
        own = {p for _, p in self._unique_skills(candidate.skills)}
        related = [
            p for p in self.lexicon_.related_skills(e.title for e in candidate.titles)
            if p not in own
        ]
        if related and self.phrases_.size:
            # Skills their work needs count partly, as in rank_candidates.
            sims = self.phrases_.similarities(related, self.skill_threshold)
            extra = np.asarray(sims.sum(axis=0), dtype=float).ravel()
            scored = np.minimum(summed + S.RELATED_CREDIT * extra, 1.0)
        for factor, matrix, counts in (
            ("required_skills", index.required, index.n_required),
            ("desired_skills", index.desired, index.n_desired),
        ):
            share = (matrix @ scored) / np.maximum(counts, 1)
            credits[factor] = np.where(counts > 0, share, unknown)
        # The mirror of rank_candidates: each of the person's skills counts by how
        # close it is to any skill a vacancy asks for, capped at 1.
        used = np.zeros(m)
        useful = np.zeros(m, dtype=np.int32)
        for row in range(n_skills):
            span = slice(skill_sims.indptr[row], skill_sims.indptr[row + 1])
            cols = skill_sims.indices[span]
            if cols.size:
                closeness = index.asked[:, cols] @ skill_sims.data[span]
                used += np.minimum(closeness, 1.0)
                useful += closeness > 0
        asks = (index.n_required + index.n_desired) > 0
        credits["skills_used"] = np.where(asks, used / max(n_skills, 1), unknown)

        doc = self.words_.doc(candidate.text)
        text_sims = np.clip(self.words_.similarity(doc, index.text).astype(float), 0.0, 1.0)
        credits["text"] = np.where(index.has_text, text_sims, unknown)
        detail = {"done": (done_sims, experiences, strengths), "wanted": (wanted_sims, wanted),
                  "held": held, "n_skills": n_skills, "useful": useful}
        return credits, detail

    def _explain_vacancies(self, top, candidate, credits, varying, constant, reach,
                           hours_by_place, detail):
        index = self.vacancy_index_
        uniform = _uniform(candidate.district)
        hours = hours_by_place[index.places.index[top]]
        done_sims, experiences, strengths = detail["done"]
        wanted_sims, wanted = detail["wanted"]
        matches = []
        for rank, j in enumerate(top):
            vacancy = self.vacancies_[j]
            row = index.title_row[j]
            evidence = Evidence(
                hours=float(hours[rank]),
                vacancy_has_text=bool(index.has_text[j]),
                skills_used=(detail["n_skills"], int(detail["useful"][j])),
                uniform=uniform,
            )
            if row < self.phrases_.size:
                label, weight = index.label_row[j], index.label_weight[j]
                if experiences:
                    evidence.experience, evidence.experience_sim = self._best(
                        experiences,
                        np.maximum(done_sims[:, row], done_sims[:, label] * weight),
                        strengths,
                    )
                if wanted:
                    evidence.wanted, evidence.wanted_sim = self._best(
                        wanted,
                        np.maximum(wanted_sims[:, row], wanted_sims[:, label] * weight),
                        [1.0] * len(wanted),
                    )
            for key, wordings in (
                ("required", vacancy.required_skills),
                ("desired", vacancy.desired_skills),
            ):
                setattr(evidence, key, [
                    (w, float(detail["held"][self.phrases_.index[p]]))
                    for w, p in self._unique_skills(wordings)
                ])
            pair_reach = reach if isinstance(reach, float) else float(reach[j])
            relevance = float(varying[j]) + constant
            matches.append(
                self._match(_row(credits, j), relevance, pair_reach, candidate, vacancy, evidence)
            )
        return matches

    # -- what to learn next -----------------------------------------------------------

    def skill_gaps(self, candidate, k=3, max_km=None):
        """Return the skills that would open the most vacancies to a candidate.

        Only fitted vacancies that pass the candidate's hard filters (languages,
        age, months, daily travel) count, and only those within ``max_km`` when it
        is given. A skill *opens* a vacancy when it is the only required skill
        the candidate is missing for it. A skill the candidate holds, including
        one certified by a completed course (passed in ``skills``), is never a
        gap. Skills are ordered by vacancies opened, then by vacancies that list
        them among several missing skills, then alphabetically.

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
        >>> matcher = Matcher(knowledge=False, trainings=trainings).fit(vacancies=vacancies)
        >>> gap = matcher.skill_gaps(Candidate(id=3, skills=["técnicas de venta"]))[0]
        >>> gap.skill, gap.vacancies_opened, gap.trainings
        ('manejo de caja', 2, ('Caja y cobranza (CDE Urcos)',))
        >>> matcher.skill_gaps(Candidate(id=3, skills=["técnicas de venta", "manejo de caja"]))
        []
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
            reachable &= ~(km_by_place > max_km)[index.places.index]
        lacking = (self._held_credit(candidate.skills) <= 0).astype(np.float32)
        missing = (index.required[np.flatnonzero(reachable)] @ sp.diags(lacking)).tocsr()
        missing.eliminate_zeros()
        needing = np.asarray(missing.sum(axis=0)).ravel()
        sole = missing[np.flatnonzero(np.diff(missing.indptr) == 1)]
        opened = np.asarray(sole.sum(axis=0)).ravel()
        wording = index.skill_wording
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
