"""The matching estimator: fit an index of profiles, then rank and explain.

A ranking is a short composition, the same in both directions::

    filters -> credits -> relevance x reach -> top-k -> explain

* **filters** (:mod:`matcher.credits`): a known incompatibility excludes a
  pair, an unknown value never does: a required language the person
  (languages known) does not speak; an age below the minimum; month sets with
  no month in common; a workplace farther (straight line between district
  centroids) than the person's own daily ``max_travel_km`` when they will not
  relocate.
* **credits** (:mod:`matcher.credits`): every factor's credit for every
  profile, by the one rule per factor in :mod:`matcher.scoring`.
* **relevance x reach** and **top-k** (:func:`matcher.scoring.score_top`):
  relevance is the weighted credits in [0, 1]; reach is 1 in the same
  district, lower with travel hours (:mod:`matcher.geo`), neutral for an
  unknown district. Ties are ordered by a 64-bit hash of the pair (vacancy id,
  candidate id): the same in every run, yet neither registration nor id order,
  and changing from one query to the next, so nobody is systematically first.
* **explain** (:mod:`matcher.evidence`, :mod:`matcher.explain`) only for the
  k returned.

Ranking candidates first **screens** every one of them in float32
(:mod:`matcher.screening`: the same tables and products summed in one pass)
and runs the exact steps above only on those whose score can reach the top k;
the result is the same as scoring everyone exactly (tested).

What :meth:`Matcher.fit` builds is an :class:`matcher.index.Index`
(:func:`matcher.index.build`).
"""

import math
import numbers
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from . import credits as C
from . import features as F
from . import scoring as S
from . import screening
from .evidence import explain_candidates, explain_vacancies
from .geo import TravelTable, default_legs
from .index import build as build_index
from .lexicon import Lexicon
from .profiles import Candidate, Outcome, SkillGap, Vacancy
from .reference import DISTRICTS, SYNONYM_GROUPS

DEFAULT_WEIGHTS = S.DEFAULT_WEIGHTS
FACTORS = S.FACTORS


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
    index_ : matcher.index.Index
        The fitted phrase and text spaces and both sides' arrays.
    settings_ : matcher.scoring.Settings
        The checked numbers rankings score with.

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
        index = build_index(candidates, vacancies, lexicon, synonyms, districts, travel)
        self.index_ = index
        self.settings_ = S.Settings(
            weights=weights,
            unknown_credit=float(self.unknown_credit),
            skill_threshold=float(self.skill_threshold),
            half_hours=float(self.half_hours),
            relocate_reach=float(self.relocate_reach),
            unknown_reach=float(self.unknown_reach),
        )
        self.candidates_ = candidates
        self.vacancies_ = vacancies
        self.outcomes_ = outcomes
        self.weights_ = weights
        self.districts_ = districts
        self.travel_ = travel
        self.lexicon_ = lexicon
        self.trainings_ = self._canonical_trainings(index.phrases)
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

    # -- shared pieces ----------------------------------------------------------------

    @staticmethod
    def _check_k(k):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ValueError(f"k must be a whole number >= 0, got {k!r}")
        return int(k)

    @staticmethod
    def _check_protect(protect):
        if protect is not None:
            raise NotImplementedError(
                f"protect={protect!r}: fair shortlists (FA*IR re-ranking) come with a later "
                "issue; only protect=None is implemented"
            )

    # -- ranking candidates for a vacancy ---------------------------------------------

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
        index, settings = self.index_, self.settings_
        tables = C.candidate_tables(index, settings, vacancy)
        query = C.vacancy_query(index, settings, vacancy)
        if exhaustive:
            rows = np.arange(n)
        else:
            screened = screening.screen_candidates(index, settings, vacancy, tables, query)
            rows = screening.shortlist(screened, k)
        valid = C.candidate_filters(index, tables, rows)
        credits, detail = C.credits_for_vacancy(index, settings, tables, query, rows)
        scored = S.score_top(
            settings, credits, valid, k, index.candidates, rows, vacancy.district,
            tables.km_by_place, index.candidates.relocate[rows], vacancy.id,
        )
        return explain_candidates(
            index, settings, self.candidates_, vacancy, rows, credits, scored, query, detail
        )

    # -- ranking vacancies for a candidate --------------------------------------------

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
        index, settings = self.index_, self.settings_
        valid, km_by_place = C.vacancy_filters(index, candidate)
        credits, detail = C.credits_for_candidate(index, settings, candidate)
        scored = S.score_top(
            settings, credits, valid, k, index.vacancies, None, candidate.district, km_by_place,
            candidate.willing_to_relocate, candidate.id,
        )
        return explain_vacancies(
            index, settings, self.vacancies_, candidate, credits, scored, detail
        )

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
        index = self.index_.vacancies
        if not self.vacancies_ or k == 0:
            return []
        reachable, km_by_place = C.vacancy_filters(self.index_, candidate)
        if max_km is not None:
            reachable &= ~(km_by_place > max_km)[index.places.index]
        held = C.held_credit(self.index_, self.settings_, candidate.skills)
        lacking = (held <= 0).astype(np.float32)
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
                trainings=self.trainings_.get(self.index_.phrases.phrases[c], ()),
                vacancies_needing=int(needing[c]),
            )
            for c in cols[:k]
        ]
