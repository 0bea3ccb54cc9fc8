"""What a ranking found for each pair it returns, turned into a Match with reasons.

Only the k pairs returned get here, so this module may loop in Python: it
picks the experience and the wanted title that matched best, how well each
skill asked for is covered and the travel hours, then hands them to
:func:`matcher.explain.build_reasons`.
"""

import numpy as np

from . import scoring as S
from .credits import unique_skills
from .explain import Evidence, build_reasons
from .profiles import Match


def _row(credits, i):
    """The credits of position ``i``, uniform factors included."""
    return {f: v if isinstance(v, float) else float(v[i]) for f, v in credits.items()}


def _uniform(district):
    """Factors that are the same for every profile ranked, and so explain nothing.

    Other factors a query does not ask about (no language, no months) already
    say nothing; reach is the one that would otherwise speak ("no se sabe...").
    """
    return frozenset({"reach"}) if district is None else frozenset()


def _best(items, sims, strengths):
    """The item with the highest similarity times strength, and that similarity."""
    best, best_value, best_sim = None, -1.0, 0.0
    for item, sim, strength in zip(items, sims, strengths, strict=True):
        if sim * strength > best_value:
            best, best_value, best_sim = item, sim * strength, sim
    return best, best_sim


def _title_value(phrases, text, sims):
    """Best weight x similarity of a fitted title's phrases, given ``sims`` per row."""
    return max((w * sims[row] for row, w in phrases.rows(text)), default=0.0)


def _match(index, settings, credits, position, scored, candidate, vacancy, evidence):
    reach = scored.reach if isinstance(scored.reach, float) else float(scored.reach[position])
    reasons, missing, score = build_reasons(
        settings.weights, _row(credits, position), reach, candidate, vacancy, evidence,
        index.lexicon,
    )
    relevance = float(scored.varying[position]) + scored.constant
    return Match(
        candidate.id, vacancy.id, score, reasons, missing, relevance=relevance, reach=reach
    )


def explain_candidates(index, settings, candidates, vacancy, rows, credits, scored, query,
                       detail):
    """Matches for the candidates at ``rows[scored.top]``, best first.

    ``rows`` are the candidates the credits are for (positions in
    ``candidates``); ``detail`` is the :class:`matcher.credits.CandidateDetail`.
    """
    people = index.candidates
    phrases = index.phrases
    top = scored.top
    chosen = rows[top]
    useful = np.zeros(len(top), dtype=np.int64)
    if detail.useful is not None:
        useful = np.rint(detail.useful[top]).astype(np.int64)
    uniform = _uniform(vacancy.district)
    hours = scored.hours_by_place[people.places.index[chosen]]
    title_sims = query.title_sims
    matches = []
    for rank, (local, i) in enumerate(zip(top, chosen, strict=True)):
        candidate = candidates[i]
        evidence = Evidence(
            hours=float(hours[rank]),
            vacancy_has_text=query.has_text,
            skills_used=(int(people.n_skills[i]), int(useful[rank])),
            uniform=uniform,
        )
        if title_sims is not None:
            evidence.experience, evidence.experience_sim = _best(
                candidate.titles,
                [_title_value(phrases, e.title, title_sims) for e in candidate.titles],
                [S.experience_strength(e.months) for e in candidate.titles],
            )
            evidence.wanted, evidence.wanted_sim = _best(
                candidate.desired_titles,
                [_title_value(phrases, t, title_sims) for t in candidate.desired_titles],
                [1.0] * len(candidate.desired_titles),
            )
        for factor, key in (("required_skills", "required"), ("desired_skills", "desired")):
            cover = detail.cover.get(factor)
            setattr(evidence, key, [
                (wording, 0.0 if cover is None else min(float(cover[local, j]), 1.0))
                for j, (wording, _) in enumerate(getattr(query, key))
            ])
        matches.append(
            _match(index, settings, credits, local, scored, candidate, vacancy, evidence)
        )
    return matches


def explain_vacancies(index, settings, vacancies, candidate, credits, scored, detail):
    """Matches for the vacancies at ``scored.top``, best first.

    ``detail`` is the :class:`matcher.credits.VacancyDetail`.
    """
    jobs = index.vacancies
    phrases = index.phrases
    uniform = _uniform(candidate.district)
    hours = scored.hours_by_place[jobs.places.index[scored.top]]
    matches = []
    for rank, j in enumerate(scored.top):
        vacancy = vacancies[j]
        row = jobs.title_row[j]
        evidence = Evidence(
            hours=float(hours[rank]),
            vacancy_has_text=bool(jobs.has_text[j]),
            skills_used=(detail.n_skills, int(detail.useful[j])),
            uniform=uniform,
        )
        if row < phrases.size:
            label, weight = jobs.label_row[j], jobs.label_weight[j]
            if detail.experiences:
                evidence.experience, evidence.experience_sim = _best(
                    detail.experiences,
                    np.maximum(detail.done_sims[:, row], detail.done_sims[:, label] * weight),
                    detail.strengths,
                )
            if detail.wanted:
                evidence.wanted, evidence.wanted_sim = _best(
                    detail.wanted,
                    np.maximum(detail.wanted_sims[:, row], detail.wanted_sims[:, label] * weight),
                    [1.0] * len(detail.wanted),
                )
        for key, wordings in (
            ("required", vacancy.required_skills),
            ("desired", vacancy.desired_skills),
        ):
            setattr(evidence, key, [
                (w, float(detail.held[phrases.index[p]]))
                for w, p in unique_skills(phrases, wordings)
            ])
        matches.append(_match(index, settings, credits, j, scored, candidate, vacancy, evidence))
    return matches
