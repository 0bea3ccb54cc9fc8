"""Ranking quality of the matcher's knowledge against a plain character TF-IDF, on held-out data.

Run by hand, never in the test suite::

    .venv/bin/python bench/quality.py titles  [--seed 0] [--holdout 0.2] [--via knowledge|matcher]
    .venv/bin/python bench/quality.py people  [--seed 0] [--profiles 1000]
    .venv/bin/python bench/quality.py tune    [--seed 1]

The public reference data is read from ``../shared/data`` (or ``$CHAMBA_DATA_DIR``); the script
prints a message and exits 0 when it is absent. Every run builds its own knowledge in memory
with :meth:`matcher.knowledge.Knowledge.build`, keeping the evaluation data out of it, so the
shipped files (which did see everything) are never what is measured.

(a) ``titles``: **TalentCLEF 2025 task A, Spanish training pairs** (public data). Titles are
    grouped by their folded form (:func:`matcher.text.fold`: "cocinera" and "cocinero" are one
    group) and a share of the groups is held out *whole*: the title model, the ESCO label sets
    and the vocabulary never see them. Each held-out title queries the other held-out titles,
    minus its own group (so its gender twin is never in its corpus); relevant are the titles
    naming one of its ESCO occupations. MAP is the official one (average precision over
    *all* relevant titles of the full ranking). The baseline, char 2–5-gram TF-IDF with
    sublinear tf fitted on the corpus, runs in the same process on the same queries; the
    difference gets a paired bootstrap 95 % interval. The mixing parameters were chosen with
    ``tune`` on seed 1; the figures in ``docs/BENCHMARKS.md`` are seed 0.

(b) ``people``: **ESCO occupations and their skills** (public data; the profiles are synthetic
    but none is written with a label the knowledge holds). For each sampled occupation the
    alternative labels are split in two at random, and so are the alternative labels of its
    essential skills: one half stays in the knowledge, the other half is held out of it
    (``holdout_titles`` / ``holdout_skill_labels``) and is the *only* wording the profile uses
    (a title and up to five skills). The profile ranks every sampled occupation, posted as a
    vacancy with its preferred title and the preferred labels of its essential skills; the
    source occupation is the one relevant. The knowledge scorer is title similarity plus the
    share of the vacancy's skills found among the profile's (through ``Knowledge.skill``);
    the baseline is char TF-IDF between the profile text and the vacancy text.

``--via matcher`` ranks through ``matcher.Matcher(knowledge=k)`` instead: (a) the corpus as
title-only candidates for a vacancy titled with the query; (b) the vacancies for the
profile as a candidate.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.evaluation import average_precision, ndcg_at_k, reciprocal_rank  # noqa: E402
from matcher.knowledge import Knowledge  # noqa: E402
from matcher.knowledge.sources import (  # noqa: E402
    read_occupations,
    read_pairs,
    read_relations,
    read_skills,
)
from matcher.text import fold  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("CHAMBA_DATA_DIR", ROOT.parent / "shared" / "data"))
TUNING_SEED = 1


def baseline_scores(queries, corpus):
    """Char 2–5-gram TF-IDF (sublinear) cosine, fitted on the corpus: the method to beat."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                 strip_accents="unicode", lowercase=True)
    c = vectorizer.fit_transform(corpus)
    q = vectorizer.transform(queries)
    return (q @ c.T).toarray()


def ranked_metrics(scores, relevant_sets, exclude=None):
    """AP (over all relevant), nDCG@10 and RR per query from a score matrix."""
    ap, ndcg, rr = [], [], []
    for i, relevant in enumerate(relevant_sets):
        row = scores[i].astype(np.float64).copy()
        if exclude is not None:
            row[exclude[i]] = -np.inf
        order = np.argsort(-row, kind="stable")
        if exclude is not None:
            order = order[: len(order) - len(exclude[i])]
        ap.append(average_precision(order, relevant))
        ndcg.append(ndcg_at_k(order, relevant, 10))
        rr.append(reciprocal_rank(order, relevant))
    return np.array(ap), np.array(ndcg), np.array(rr)


def paired_interval(ours, theirs, seed=0, resamples=2000):
    """Mean difference with a paired bootstrap 95 % interval, wins and losses."""
    diff = np.asarray(ours) - np.asarray(theirs)
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(resamples, len(diff)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(diff.mean()), float(low), float(high), int((diff > 0).sum()), \
        int((diff < 0).sum())


def report(title, rows, ours_ap, base_ap):
    print(f"\n{title}")
    print("| method | MAP | nDCG@10 | MRR | queries | seconds |")
    print("|---|---|---|---|---|---|")
    for name, (ap, ndcg, rr, seconds) in rows.items():
        print(f"| {name} | {ap.mean():.4f} | {ndcg.mean():.4f} | {rr.mean():.4f} | {len(ap)} "
              f"| {seconds:.1f} |")
    diff, low, high, wins, losses = paired_interval(ours_ap, base_ap)
    print(f"MAP difference {diff:+.4f} (bootstrap 95 % interval {low:+.4f} to {high:+.4f}); "
          f"better on {wins} queries, worse on {losses}")
    return diff, low, high


# -- (a) titles ---------------------------------------------------------------------------


def title_split(pairs_path, holdout, seed):
    """Held-out titles (whole folded groups) with their occupations."""
    occupations = defaultdict(set)
    for _isco, uri, a, b in read_pairs(pairs_path):
        occupations[a].add(uri)
        occupations[b].add(uri)
    groups = defaultdict(list)
    for title in sorted(occupations):
        groups[fold(title)].append(title)
    keys = sorted(groups)
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(keys), size=int(len(keys) * holdout), replace=False)
    held = sorted(t for i in sorted(chosen) for t in groups[keys[i]])
    return held, {t: occupations[t] for t in held}


def title_queries(held, occupations, max_queries, seed):
    group = [fold(t) for t in held]
    members = defaultdict(list)
    for j, g in enumerate(group):
        members[g].append(j)
    by_uri = defaultdict(set)
    for j, t in enumerate(held):
        for uri in occupations[t]:
            by_uri[uri].add(j)
    queries = []
    for i, t in enumerate(held):
        own = set(members[group[i]])
        relevant = set().union(*(by_uri[u] for u in occupations[t])) - own
        if relevant:
            queries.append((i, relevant, sorted(own)))
    if max_queries and len(queries) > max_queries:
        rng = np.random.default_rng(seed + 1000)
        pick = sorted(rng.choice(len(queries), size=max_queries, replace=False))
        queries = [queries[i] for i in pick]
    return queries


def matcher_scores(knowledge, queries, corpus):
    """Rank the corpus as title-only candidates through the matcher (needs matcher-core)."""
    from matcher import Candidate, Matcher, Vacancy

    try:
        matcher = Matcher(knowledge=knowledge)
    except TypeError:
        sys.exit("this matcher does not take knowledge= yet: --via matcher needs matcher-core")
    matcher.fit(candidates=[Candidate(id=j, titles=[t]) for j, t in enumerate(corpus)])
    scores = np.zeros((len(queries), len(corpus)), dtype=np.float32)
    for i, q in enumerate(queries):
        for rank, match in enumerate(matcher.rank_candidates(Vacancy(id=i, title=q),
                                                             k=len(corpus))):
            scores[i, match.candidate_id] = len(corpus) - rank
    return scores


def bench_titles(data, seed, holdout, max_queries, via="knowledge", knowledge=None, quiet=False):
    pairs = data / "talentclef-es" / "taskA_training_es.tsv"
    held, occupations = title_split(pairs, holdout, seed)
    start = time.perf_counter()
    if knowledge is None:
        knowledge = Knowledge.build(data / "esco-es", pairs, holdout_titles=held, seed=seed)
    build_seconds = time.perf_counter() - start
    queries = title_queries(held, occupations, max_queries, seed)
    q_titles = [held[i] for i, _, _ in queries]
    relevant = [r for _, r, _ in queries]
    exclude = [own for _, _, own in queries]
    rows = {}
    start = time.perf_counter()
    base = ranked_metrics(baseline_scores(q_titles, held), relevant, exclude)
    rows["char TF-IDF 2-5, sublinear (baseline)"] = (*base, time.perf_counter() - start)
    start = time.perf_counter()
    if via == "matcher":
        ours = ranked_metrics(matcher_scores(knowledge, q_titles, held), relevant, exclude)
        name = "Matcher(knowledge=k), title-only candidates"
    else:
        ours = ranked_metrics(knowledge.title_similarity(q_titles, held), relevant, exclude)
        name = "Knowledge.title_similarity"
    rows[name] = (*ours, time.perf_counter() - start)
    if not quiet:
        print(f"seed {seed}: {len(held)} held-out titles in "
              f"{len({fold(t) for t in held})} folded groups, {len(queries)} queries; "
              f"knowledge built without them in {build_seconds:.0f} s")
        report("(a) TalentCLEF-es titles held out by folded group", rows, ours[0], base[0])
    return knowledge, ours[0], base[0]


def tune(data, seed, holdout, max_queries):
    """Grid over the inference-time mix on the tuning seed (never the reporting seed)."""
    knowledge, _, _ = bench_titles(data, seed, holdout, max_queries, quiet=True)
    pairs = data / "talentclef-es" / "taskA_training_es.tsv"
    held, occupations = title_split(pairs, holdout, seed)
    queries = title_queries(held, occupations, max_queries, seed)
    q_titles = [held[i] for i, _, _ in queries]
    relevant = [r for _, r, _ in queries]
    exclude = [own for _, _, own in queries]
    base = ranked_metrics(baseline_scores(q_titles, held), relevant, exclude)[0].mean()
    print(f"tuning seed {seed}: baseline MAP {base:.4f}")
    for alpha in (1.0, 0.7, 0.5, 0.3):
        for k in (1, 3, 5):
            for temperature in (0.02, 0.05, 0.1):
                if alpha == 1.0 and (k, temperature) != (1, 0.02):
                    continue
                knowledge.mix = {"alpha": alpha, "k": k, "temperature": temperature}
                ap = ranked_metrics(knowledge.title_similarity(q_titles, held), relevant,
                                    exclude)[0].mean()
                print(f"alpha {alpha} k {k} temperature {temperature}: MAP {ap:.4f} "
                      f"({ap - base:+.4f})")


# -- (b) people and jobs ------------------------------------------------------------------


def halves(labels, rng):
    labels = sorted(set(labels))
    rng.shuffle(labels)
    middle = len(labels) // 2
    return labels[:middle], labels[middle:]


def people_set(data, n_profiles, seed):
    """Synthetic profiles written only with held-out labels, and the vacancies they match."""
    esco = data / "esco-es"
    rng = np.random.default_rng(seed)
    occupations = read_occupations(esco)
    skills = {s.uri: s for s in read_skills(esco)}
    essential = defaultdict(list)
    for occ, skill, is_essential in read_relations(esco):
        if is_essential and skill in skills:
            essential[occ].append(skill)
    usable = [o for o in occupations if len(o.alt_labels) >= 2 and len(essential[o.uri]) >= 3]
    pick = sorted(rng.choice(len(usable), size=min(n_profiles, len(usable)), replace=False))
    chosen = [usable[i] for i in pick]
    held_titles, held_skills, profiles, vacancies = set(), set(), [], []
    skill_words = {}
    for uri in sorted({s for o in chosen for s in essential[o.uri]}):
        keep, hold = halves(skills[uri].alt_labels, rng)
        skill_words[uri] = hold
        held_skills.update(hold)
    for o in chosen:
        _keep, hold = halves(o.alt_labels, rng)
        held_titles.update(hold)
        title = hold[int(rng.integers(len(hold)))]
        own = [s for s in essential[o.uri] if skill_words[s]]
        rng.shuffle(own)
        words = [skill_words[s][int(rng.integers(len(skill_words[s])))] for s in own[:5]]
        profiles.append((title, words))
        vacancies.append((o.label, [skills[s].label for s in essential[o.uri]]))
    # A label that is also some kept label of another concept stays held out everywhere: the
    # profile wording must be unknown to the knowledge.
    return profiles, vacancies, held_titles, held_skills


def matcher_people_scores(knowledge, profiles, vacancies):
    """Rank the vacancies for each profile through the matcher (needs matcher-core)."""
    from matcher import Candidate, Matcher, Vacancy

    try:
        matcher = Matcher(knowledge=knowledge)
    except TypeError:
        sys.exit("this matcher does not take knowledge= yet: --via matcher needs matcher-core")
    matcher.fit(vacancies=[Vacancy(id=j, title=t, required_skills=words)
                           for j, (t, words) in enumerate(vacancies)])
    scores = np.zeros((len(profiles), len(vacancies)), dtype=np.float32)
    for i, (title, words) in enumerate(profiles):
        matches = matcher.rank_vacancies(Candidate(id=i, titles=[title], skills=words),
                                         k=len(vacancies))
        for rank, match in enumerate(matches):
            scores[i, match.vacancy_id] = len(vacancies) - rank
    return scores


def bench_people(data, seed, n_profiles, via="knowledge"):
    profiles, vacancies, held_titles, held_skills = people_set(data, n_profiles, seed)
    start = time.perf_counter()
    knowledge = Knowledge.build(data / "esco-es", data / "talentclef-es" /
                                "taskA_training_es.tsv", holdout_titles=held_titles,
                                holdout_skill_labels=held_skills, seed=seed)
    print(f"seed {seed}: {len(profiles)} profiles, {len(held_titles)} title labels and "
          f"{len(held_skills)} skill labels held out; knowledge built in "
          f"{time.perf_counter() - start:.0f} s")
    relevant = [{i} for i in range(len(profiles))]
    rows = {}
    start = time.perf_counter()
    p_text = [t + ". " + ". ".join(words) for t, words in profiles]
    v_text = [t + ". " + ". ".join(words) for t, words in vacancies]
    base = ranked_metrics(baseline_scores(p_text, v_text), relevant)
    rows["char TF-IDF 2-5 of profile vs vacancy text (baseline)"] = \
        (*base, time.perf_counter() - start)
    if via == "matcher":
        start = time.perf_counter()
        ours = ranked_metrics(matcher_people_scores(knowledge, profiles, vacancies), relevant)
        rows["Matcher(knowledge=k), title and skills"] = (*ours, time.perf_counter() - start)
        report("(b) ESCO people and jobs, profiles worded only with held-out labels", rows,
               ours[0], base[0])
        return
    start = time.perf_counter()
    titles = knowledge.title_similarity([t for t, _ in profiles], [t for t, _ in vacancies])
    p_skills = [set(filter(None, knowledge.skills(words))) for _, words in profiles]
    v_skills = [set(filter(None, knowledge.skills(words))) for _, words in vacancies]
    overlap = np.array([[len(p & v) / max(len(v), 1) for v in v_skills] for p in p_skills])
    ours = ranked_metrics(0.5 * titles + 0.5 * overlap, relevant)
    rows["Knowledge: title similarity + share of skills found"] = \
        (*ours, time.perf_counter() - start)
    report("(b) ESCO people and jobs, profiles worded only with held-out labels", rows,
           ours[0], base[0])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", choices=["titles", "people", "tune"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=None,
                        help=f"split and training seed (default 0; tune uses {TUNING_SEED})")
    parser.add_argument("--holdout", type=float, default=0.2, help="share of title groups held out")
    parser.add_argument("--queries", type=int, default=0, help="at most this many queries (0: all)")
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--via", choices=["knowledge", "matcher"], default="knowledge")
    args = parser.parse_args(argv)
    if not (args.data / "esco-es").exists():
        print(f"reference data not found in {args.data}; nothing to measure")
        return 0
    if args.set == "tune":
        tune(args.data, TUNING_SEED if args.seed is None else args.seed, args.holdout,
             args.queries)
    elif args.set == "titles":
        bench_titles(args.data, args.seed or 0, args.holdout, args.queries, args.via)
    else:
        bench_people(args.data, args.seed or 0, args.profiles, args.via)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
