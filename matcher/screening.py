"""Which candidates can be in the top k: a float32 screen, then exact scoring of a few.

Scoring every candidate exactly (float64 credits, one pass per factor, reach,
the tie rule) costs many passes over the whole index. The screen sums the same
credits in one float32 accumulator instead; float32 rounds each of its couple
dozen operations on values in [0, 1] by at most 2**-24, so the screen is within
:data:`MARGIN` of the exact score. If ``t`` is the k-th best screened score,
at least k candidates score at least ``t - MARGIN`` exactly, so the k-th best
exact score is at least that; a candidate in the exact top k (or tied with its
last) therefore screens at least ``t - 2 * MARGIN``. Those, usually a few
dozen, are scored exactly, and the ranking is the same as scoring everyone
(``tests/matcher/test_matcher_screening.py`` holds it to that).
"""

import numpy as np

from . import scoring as S

#: Bound on |screened score - exact score|: far above float32 rounding (about
#: 30 operations x 2**-24 on values at most 1), far below real score gaps.
MARGIN = 1e-5


#: One screened score in this many is sampled to find a floor for the k-th best.
STRIDE = 16


def _kth_best(values, k):
    """The k-th largest of ``values`` (no NaN, at least k of them)."""
    return np.partition(values, values.size - k)[values.size - k]


def shortlist(score, k, margin=MARGIN):
    """Rows whose exact score may be among the ``k`` best, in increasing order.

    ``score`` is the screened float32 score, NaN where a hard filter excludes.

    Examples
    --------
    >>> score = np.array([0.5, np.nan, 0.9, 0.899999, 0.1], dtype=np.float32)
    >>> shortlist(score, 1).tolist()
    [2, 3]
    >>> shortlist(score, 9).tolist()
    [0, 2, 3, 4]
    """
    # The k-th best of any k valid scores is a floor for the k-th best of all:
    # a strided sample gives one cheaply, and keeps a few hundred rows, not all.
    sample = score[::STRIDE]
    sample = sample[sample == sample]
    if sample.size >= k:
        rows = np.flatnonzero(score >= _kth_best(sample, k) - 2 * margin)
    else:
        rows = np.flatnonzero(score == score)
    if rows.size <= k:
        return rows
    kept = score[rows]
    return rows[kept >= _kth_best(kept, k) - 2 * margin]


def screen_candidates(index, settings, vacancy, tables, query):
    """Every candidate's score in float32 (NaN where a hard filter excludes).

    The same tables (:func:`matcher.credits.candidate_tables`) and products as
    exact scoring, summed in one float32 accumulator: within :data:`MARGIN`
    of the exact score.
    """
    people = index.candidates
    weights = settings.weights
    f32 = np.float32
    n = len(people.hash)
    parts, constant = [], 0.0
    if query.title_sims is None:
        constant += (weights["experience"] + weights["wanted"]) * settings.unknown_credit
    else:
        # Per distinct wording first (a few thousand), then per candidate.
        values = people.wordings.values(query.title_sims.astype(f32))
        parts.append((weights["experience"], people.done_wordings.best(values)))
        parts.append((weights["wanted"], people.wanted_wordings.best(values)))
    constant += sum(weights[f] * value for f, value in query.uniform.items())
    if query.cols is not None:
        parts.append((1.0, _screen_skills(people, weights, query)))
    if isinstance(query.text, float):
        constant += weights["text"] * query.text
    else:
        parts.append((weights["text"], query.text))

    language, age, education = people.person.values
    person = (
        weights["languages"] * np.asarray(tables.languages, dtype=float)[language]
        + weights["education"] * tables.education[education]
        + constant
    )
    ok = tables.language_ok[language] & tables.age_ok[age]
    score = np.where(ok, person, np.nan).astype(f32).take(people.person.key)
    season = np.where(tables.months_ok, weights["season"] * tables.season, np.nan)
    score += season.astype(f32).take(people.months)
    term = np.empty(n, dtype=f32)
    for weight, part in parts:
        np.multiply(part, f32(weight), out=term)
        score += term

    place, relocate, limit = people.whereabouts.values
    reach, _ = S.reach(
        settings, people.places, vacancy.district, tables.km_by_place, relocate, place
    )
    reach = np.where(tables.km_by_place[place] > limit, np.nan, reach)
    score *= reach.astype(f32).take(people.whereabouts.key)
    return score


def _screen_skills(people, weights, query):
    """The three skill factors, weighted and summed, for every candidate (float32).

    Held and related skills are one matrix here (related ones weigh
    ``RELATED_CREDIT``), so each skill column is read once.
    """
    columns, shares = [], []
    for factor, skills in (
        ("required_skills", query.required),
        ("desired_skills", query.desired),
    ):
        if skills:
            columns.append(query.skill_weights(skills))
            shares.append(np.full(len(skills), weights[factor] / len(skills)))
    credit = people.skill_credit[:, query.cols] @ np.hstack(columns)
    np.minimum(credit, 1.0, out=credit)
    score = credit @ np.hstack(shares).astype(np.float32)
    relevance = np.minimum(query.weights.sum(axis=0), 1.0)
    used = people.skills[:, query.cols] @ relevance
    np.multiply(used, people.per_skill, out=used)
    score += np.float32(weights["skills_used"]) * used
    return score
