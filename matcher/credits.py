"""One query against the whole index: its hard filters and every factor's credit.

Both directions read the rules of :mod:`matcher.scoring`; only the side that
is a table changes. Ranking candidates for a vacancy, the vacancy's
requirements become tables over every value a candidate can have
(:func:`candidate_tables`) and the vacancy's title, skills and text become
similarities to every fitted phrase (:func:`vacancy_query`), both computed
once and then gathered per candidate. Ranking vacancies for a candidate is the
mirror (:func:`vacancy_filters`, :func:`credits_for_candidate`).

A credit that is the same for every profile is returned as one float: it
cannot change the order, costs nothing per profile and explains nothing.
"""

from dataclasses import dataclass, field

import numpy as np

from . import features as F
from . import scoring as S
from .index import vacancy_text
from .profiles import MAX_AGE, MAX_EDUCATION
from .spaces import zeros

# Every value a slot can take, in slot order (-1 stands for unknown or none).
AGE_VALUES = np.arange(-1, MAX_AGE + 1)
EDUCATION_VALUES = np.arange(-1, MAX_EDUCATION + 1)
MONTH_MASKS = np.arange(1 << 12)


@dataclass(frozen=True)
class VacancyTables:
    """A vacancy's requirements as tables over the values a candidate can have."""

    language_ok: np.ndarray  # per distinct language set
    age_ok: np.ndarray  # per age slot
    months_ok: np.ndarray  # per 12-bit month mask
    km_by_place: np.ndarray  # per district slot (NaN unknown)
    languages: np.ndarray  # credit per distinct language set
    education: np.ndarray  # credit per education slot
    season: np.ndarray  # credit per month mask


@dataclass
class VacancyQuery:
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

    def skill_weights(self, skills):
        """Closeness (skill columns x ``skills``) of the vacancy's ``skills``."""
        return self.weights[[self.row_of[p] for _, p in skills]].T


@dataclass
class CandidateDetail:
    """Per candidate scored for a vacancy, what the skill sentences need."""

    cover: dict = field(default_factory=dict)  # factor -> uncapped (candidates x skills)
    useful: np.ndarray = None  # how many of each candidate's skills serve


@dataclass
class VacancyDetail:
    """For a candidate ranking vacancies, what the sentences need."""

    done_sims: np.ndarray  # per experience with a phrase, similarity to every phrase
    experiences: list  # those experiences
    strengths: np.ndarray  # their strength (months)
    wanted_sims: np.ndarray
    wanted: list  # the titles wanted that have a phrase
    held: np.ndarray  # credit of every fitted phrase as one of their skills
    n_skills: int
    useful: np.ndarray  # per vacancy, how many of their skills serve


# -- shared pieces ---------------------------------------------------------------------


def unique_skills(phrases, wordings):
    """(wording, phrase) per distinct skill phrase, first wording kept."""
    seen = {}
    for wording in wordings:
        phrase = phrases.skill(wording)
        if phrase and phrase not in seen:
            seen[phrase] = wording
    return [(wording, phrase) for phrase, wording in seen.items()]


def skill_sims(phrases, own, threshold):
    """Cosines (>= ``threshold``) of a person's distinct skill phrases ``own`` to every
    fitted phrase, one row each."""
    if not own or phrases.size == 0:
        return zeros(len(own), phrases.size)
    return phrases.similarities(own, threshold)


def held_credit(index, settings, wordings):
    """Credit of every fitted phrase as a skill of someone who lists ``wordings``."""
    own = [p for _, p in unique_skills(index.phrases, wordings)]
    sims = skill_sims(index.phrases, own, settings.skill_threshold)
    return np.minimum(np.asarray(sims.sum(axis=0), dtype=float).ravel(), 1.0)


def title_sims(phrases, texts):
    """Similarity of each title to every fitted phrase, plus a 0 "no title" slot.

    A title's similarity to a phrase is the best over the title's own phrases
    (its words, its recognised occupation) of weight x similarity. Returns
    ``(sims, kept)``: one dense row per title that has a phrase, and those titles.
    """
    size = phrases.size
    kept = [t for t in texts if phrases.title(t)]
    sims = np.zeros((len(kept), size + 1))
    if not kept or size == 0:
        return sims, kept
    owner, weight, found, wordings = [], [], [], []
    for i, text in enumerate(kept):
        for phrase, w, words in phrases.title(text):
            owner.append(i)
            weight.append(w)
            found.append(phrase)
            wordings.append(words)
    each = phrases.title_similarities(wordings, found)
    each *= np.asarray(weight)[:, None]
    for row, i in enumerate(owner):
        np.maximum(sims[i, :size], each[row], out=sims[i, :size])
    return sims, kept


def skill_columns(phrases, asked, threshold):
    """The fitted skill phrases close to ``asked``, and how close.

    Returns ``(weights, cols)``: ``cols`` the fitted phrases close to at least
    one phrase asked, ``weights`` the dense cosines (asked x those columns);
    ``(None, None)`` when none is. Rankings read only these columns of the
    candidates' skills, so the cost follows how many candidates hold such
    skills, not the size of the index.
    """
    if not asked:
        return None, None
    sims = phrases.similarities(asked, threshold)
    cols = np.unique(sims.indices)
    if cols.size == 0:
        return None, None
    return sims[:, cols].toarray(), cols


def _all_ok(n, *checks):
    """AND of ``table[index]`` over (table, index) pairs, skipping all-true tables."""
    valid = np.ones(n, dtype=bool)
    for table, index in checks:
        if not table.all():
            valid &= table[index]
    return valid


# -- candidates for a vacancy ----------------------------------------------------------


def candidate_tables(index, settings, vacancy):
    """What a vacancy asks, as tables over every value a candidate can have.

    The hard filters and the lookup credits (languages, education, season)
    read these tables, both in the screening pass and in exact scoring.
    """
    people = index.candidates
    unknown = float(settings.unknown_credit)
    asked = F.language_mask(vacancy.languages, index.language_bits)
    spoken = people.languages
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
    return VacancyTables(
        language_ok=language_ok,
        age_ok=F.age_ok(min_age, AGE_VALUES),
        months_ok=F.months_ok(months, MONTH_MASKS),
        km_by_place=people.places.km_by_place(index.point(vacancy.district)),
        languages=S.languages_credit(asked or 0, spoken != 0, unknown),
        education=S.education_credit(min_education, EDUCATION_VALUES, unknown),
        season=S.season_credit(months, MONTH_MASKS, unknown),
    )


def candidate_filters(index, tables, rows):
    """Hard filters of a vacancy (its ``tables``) against the candidates at ``rows``."""
    people = index.candidates
    valid = _all_ok(
        len(rows),
        (tables.language_ok, people.language_index[rows]),
        (tables.age_ok, people.age[rows]),
        (tables.months_ok, people.months[rows]),
    )
    km_by_place = tables.km_by_place
    if not np.isnan(km_by_place).all():
        valid &= ~(km_by_place[people.places.index[rows]] > people.travel_limit[rows])
    return valid


def vacancy_query(index, settings, vacancy):
    """What a vacancy's title, skills and text are close to: per fitted phrase,
    per skill column, and (text) one float32 cosine per candidate."""
    phrases = index.phrases
    unknown = float(settings.unknown_credit)
    query = VacancyQuery()
    if vacancy.title:
        sims, kept = title_sims(phrases, [vacancy.title])
        if kept:
            query.title_sims = sims[0]
    query.required = unique_skills(phrases, vacancy.required_skills)
    query.desired = unique_skills(phrases, vacancy.desired_skills)
    asked = list(dict.fromkeys(p for _, p in query.required + query.desired))
    query.weights, query.cols = skill_columns(phrases, asked, settings.skill_threshold)
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

    doc = index.words.doc(vacancy_text(vacancy))
    query.has_text = bool(doc)
    query.text = index.words.similarity(doc, index.candidates.text) if doc else unknown
    return query


def credits_for_vacancy(index, settings, tables, query, rows):
    """Every factor's exact credit for the candidates at ``rows`` (a float when uniform).

    Returns ``(credits, detail)``, detail a :class:`CandidateDetail`.
    """
    people = index.candidates
    unknown = float(settings.unknown_credit)
    credits = {
        "languages": S.lookup(tables.languages, people.language_index[rows]),
        "education": S.lookup(tables.education, people.education[rows]),
        "season": S.lookup(tables.season, people.months[rows]),
    }
    if query.title_sims is None:
        credits["experience"] = credits["wanted"] = unknown
    else:
        credits["experience"] = people.experience.best(query.title_sims, rows)
        credits["wanted"] = people.desired.best(query.title_sims, rows)
    credits.update(query.uniform)
    detail = CandidateDetail()
    if query.cols is not None:
        block = people.skill_rows[rows][:, query.cols]
        related = None
        if people.related_rows.nnz:
            related = people.related_rows[rows][:, query.cols]
        for factor, skills in (
            ("required_skills", query.required),
            ("desired_skills", query.desired),
        ):
            if not skills:
                continue
            w = query.skill_weights(skills)
            # Capped at 1 only for the k explained (matcher.evidence).
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
        credits["skills_used"] = used / np.maximum(people.n_skills[rows], 1)
    text = query.text
    credits["text"] = text if isinstance(text, float) else np.clip(
        text[rows].astype(float), 0.0, 1.0
    )
    return credits, detail


# -- vacancies for a candidate ---------------------------------------------------------


def vacancy_filters(index, candidate):
    """Hard filters of one candidate against every fitted vacancy, and km per place."""
    jobs = index.vacancies
    bits = index.language_bits
    spoken = F.language_mask((c for c in candidate.languages if c in bits), bits)
    language_ok = F.languages_ok(jobs.languages, spoken, bool(candidate.languages))
    age = -1 if candidate.age is None else candidate.age
    months = F.months_mask(candidate.available_months)
    places = jobs.places
    km_by_place = places.km_by_place(index.point(candidate.district))
    limit = candidate.max_travel_km
    if limit is None or candidate.willing_to_relocate:
        limit = np.inf
    ok = (
        language_ok[jobs.language_index]
        & F.age_ok(AGE_VALUES, age)[jobs.min_age]
        & F.months_ok(MONTH_MASKS, months)[jobs.months]
        & ~(km_by_place > limit)[places.index]
    )
    return ok, km_by_place


def credits_for_candidate(index, settings, candidate):
    """Every factor's credit for every fitted vacancy (a float when uniform).

    Returns ``(credits, detail)``, detail a :class:`VacancyDetail`.
    """
    jobs = index.vacancies
    phrases = index.phrases
    unknown = float(settings.unknown_credit)
    m = len(jobs.hash)
    credits = {}
    credits["languages"] = S.lookup(
        S.languages_credit(jobs.languages, bool(candidate.languages), unknown),
        jobs.language_index,
    )
    education = -1 if candidate.education is None else candidate.education
    credits["education"] = S.lookup(
        S.education_credit(EDUCATION_VALUES, education, unknown), jobs.min_education
    )
    months = F.months_mask(candidate.available_months)
    credits["season"] = S.lookup(S.season_credit(MONTH_MASKS, months, unknown), jobs.months)
    size = phrases.size
    experiences = [e for e in candidate.titles if phrases.title(e.title)]
    done_sims, _ = title_sims(phrases, [e.title for e in experiences])
    strengths = np.array([S.experience_strength(e.months) for e in experiences])
    wanted_sims, wanted = title_sims(phrases, candidate.desired_titles)
    for factor, sims, weight in (
        ("experience", done_sims, strengths),
        ("wanted", wanted_sims, None),
    ):
        best = np.zeros(size + 1)
        if len(sims):
            scaled = sims if weight is None else sims * weight[:, None]
            best = scaled.max(axis=0)
        # A vacancy's title stands for its own words and its occupation.
        credit = np.maximum(best[jobs.title_row], best[jobs.label_row] * jobs.label_weight)
        credits[factor] = np.where(jobs.title_row == size, unknown, credit)

    own = [p for _, p in unique_skills(phrases, candidate.skills)]
    sims = skill_sims(phrases, own, settings.skill_threshold)
    n_skills = sims.shape[0]
    summed = np.asarray(sims.sum(axis=0), dtype=float).ravel()
    held = np.minimum(summed, 1.0)
    scored = held
    related = [
        p for p in index.lexicon.related_skills(e.title for e in candidate.titles)
        if p not in own
    ]
    if related and size:
        # Skills their work needs count partly, as when ranking candidates.
        extra = phrases.similarities(related, settings.skill_threshold)
        extra = np.asarray(extra.sum(axis=0), dtype=float).ravel()
        scored = np.minimum(summed + S.RELATED_CREDIT * extra, 1.0)
    for factor, matrix, counts in (
        ("required_skills", jobs.required, jobs.n_required),
        ("desired_skills", jobs.desired, jobs.n_desired),
    ):
        share = (matrix @ scored) / np.maximum(counts, 1)
        credits[factor] = np.where(counts > 0, share, unknown)
    # The mirror of ranking candidates: each of the person's skills counts by how
    # close it is to any skill a vacancy asks for, capped at 1.
    used = np.zeros(m)
    useful = np.zeros(m, dtype=np.int32)
    for row in range(n_skills):
        span = slice(sims.indptr[row], sims.indptr[row + 1])
        cols = sims.indices[span]
        if cols.size:
            closeness = jobs.asked[:, cols] @ sims.data[span]
            used += np.minimum(closeness, 1.0)
            useful += closeness > 0
    asks = (jobs.n_required + jobs.n_desired) > 0
    credits["skills_used"] = np.where(asks, used / max(n_skills, 1), unknown)

    doc = index.words.doc(candidate.text)
    text = np.clip(index.words.similarity(doc, jobs.text).astype(float), 0.0, 1.0)
    credits["text"] = np.where(jobs.has_text, text, unknown)
    detail = VacancyDetail(
        done_sims=done_sims, experiences=experiences, strengths=strengths,
        wanted_sims=wanted_sims, wanted=wanted, held=held, n_skills=n_skills, useful=useful,
    )
    return credits, detail
