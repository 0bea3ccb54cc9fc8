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
* ``titles`` is work the person has DONE: each item a string or an
  :class:`Experience` (a string becomes ``Experience(title)``).
  ``desired_titles`` is work the person WANTS, plain strings.
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
MAX_MONTHS = 12 * 100


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

KINDS = ("formal", "informal", "self_employed", "family", "community")


@dataclass(frozen=True, slots=True)
class Experience:
    """Work a person has done: a title in their own words, how long, and how.

    Parameters
    ----------
    title : str
        What the person did, a job title or free text ("mesera", "cociné para
        la faena comunal", "ayudé en la chacra de mi familia").
    months : int or None
        How many months in all; None when not said (counts as the least).
    kind : str or None
        One of ``formal``, ``informal``, ``self_employed``, ``family``,
        ``community``; None when not said. Every kind counts as experience; the
        kind is named in the reasons ("en faenas comunales").

    Examples
    --------
    >>> Experience("Mesera", months=6, kind="informal")
    Experience(title='Mesera', months=6, kind='informal')
    >>> Experience("mesera", kind="paid")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: kind must be one of formal, informal, self_employed, family, community or None...
    """

    title: str
    months: int | None = None
    kind: str | None = None

    def __post_init__(self):
        title = _text(self.title, "title")
        object.__setattr__(self, "title", " ".join(title.split()))
        object.__setattr__(self, "months", _count(self.months, "months", MAX_MONTHS))
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(
                f"kind must be one of {', '.join(KINDS)} or None, got {self.kind!r}"
            )


def _experiences(value):
    if value is None:
        return ()
    if isinstance(value, (str, Experience)):
        value = (value,)
    try:
        items = list(value)
    except TypeError:
        raise ValueError(
            f"titles must be strings or Experience objects, got {value!r}"
        ) from None
    out = []
    for item in items:
        if isinstance(item, str):
            item = Experience(item)
        elif not isinstance(item, Experience):
            raise ValueError(f"titles must contain strings or Experience objects, got {item!r}")
        if normalize_text(item.title) and item not in out:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A young job seeker's profile, as the matcher sees it.

    Parameters
    ----------
    id : hashable
        Whatever identifies the profile for the caller (a database key).
    titles : iterable of str or Experience
        Work the person has DONE, in their own words, including informal and
        unpaid work ("mesera", ``Experience("ayudo en la chacra", 24, "family")``).
    desired_titles : iterable of str
        Work the person WANTS to do: weaker evidence than having done it, and
        never described as experience.
    skills : iterable of str
        Skills as free text or taxonomy codes ("atención al cliente", "SK-COC-001"),
        including those certified by a completed course.
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
        "F", "M" or anything else. Kept for programme statistics and fairness
        audits, and to make the reasons' sentences agree in gender; never
        used to score.
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
    >>> Candidate(id=1, titles=["mozo", Experience("cocinera", months=24)]).titles[0]
    Experience(title='mozo', months=None, kind=None)
    >>> Candidate(id=2, available_months=[13])
    Traceback (most recent call last):
    ...
    ValueError: available_months must contain month numbers 1-12, got 13
    """

    id: object
    titles: tuple = ()
    desired_titles: tuple = ()
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
            "titles": _experiences(self.titles),
            "desired_titles": _strings(self.desired_titles, "desired_titles"),
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
    """One factor's share of a match score, with a short sentence about the person.

    Attributes
    ----------
    factor : str
        A relevance factor (see :data:`matcher.FACTORS`) or ``"reach"``.
    contribution : float
        For a relevance factor, its weight times its credit (>= 0); for
        ``"reach"``, minus what distance took away from the relevance
        (<= 0). The contributions of a match add up exactly to its score.
    text : str
        Third-person Spanish sentence ("Trabajó 2 años como cocinera en faenas
        comunales"); empty when there is nothing worth saying, for instance a
        factor that is the same for every profile ranked.
    text_en : str
        The same sentence in English.
    text_you : str
        The same sentence said to the person herself, in Spanish as tú, agreeing
        in gender ("Trabajaste 2 años como cocinera en faenas comunales",
        "Vives a 5 horas de viaje y estás dispuesta a mudarte"); for the pages a
        young person reads about her own matches.
    text_you_en : str
        The second-person sentence in English ("You live 5 hours away").
    """

    factor: str
    contribution: float
    text: str
    text_en: str = ""
    text_you: str = ""
    text_you_en: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate-vacancy pair returned by a ranking, best first.

    Attributes
    ----------
    candidate_id, vacancy_id : hashable
        The ids of the pair.
    score : float
        In [0, 1]: relevance times reach, equal to the sum of the reasons'
        contributions.
    reasons : tuple of Reason
        Every factor's contribution, strongest (largest absolute value) first.
    missing_skills : tuple of str
        Required skills of the vacancy the candidate does not show, in the
        vacancy's own wording.
    relevance : float
        How well the person fits the job, in [0, 1], before reach.
    reach : float
        In [0, 1]: 1 in the same district, lower with travel time.
    """

    candidate_id: object
    vacancy_id: object
    score: float
    reasons: tuple
    missing_skills: tuple
    relevance: float = 0.0
    reach: float = 1.0

    def top_reasons(self, n=4):
        """The reasons worth showing: the strongest, then the gap.

        Up to ``n - 1`` reasons that add to the score, strongest first, then
        the biggest gap: what distance took away, or else the missing required
        skills, or else where the person lives. Reasons without a sentence are
        never returned.

        Examples
        --------
        >>> m = Match(1, 2, 0.3, (Reason("experience", 0.3, "Trabajó como mozo"),
        ...                       Reason("reach", 0.0, "Vive en el mismo distrito")), ())
        >>> [r.text for r in m.top_reasons(4)]
        ['Trabajó como mozo', 'Vive en el mismo distrito']
        """
        if n <= 0:
            return []
        said = [r for r in self.reasons if r.text]
        positive = sorted(
            (r for r in said if r.contribution > 0 and r.factor != "reach"),
            key=lambda r: -r.contribution,
        )
        gaps = sorted((r for r in said if r.contribution < 0), key=lambda r: r.contribution)
        if not gaps and self.missing_skills:
            gaps = [r for r in said if r.factor == "required_skills"]
        if not gaps:
            gaps = [r for r in said if r.factor == "reach"]
        gap = gaps[:1]
        shown = [r for r in positive if r not in gap][: n - len(gap)]
        return shown + gap


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a counselor or employer decided about a pair, for learning (next).

    Parameters
    ----------
    vacancy_id, candidate_id : hashable
    positive : bool
        True when hired or interviewed; False when refused, not hired or excluded.

    Examples
    --------
    >>> Outcome(vacancy_id=7, candidate_id=1, positive=True)
    Outcome(vacancy_id=7, candidate_id=1, positive=True)
    """

    vacancy_id: object
    candidate_id: object
    positive: bool = False

    def __post_init__(self):
        _check_id(self.vacancy_id, "outcome's vacancy")
        _check_id(self.candidate_id, "outcome's candidate")
        object.__setattr__(self, "positive", _flag(self.positive, "positive"))


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
