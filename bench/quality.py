"""Ranking quality of the matcher against a plain character n-gram TF-IDF baseline.

Run by hand, never in the test suite::

    .venv/bin/python bench/quality.py [--data DIR] [--queries 2000] [--profiles 1000]

Two labelled sets, both built from public reference data that is never copied
into the repository (default location ``../shared/data`` next to the repository,
or ``$CHAMBA_DATA_DIR``; the script prints a message and exits 0 when it is absent):

(a) **Job titles** (TalentCLEF 2025 task A, Spanish training pairs). A query
    title ranks the corpus of all other distinct titles; a title is relevant when
    it names the same ESCO occupation. The matcher sees the corpus as vacancies
    with only a title and the query as a candidate with only that title.

(b) **People and jobs** (ESCO occupations with their essential and optional
    skills). Each synthetic profile names a few of one occupation's skills in its
    own words (an alternative label, a label with a word dropped, lower case
    without accents), plus unrelated noise skills, and half of the profiles also
    give an alternative title of the occupation; the profile ranks every
    occupation, posted as a vacancy (preferred title, essential skills required,
    optional skills desired). Only the source occupation is relevant.

Metrics: MAP (over the top 100), nDCG@10 and MRR (over the top 100), from
``matcher.evaluation``. Sampling is seeded, so every run gives the same figures.
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher import Candidate, Matcher, Vacancy  # noqa: E402
from matcher.evaluation import average_precision, evaluate  # noqa: E402
from matcher.text import strip_accents  # noqa: E402

DEFAULT_DATA = Path(os.environ.get("CHAMBA_DATA_DIR", ROOT.parent / "shared" / "data"))
DEPTH = 100


class Baseline:
    """Plain character n-gram TF-IDF with cosine ranking: the method to beat."""

    def __init__(self, docs):
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
        self.matrix_t = self.vectorizer.fit_transform(docs).T.tocsr()

    def rank(self, doc, depth):
        scores = (self.vectorizer.transform([doc]) @ self.matrix_t).toarray().ravel()
        depth = min(depth, len(scores))
        top = np.argpartition(-scores, depth - 1)[:depth]
        return top[np.argsort(-scores[top], kind="stable")]


def _paired(runs, baseline_runs, seed=0, resamples=2000):
    """MAP difference (matcher - baseline) with a bootstrap 95% interval, and wins/losses."""
    ours = np.array([average_precision(r, rel, DEPTH) for r, rel in runs])
    theirs = np.array([average_precision(r, rel, DEPTH) for r, rel in baseline_runs])
    diff = ours - theirs
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(resamples, len(diff)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return {
        "diff": float(diff.mean()),
        "low": float(low),
        "high": float(high),
        "wins": int((diff > 0).sum()),
        "losses": int((diff < 0).sum()),
    }


def _report(name, results, seconds, paired):
    print(f"\n{name}")
    print("| method | MAP | nDCG@10 | MRR | queries | seconds |")
    print("|---|---|---|---|---|---|")
    for method, metrics in results.items():
        print(
            f"| {method} | {metrics['map']:.4f} | {metrics['ndcg@10']:.4f} | "
            f"{metrics['mrr']:.4f} | {metrics['queries']} | {seconds[method]:.1f} |"
        )
    print(
        f"MAP difference {paired['diff']:+.4f} (bootstrap 95% interval "
        f"{paired['low']:+.4f} to {paired['high']:+.4f}); the matcher is better on "
        f"{paired['wins']} queries, worse on {paired['losses']}"
    )


# -- (a) job titles ------------------------------------------------------------------


def title_set(path, n_queries, seed):
    """Corpus of distinct titles with their occupations, and sampled queries."""
    occupations = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 4:
                continue
            for title in row[2:4]:
                occupations.setdefault(title.strip(), set()).add(row[1])
    titles = sorted(occupations)
    by_occupation = {}
    for title in titles:
        for uri in occupations[title]:
            by_occupation.setdefault(uri, []).append(title)
    candidates = [
        (title, uri)
        for title in titles
        for uri in sorted(occupations[title])
        if len(by_occupation[uri]) > 1
    ]
    queries = random.Random(seed).sample(candidates, min(n_queries, len(candidates)))
    return titles, occupations, queries


def bench_titles(path, n_queries, seed):
    titles, occupations, queries = title_set(path, n_queries, seed)
    position = {title: i for i, title in enumerate(titles)}
    relevant = {uri: {position[t] for t in titles if uri in occupations[t]} for _, uri in queries}
    results, seconds = {}, {}

    start = time.perf_counter()
    matcher = Matcher().fit(vacancies=[Vacancy(id=i, title=t) for i, t in enumerate(titles)])
    runs = []
    for title, uri in queries:
        me = position[title]
        matches = matcher.rank_vacancies(Candidate(id="query", titles=[title]), k=DEPTH + 1)
        ranked = [m.vacancy_id for m in matches if m.vacancy_id != me][:DEPTH]
        runs.append((ranked, relevant[uri] - {me}))
    results["matcher"] = evaluate(runs, k=10, cutoff=DEPTH)
    seconds["matcher"] = time.perf_counter() - start
    matcher_runs = runs

    start = time.perf_counter()
    baseline = Baseline(titles)
    runs = []
    for title, uri in queries:
        me = position[title]
        ranked = [int(i) for i in baseline.rank(title, DEPTH + 1) if i != me][:DEPTH]
        runs.append((ranked, relevant[uri] - {me}))
    results["char n-gram TF-IDF"] = evaluate(runs, k=10, cutoff=DEPTH)
    seconds["char n-gram TF-IDF"] = time.perf_counter() - start
    _report(
        f"(a) TalentCLEF job titles: {len(titles)} distinct titles, {len(queries)} queries",
        results,
        seconds,
        _paired(matcher_runs, runs),
    )
    return results


# -- (b) people and jobs -------------------------------------------------------------


def _labels(row):
    alternatives = [a.strip() for a in (row.get("altLabels") or "").split("\n") if a.strip()]
    return row["preferredLabel"].strip(), alternatives


def esco_set(folder):
    """Occupations as vacancies: (uri, title, alt titles, essential, optional)."""
    skills = {}
    with open(folder / "skills_es.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            skills[row["conceptUri"]] = _labels(row)
    relations = {}
    with open(folder / "occupationSkillRelations_es.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["skillUri"] in skills:
                kind = 0 if row["relationType"] == "essential" else 1
                relations.setdefault(row["occupationUri"], ([], []))[kind].append(row["skillUri"])
    occupations = []
    with open(folder / "occupations_es.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            essential, optional = relations.get(row["conceptUri"], ([], []))
            if len(essential) >= 3:
                title, alternatives = _labels(row)
                occupations.append((row["conceptUri"], title, alternatives, essential, optional))
    occupations.sort()
    return occupations, skills


def _own_words(label, alternatives, rng):
    """Say a skill or title the way a person might: other label, shorter, no accents."""
    roll = rng.random()
    if alternatives and roll < 0.4:
        label = rng.choice(alternatives)
    elif roll < 0.7:
        words = label.split()
        if len(words) >= 3:
            del words[rng.randrange(1, len(words))]
            label = " ".join(words)
    if rng.random() < 0.5:
        label = strip_accents(label).lower()
    return label


def profiles_for(occupations, skills, n_profiles, seed):
    rng = random.Random(seed)
    all_skills = sorted(skills)
    chosen = rng.sample(range(len(occupations)), min(n_profiles, len(occupations)))
    profiles = []
    for number, index in enumerate(chosen):
        _, title, alt_titles, essential, optional = occupations[index]
        pool = essential + optional
        weights = [3.0] * len(essential) + [1.0] * len(optional)
        picked = set()
        target = min(rng.randint(3, 6), len(pool))
        while len(picked) < target:
            picked.add(rng.choices(pool, weights)[0])
        said = [_own_words(*skills[uri], rng) for uri in sorted(picked)]
        said += [_own_words(*skills[uri], rng) for uri in rng.sample(all_skills, rng.randint(1, 2))]
        rng.shuffle(said)
        titles = []
        if rng.random() < 0.5:
            others = [a for a in alt_titles if a != title] or [title]
            titles = [_own_words(rng.choice(others), [], rng)]
        profiles.append((Candidate(id=number, titles=titles, skills=said), index))
    return profiles


def bench_people(folder, n_profiles, seed):
    occupations, skills = esco_set(folder)
    profiles = profiles_for(occupations, skills, n_profiles, seed)
    results, seconds = {}, {}

    def label(uri):
        return skills[uri][0]

    vacancies = [
        Vacancy(
            id=i,
            title=title,
            required_skills=[label(u) for u in essential],
            desired_skills=[label(u) for u in optional],
        )
        for i, (_, title, _, essential, optional) in enumerate(occupations)
    ]
    start = time.perf_counter()
    matcher = Matcher().fit(vacancies=vacancies)
    runs = [
        ([m.vacancy_id for m in matcher.rank_vacancies(profile, k=DEPTH)], {source})
        for profile, source in profiles
    ]
    results["matcher"] = evaluate(runs, k=10, cutoff=DEPTH)
    seconds["matcher"] = time.perf_counter() - start
    matcher_runs = runs

    start = time.perf_counter()
    baseline = Baseline(
        [" ".join((v.title, *v.required_skills, *v.desired_skills)) for v in vacancies]
    )
    runs = [
        (
            [int(i) for i in baseline.rank(" ".join((*p.titles, *p.skills)), DEPTH)],
            {source},
        )
        for p, source in profiles
    ]
    results["char n-gram TF-IDF"] = evaluate(runs, k=10, cutoff=DEPTH)
    seconds["char n-gram TF-IDF"] = time.perf_counter() - start
    _report(
        f"(b) ESCO people and jobs: {len(occupations)} occupations as vacancies, "
        f"{len(profiles)} synthetic profiles",
        results,
        seconds,
        _paired(matcher_runs, runs),
    )
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reference data folder")
    parser.add_argument("--queries", type=int, default=2000, help="title queries in set (a)")
    parser.add_argument("--profiles", type=int, default=1000, help="profiles in set (b)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    titles = args.data / "talentclef-es" / "taskA_training_es.tsv"
    esco = args.data / "esco-es"
    ran = False
    if titles.is_file():
        bench_titles(titles, args.queries, args.seed)
        ran = True
    else:
        print(f"skipping (a): {titles} not found (set --data or CHAMBA_DATA_DIR)")
    if (esco / "occupationSkillRelations_es.csv").is_file():
        bench_people(esco, args.profiles, args.seed)
        ran = True
    else:
        print(f"skipping (b): {esco} not found (set --data or CHAMBA_DATA_DIR)")
    if not ran:
        print("no reference data: nothing measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
