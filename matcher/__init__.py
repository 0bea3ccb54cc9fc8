"""Chamba's matching engine: rank young job seekers and vacancies, with reasons.

Plain numpy, scipy and scikit-learn; it never touches the web app or the
database, so it can be tested, benchmarked and reused alone.

>>> from matcher import Candidate, Vacancy, Matcher
>>> matcher = Matcher().fit(candidates=[Candidate(id=1, titles=["mozo"])])
>>> [m.candidate_id for m in matcher.rank_candidates(Vacancy(id=7, title="mesera"))]
[1]
"""

from .estimator import DEFAULT_WEIGHTS, FACTORS, Matcher
from .profiles import Candidate, Match, Reason, SkillGap, Vacancy

__all__ = [
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "Candidate",
    "Match",
    "Matcher",
    "Reason",
    "SkillGap",
    "Vacancy",
]
