"""Ranking quality metrics with binary relevance: MAP, nDCG@k and MRR.

Each metric takes one ranked list of ids (best first) and the set of relevant
ids for that query; :func:`evaluate` averages them over many queries. They are
used by ``bench/quality.py`` and are small enough to check by hand.
"""

import math

import numpy as np


def _hits(ranked, relevant, k=None):
    ranked = list(ranked)[:k] if k is not None else list(ranked)
    return np.array([item in relevant for item in ranked], dtype=bool)


def average_precision(ranked, relevant, k=None):
    """Average precision of one ranking, optionally cut at ``k``.

    The sum of precision at every relevant position is divided by the number of
    relevant ids, ``len(relevant)``, whatever ``k`` is (the official TREC / TalentCLEF
    definition: relevant ids beyond the cut-off count as missed, so a cut-off can
    only lower the figure). A query with nothing relevant scores 0.

    Examples
    --------
    >>> average_precision(["a", "x", "b"], {"a", "b"})
    0.8333333333333333
    >>> average_precision(["a", "x", "b"], {"a", "b"}, k=1)
    0.5
    """
    relevant = set(relevant)
    if not relevant:
        return 0.0
    hits = _hits(ranked, relevant, k)
    if not hits.any():
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision[hits].sum() / len(relevant))


def ndcg_at_k(ranked, relevant, k=10):
    """Normalised discounted cumulative gain at ``k`` with gains 0/1.

    Examples
    --------
    >>> round(ndcg_at_k(["x", "a"], {"a"}, k=10), 4)
    0.6309
    """
    relevant = set(relevant)
    if not relevant:
        return 0.0
    hits = _hits(ranked, relevant, k)
    discounts = 1.0 / np.log2(np.arange(2, len(hits) + 2))
    dcg = float(discounts[hits].sum())
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal


def reciprocal_rank(ranked, relevant, k=None):
    """1 / position of the first relevant id, 0 if none is found.

    Examples
    --------
    >>> reciprocal_rank(["x", "y", "a"], {"a"})
    0.3333333333333333
    """
    hits = np.flatnonzero(_hits(ranked, set(relevant), k))
    return 1.0 / (int(hits[0]) + 1) if hits.size else 0.0


def evaluate(runs, k=10, cutoff=None):
    """Average MAP, nDCG@k and MRR over ``(ranked, relevant)`` pairs.

    Parameters
    ----------
    runs : iterable of (sequence, collection)
        One ranked list and its relevant ids per query.
    k : int, default=10
        Cut-off of nDCG.
    cutoff : int, optional
        Cut-off of MAP and MRR (the whole list when None).

    Returns
    -------
    dict
        ``{"map": ..., "ndcg@k": ..., "mrr": ..., "queries": n}``.

    Examples
    --------
    >>> evaluate([(["a", "b"], {"a"}), (["b", "a"], {"a"})], k=2)
    {'map': 0.75, 'ndcg@2': 0.8154648767857288, 'mrr': 0.75, 'queries': 2}
    """
    ap, ndcg, rr = [], [], []
    for ranked, relevant in runs:
        ranked = list(ranked)
        ap.append(average_precision(ranked, relevant, cutoff))
        ndcg.append(ndcg_at_k(ranked, relevant, k))
        rr.append(reciprocal_rank(ranked, relevant, cutoff))
    n = len(ap)
    mean = (lambda values: float(np.mean(values))) if n else (lambda values: 0.0)
    return {"map": mean(ap), f"ndcg@{k}": mean(ndcg), "mrr": mean(rr), "queries": n}
