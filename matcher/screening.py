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
