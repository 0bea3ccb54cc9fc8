"""Speed and memory of the matcher beside two bare peers measured in the same run.

Run by hand, never in the test suite::

    .venv/bin/python bench/speed.py                       # 10k and 100k candidates
    .venv/bin/python bench/speed.py --sizes 1000000       # 1M (several minutes)

The data is SYNTHETIC (``bench/synthetic.py``, seeded): nobody's real profile.

Every (size, engine) pair runs in its own subprocess pinned to one CPU core, with
BLAS and OpenMP limited to one thread, so peak memory (``ru_maxrss``) belongs to
that engine alone. For each size the script prints:

* ``fit_s``: time to index the candidates (matcher: ``Matcher.fit``; peer:
  ``TfidfVectorizer.fit_transform`` + ``NearestNeighbors.fit``);
* ``p50_ms`` / ``p95_ms``: time for one top-20 query (a synthetic vacancy);
* ``cpu_p50_ms``: the median CPU time of the process for one query, which a
  machine shared with other jobs inflates less than the wall-clock time;
* ``load``: the load average (1 minute) when the engine finished;
* ``profiles_mb``: resident memory after the synthetic profiles were built;
* ``peak_mb``: peak resident memory of the whole process;
* ``index_mb``: peak minus profiles, what the engine itself added.

The peer is ``NearestNeighbors(algorithm="brute", metric="cosine")`` over plain
word TF-IDF of each profile's titles, skills and text: the obvious way to rank
with scikit-learn, without filters or explanations.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SINGLE_THREAD = {
    name: "1"
    for name in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
    )
}


def _rss_mb():
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(query, items):
    """Wall-clock and CPU seconds of ``query(item)`` for each item."""
    wall, cpu = [], []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        query(item)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


def _percentiles(times):
    import numpy as np

    ms = np.array(times) * 1e3
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def worker(engine, size, queries, k, seed):
    """Measure one engine on one size; print one JSON line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    sys.path.insert(0, str(ROOT))
    from bench import synthetic

    world = synthetic.World(seed)
    candidates = synthetic.candidates(size, world, seed=seed + 1)
    vacancies = synthetic.vacancies(queries, world, seed=seed + 2)
    profiles_mb = _rss_mb()
    if engine == "matcher":
        from matcher import Matcher

        start = time.perf_counter()
        matcher = Matcher(districts=world.districts).fit(candidates=candidates)
        fit_s = time.perf_counter() - start
        matcher.rank_candidates(vacancies[0], k=k)  # warm caches, as a server would be
        times, cpu = _timed(lambda vacancy: matcher.rank_candidates(vacancy, k=k), vacancies)
    elif engine == "tfidf-argpartition":
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        start = time.perf_counter()
        vectorizer = TfidfVectorizer(dtype=np.float32)
        matrix_t = vectorizer.fit_transform(
            synthetic.profile_text(c) for c in candidates
        ).T.tocsr()
        fit_s = time.perf_counter() - start

        def top(vacancy):
            query = vectorizer.transform([synthetic.profile_text(vacancy)])
            scores = matrix_t[query.indices].T @ query.data
            best = np.argpartition(-scores, k)[:k]
            return best[np.argsort(-scores[best])]

        top(vacancies[0])
        times, cpu = _timed(top, vacancies)
    else:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.neighbors import NearestNeighbors

        start = time.perf_counter()
        vectorizer = TfidfVectorizer()
        matrix = vectorizer.fit_transform(synthetic.profile_text(c) for c in candidates)
        neighbors = NearestNeighbors(n_neighbors=k, algorithm="brute", metric="cosine").fit(matrix)
        fit_s = time.perf_counter() - start
        def top(vacancy):
            return neighbors.kneighbors(vectorizer.transform([synthetic.profile_text(vacancy)]))

        top(vacancies[0])
        times, cpu = _timed(top, vacancies)
    p50, p95 = _percentiles(times)
    cpu_p50, _ = _percentiles(cpu)
    peak_mb = _rss_mb()
    from threadpoolctl import threadpool_info

    blas = next((i for i in threadpool_info() if i.get("user_api") == "blas"), {})
    print(
        json.dumps(
            {
                "engine": engine,
                "size": size,
                "fit_s": round(fit_s, 2),
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "cpu_p50_ms": round(cpu_p50, 2),
                "load": round(os.getloadavg()[0], 1),
                "profiles_mb": round(profiles_mb),
                "peak_mb": round(peak_mb),
                "index_mb": round(peak_mb - profiles_mb),
                "blas": f"{blas.get('internal_api')} {blas.get('architecture')}",
            }
        )
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated candidate counts")
    parser.add_argument("--queries", type=int, default=200, help="vacancies timed per size")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engines", default="matcher,tfidf-argpartition,nearest-neighbors")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]), args.queries, args.k, args.seed)
        return 0

    env = {**os.environ, **SINGLE_THREAD}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        env.pop(name, None)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in args.engines.split(","):
            command = [
                sys.executable,
                __file__,
                "--worker",
                engine,
                str(size),
                "--queries",
                str(args.queries),
                "--k",
                str(args.k),
                "--seed",
                str(args.seed),
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return result.returncode
            row = json.loads(result.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), flush=True)

    header = (
        "| size | engine | fit (s) | p50 (ms) | p95 (ms) | CPU p50 (ms) | load | profiles (MB) "
        "| peak (MB) | index (MB) |"
    )
    print("\n" + header)
    print("|" + "---|" * 10)
    for row in rows:
        print(
            f"| {row['size']:,} | {row['engine']} | {row['fit_s']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['cpu_p50_ms']} | {row['load']} | {row['profiles_mb']} | "
            f"{row['peak_mb']} | {row['index_mb']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
