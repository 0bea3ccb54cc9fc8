"""How a match is scored: the factors, their prior weights and one credit rule each.

A score is **relevance times reach**::

    relevance = sum(weight[f] * credit[f] for f in FACTORS)      # in [0, 1]
    score     = relevance * reach                                 # reach in [0, 1]

Each credit rule below takes the job side and the person side as numpy arrays
or scalars that broadcast against each other, so the same function scores
candidates for a vacancy (the person side is a table over every value a
candidate can have) and vacancies for a candidate (the other way round).

=================  ======  ====================================================
factor             weight  credit
=================  ======  ====================================================
experience         0.30    best title the person has DONE: its similarity to the
                           vacancy title (occupation recognised, synonyms, char
                           n-grams; the title model when knowledge is loaded)
                           times :func:`experience_strength` of its months
wanted             0.10    best title the person WANTS: its similarity, with no
                           months (wanting is weaker evidence than having done:
                           0.10 < 0.30 x 0.55)
required_skills    0.20    share of the vacancy's required skills the person
                           holds (a close wording counts partly)
desired_skills     0.06    the same for desired skills
skills_used        0.08    share of the person's skills the vacancy asks for
text               0.08    word TF-IDF cosine of the descriptions
languages          0.06    1 when the person speaks every language asked
education          0.06    1 at the minimum level or above, 0.25 one level short
season             0.06    share of the job's months the person can work
=================  ======  ====================================================

Unknown values get ``unknown_credit`` (0.5); a requirement the vacancy does not
state is met by everyone (1.0); a title, skill or description the person did
not give is no evidence (0). Sex is never scored; age only applies the minimum.
"""

import math
from dataclasses import dataclass

import numpy as np

from . import features as F
from .features import months_overlap

DEFAULT_WEIGHTS = {
    "experience": 0.30,
    "wanted": 0.10,
    "required_skills": 0.20,
    "desired_skills": 0.06,
    "skills_used": 0.08,
    "text": 0.08,
    "languages": 0.06,
    "education": 0.06,
    "season": 0.06,
}

#: The relevance factors, in the order of :data:`DEFAULT_WEIGHTS`.
FACTORS = tuple(DEFAULT_WEIGHTS)

#: Credit of a required or desired skill the person does not list but the
#: occupation of their work needs (ESCO's essential skills), times its closeness.
RELATED_CREDIT = 0.5

#: Strength of a title with no months said, and how fast months saturate.
BASE_STRENGTH = 0.55
MONTHS_SCALE = 12.0


def experience_strength(months):
    """How much having done a job counts, by months: 0.55 at none, towards 1.

    Saturating: three years count nearly fully, two months a little more than
    not saying. Unknown months count as none, so saying how long never lowers
    a score.

    Examples
    --------
    >>> [round(experience_strength(m), 2) for m in (None, 0, 2, 12, 36)]
    [0.55, 0.55, 0.62, 0.83, 0.98]
    """
    months = 0 if months is None else months
    return BASE_STRENGTH + (1 - BASE_STRENGTH) * (1 - math.exp(-months / MONTHS_SCALE))


def languages_credit(required, spoken_known, unknown):
    """1 when no language is required or the person's languages are known.

    (Known but lacking a required language is a hard filter, never scored.)
    """
    required = np.asarray(required, dtype=np.uint64)
    return np.where((required != 0) & ~np.asarray(spoken_known), unknown, 1.0)


def education_credit(min_level, level, unknown):
    """1 if the level meets the minimum, 0.25 if one level short, else 0.

    No minimum (-1) gives 1; an unknown level (-1) against a minimum gives
    ``unknown``.
    """
    min_level, level = np.asarray(min_level), np.asarray(level)
    gap = min_level - level
    credit = np.where(gap <= 0, 1.0, np.where(gap == 1, 0.25, 0.0))
    credit = np.where(level < 0, unknown, credit)
    return np.where(min_level < 0, 1.0, credit)


def season_credit(job_months, person_months, unknown):
    """Share of the job's months (12-bit masks) the person can work; 1 if none named."""
    common, total = months_overlap(job_months, person_months)
    share = common / np.maximum(total, 1)
    credit = np.where(np.asarray(person_months) == 0, unknown, share)
    return np.where(total == 0, 1.0, credit)


def reach_credit(hours, relocate, half_hours, relocate_reach, unknown):
    """Reach in [0, 1]: 1 / (1 + (hours / half_hours)^2), at least ``relocate_reach``
    for someone willing to move, ``unknown`` where hours are NaN."""
    hours = np.asarray(hours, dtype=float)
    known = ~np.isnan(hours)
    value = 1.0 / (1.0 + (np.where(known, hours, 0.0) / half_hours) ** 2)
    value = np.where(np.asarray(relocate), np.maximum(value, relocate_reach), value)
    return np.where(known, value, unknown)


def lookup(table, index):
    """``table[index]``, or one float when every entry of the table is the same.

    A uniform factor (a vacancy that asks for no language) then costs nothing
    per profile and is recognised as "the same for everyone".
    """
    table = np.asarray(table, dtype=float)
    if table.size and table.min() == table.max():
        return float(table.flat[0])
    if np.ndim(index) == 0:
        return float(table[index])
    return table[index]


def combine(weights, credits, n):
    """Weighted sum of the factor credits: ``(varying, constant)``.

    A factor with the same credit for everyone is a plain float: it cannot
    change the order, so it is added once, as ``constant``.
    """
    score = np.zeros(n)
    part = np.empty(n)
    constant = 0.0
    for factor, weight in weights.items():
        credit = credits[factor]
        if isinstance(credit, float):
            constant += weight * credit
        else:
            np.multiply(credit, weight, out=part)
            score += part
    return score, constant


def top_k(score, valid, k, tie_keys):
    """Indices of the k best valid scores, best first, ties by ``tie_keys(pool)``."""
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


@dataclass(frozen=True)
class Settings:
    """The checked numbers a fitted matcher scores with (see :class:`matcher.Matcher`)."""

    weights: dict  # factor -> weight, normalised, in factor order
    unknown_credit: float
    skill_threshold: float
    half_hours: float
    relocate_reach: float
    unknown_reach: float


def reach(settings, places, code, km_by_place, relocate, place):
    """Reach from district ``code`` to each of ``place`` (slots of ``places``).

    ``relocate`` is one flag or one per place. Returns ``(reach, hours_by_place)``;
    reach is a float when it is the same for everyone (an unknown district).
    """
    hours_by_place = places.hours_by_place(code, km_by_place)
    args = (settings.half_hours, settings.relocate_reach, settings.unknown_reach)
    if np.all(np.isnan(hours_by_place)):
        return float(settings.unknown_reach), hours_by_place
    if np.ndim(relocate) == 0:
        return reach_credit(hours_by_place, bool(relocate), *args)[place], hours_by_place
    plain = reach_credit(hours_by_place, False, *args)
    moving = reach_credit(hours_by_place, True, *args)
    return np.where(relocate, moving[place], plain[place]), hours_by_place


@dataclass(frozen=True)
class Scored:
    """The k best of one ranking, and what their reasons need."""

    top: np.ndarray  # positions in the credits, best first
    varying: np.ndarray  # weighted sum of the factors that differ, per position
    constant: float  # weighted sum of the factors that are the same for everyone
    reach: object  # per position, or one float
    hours_by_place: np.ndarray  # travel hours from the query's district, per place


def score_top(settings, credits, valid, k, index, rows, district, km_by_place, relocate,
              query_id):
    """Relevance times reach, then the top ``k``: the part both directions share.

    The credits are for the profiles of ``index`` (a CandidateIndex or
    VacancyIndex) at positions ``rows``, or for all of them when ``rows`` is
    None. Ties break by a hash of the pair, not by order.
    """
    place = index.places.index if rows is None else index.places.index[rows]
    hashes = index.hash if rows is None else index.hash[rows]
    varying, constant = combine(settings.weights, credits, len(place))
    pair_reach, hours_by_place = reach(
        settings, index.places, district, km_by_place, relocate, place
    )
    score = (varying + constant) * pair_reach
    query_hash = F.stable_hash(query_id)
    top = top_k(score, valid, k, lambda pool: F.pair_tie_keys(query_hash, hashes[pool]))
    return Scored(top, varying, constant, pair_reach, hours_by_place)
