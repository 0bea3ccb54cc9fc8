"""Ranking metrics match hand-computed values."""

import doctest

import pytest

import matcher.estimator
import matcher.evaluation
import matcher.features
import matcher.profiles
from matcher.evaluation import average_precision, evaluate, ndcg_at_k, reciprocal_rank


@pytest.mark.parametrize(
    ("ranked", "relevant", "ap", "ndcg", "rr"),
    [
        (["a", "b", "c"], {"a"}, 1.0, 1.0, 1.0),
        (["x", "a"], {"a"}, 0.5, 0.6309297535714575, 0.5),
        (["a", "x", "b"], {"a", "b"}, (1 + 2 / 3) / 2, (1 + 0.5) / (1 + 0.6309297535714575), 1.0),
        (["x", "y"], {"a"}, 0.0, 0.0, 0.0),
        (["x"], set(), 0.0, 0.0, 0.0),
    ],
)
def test_metrics_on_small_hand_checked_rankings(ranked, relevant, ap, ndcg, rr):
    assert average_precision(ranked, relevant) == pytest.approx(ap)
    assert ndcg_at_k(ranked, relevant, k=10) == pytest.approx(ndcg)
    assert reciprocal_rank(ranked, relevant) == pytest.approx(rr)


def test_cutoffs_ignore_what_comes_after():
    assert ndcg_at_k(["x", "a"], {"a"}, k=1) == 0.0
    assert average_precision(["x", "a"], {"a"}, k=1) == 0.0
    assert reciprocal_rank(["x", "a"], {"a"}, k=1) == 0.0


def test_evaluate_averages_over_queries():
    result = evaluate([(["a"], {"a"}), (["x"], {"a"})], k=5)
    assert result == {"map": 0.5, "ndcg@5": 0.5, "mrr": 0.5, "queries": 2}
    assert evaluate([], k=5)["queries"] == 0


@pytest.mark.parametrize(
    "module", [matcher, matcher.estimator, matcher.evaluation, matcher.features, matcher.profiles]
)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_average_precision_counts_every_relevant_item_even_past_the_cutoff():
    # Official MAP: two relevant ids, one found in the top 1 -> 1/2, not 1/min(2, 1).
    assert average_precision(["a", "x", "b"], {"a", "b"}, k=1) == 0.5
    relevant = {f"r{i}" for i in range(150)}
    assert average_precision(sorted(relevant), relevant, k=100) == pytest.approx(100 / 150)
