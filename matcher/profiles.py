"""Plain data the matcher reads and returns: profiles, matches and their reasons.

Profiles are frozen dataclasses validated on construction, so a malformed
profile fails loudly where it is built, with the field named in the message,
instead of deep inside a ranking.

Input rules
-----------
* Text collections (``titles``, ``skills``, ``languages``, ``required_skills``,
  ``desired_skills``) accept any iterable of strings and are stored as tuples
  (languages as a frozenset of ISO 639-3 codes). A bare string is taken as ONE
  item: ``titles="mesera"`` means ``("mesera",)``, never one title per letter.
  Blank items (or items of punctuation only) are dropped and exact repeats
  removed, order kept.
* Months are integers 1-12 and are stored as a frozenset; empty means
  "not said".
* ``None`` means unknown for every scalar field. Unknown values never exclude
  anyone from a ranking.
* Anything else (a month 13, a negative age or travel range, a number where a
  string is expected) raises ``ValueError``.
"""

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from .reference import LANGUAGE_ALIASES
from .text import normalize_text

MAX_AGE = 120
MAX_EDUCATION = 20


def _strings(value, name):
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    try:
        items = list(value)
    except TypeError:
        raise ValueError(
            f"{name} must be a string or a collection of strings, got {value!r}"
        ) from None
    out = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{name} must contain only strings, got {item!r}")
        item = " ".join(item.split())
        if normalize_text(item) and item not in out:
            out.append(item)
    return tuple(out)


def _text(value, name):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, got {value!r}")
    return value.strip()


def _title(value):
    title = _text(value, "title")
    return title if normalize_text(title) else ""


def _languages(value, name):
    codes = []
    for item in _strings(value, name):
        code = item.casefold()
        codes.append(LANGUAGE_ALIASES.get(code, code))
    return frozenset(codes)


def _months(value, name):
    if value is None:
        return frozenset()
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ValueError(f"{name} must be a collection of month numbers 1-12, got {value!r}")
    months = set()
    for month in value:
        if isinstance(month, bool) or not isinstance(month, numbers.Integral):
            raise ValueError(f"{name} must contain month numbers 1-12, got {month!r}")
        if not 1 <= month <= 12:
            raise ValueError(f"{name} must contain month numbers 1-12, got {month!r}")
        months.add(int(month))
    return frozenset(months)


def _count(value, name, upper):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number or None, got {value!r}")
    if not 0 <= value <= upper:
        raise ValueError(f"{name} must be between 0 and {upper}, got {value!r}")
    return int(value)


def _distance(value, name):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
        raise ValueError(f"{name} must be a number of km or None, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return float(value)


def _district(value, name):
    if value is None:
        return None
    if not isinstance(value, str):
        # An integer ubigeo has lost its leading zero (10401 for "010401").
        raise ValueError(f"{name} must be a ubigeo string such as '081210', got {value!r}")
    return value.strip() or None


def _flag(value, name):
    if value is None:
        return False
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_id(value, kind):
    if value is None:
        raise ValueError(f"a {kind} needs an id")
    try:
        hash(value)
    except TypeError:
        raise ValueError(f"a {kind} id must be hashable, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A young job seeker's profile, as the matcher sees it.

    Parameters
    ----------
    id : hashable
        Whatever identifies the profile for the caller (a database key).
    titles : iterable of str
        Occupations the person has done or wants, in their own words, including
        informal and unpaid work ("mesera", "ayudo en la chacra").
    skills : iterable of str
        Skills as free text or taxonomy codes ("atención al cliente", "SK-COC-001").
    text : str
        Free description.
    district : str or None
        INEI ubigeo of where the person lives.
    languages : iterable of str
        ISO 639-3 codes (spa, que, agr, hub); empty means unknown.
    education : int or None
        Ordinal education level, higher is more.
    age : int or None
        Age in years.
    sex : str or None
        Kept for programme statistics and fairness audits; never used to score.
    available_months : iterable of int
        Months 1-12 the person can work; empty means not said.
    max_travel_km : float or None
        How far the person can travel to work every day.
    willing_to_relocate : bool
        Whether the person would move for a job (then distance never excludes).

    Examples
    --------
    >>> Candidate(id=1, titles="Mesera", languages=["spa", "Quechua"]).languages == {"spa", "que"}
    True
    >>> Candidate(id=2, available_months=[13])
    Traceback (most recent call last):
    ...
    ValueError: available_months must contain month numbers 1-12, got 13
    """

    id: object
    titles: tuple = ()
    skills: tuple = ()
    text: str = ""
    district: str | None = None
    languages: frozenset = field(default_factory=frozenset)
    education: int | None = None
    age: int | None = None
    sex: str | None = None
    available_months: frozenset = field(default_factory=frozenset)
    max_travel_km: float | None = None
    willing_to_relocate: bool = False

    def __post_init__(self):
        _check_id(self.id, "candidate")
        normalised = {
            "titles": _strings(self.titles, "titles"),
            "skills": _strings(self.skills, "skills"),
            "text": _text(self.text, "text"),
            "district": _district(self.district, "district"),
            "languages": _languages(self.languages, "languages"),
            "education": _count(self.education, "education", MAX_EDUCATION),
            "age": _count(self.age, "age", MAX_AGE),
            "sex": None if self.sex is None else _text(self.sex, "sex"),
            "available_months": _months(self.available_months, "available_months"),
            "max_travel_km": _distance(self.max_travel_km, "max_travel_km"),
            "willing_to_relocate": _flag(self.willing_to_relocate, "willing_to_relocate"),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Vacancy:
    """A job offer, as the matcher sees it.

    Parameters
    ----------
    id : hashable
        Whatever identifies the vacancy for the caller.
    title : str
        Job title in plain Spanish ("mesera", "guía de turismo").
    required_skills, desired_skills : iterable of str
        Skills as free text or taxonomy codes. Missing required skills weigh
        more than missing desired ones and are listed in every match.
    text : str
        Free description.
    district : str or None
        INEI ubigeo of the workplace.
    languages : iterable of str
        ISO 639-3 codes the job requires (all of them).
    min_education : int or None
        Minimum ordinal education level; a soft requirement.
    min_age : int or None
        Minimum legal or required age; a hard requirement when the candidate's
        age is known.
    months : iterable of int
        Months 1-12 of the job; empty means not said.

    Examples
    --------
    >>> Vacancy(id=7, title="Mozo", required_skills="manejo de caja").required_skills
    ('manejo de caja',)
    """

    id: object
    title: str = ""
    required_skills: tuple = ()
    desired_skills: tuple = ()
    text: str = ""
    district: str | None = None
    languages: frozenset = field(default_factory=frozenset)
    min_education: int | None = None
    min_age: int | None = None
    months: frozenset = field(default_factory=frozenset)

    def __post_init__(self):
        _check_id(self.id, "vacancy")
        normalised = {
            "title": _title(self.title),
            "required_skills": _strings(self.required_skills, "required_skills"),
            "desired_skills": _strings(self.desired_skills, "desired_skills"),
            "text": _text(self.text, "text"),
            "district": _district(self.district, "district"),
            "languages": _languages(self.languages, "languages"),
            "min_education": _count(self.min_education, "min_education", MAX_EDUCATION),
            "min_age": _count(self.min_age, "min_age", MAX_AGE),
            "months": _months(self.months, "months"),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Reason:
    """One factor's share of a match score, with a short Spanish sentence.

    ``contribution`` is the factor's weight times its credit in [0, 1]; the
    contributions of a match add up to its score.
    """

    factor: str
    contribution: float
    text: str


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate-vacancy pair returned by a ranking, best first.

    Attributes
    ----------
    candidate_id, vacancy_id : hashable
        The ids of the pair.
    score : float
        In [0, 1]; equal to the sum of the reasons' contributions.
    reasons : tuple of Reason
        One per scoring factor, in a fixed order.
    missing_skills : tuple of str
        Required skills of the vacancy the candidate does not show, in the
        vacancy's own wording.
    """

    candidate_id: object
    vacancy_id: object
    score: float
    reasons: tuple
    missing_skills: tuple


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A skill worth learning, as returned by :meth:`Matcher.skill_gaps`.

    Attributes
    ----------
    skill : str
        The skill, in the wording most vacancies use.
    vacancies_opened : int
        Vacancies within reach where this is the only required skill missing.
    trainings : tuple of str
        Trainings that teach it, from the ``trainings`` table given to the matcher.
    vacancies_needing : int
        Vacancies within reach that list it among the missing required skills
        (with or without other gaps); breaks ties between equal ``vacancies_opened``.
    """

    skill: str
    vacancies_opened: int
    trainings: tuple
    vacancies_needing: int = 0
