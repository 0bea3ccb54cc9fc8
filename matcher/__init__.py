"""Chamba's matching engine: rank young job seekers and vacancies, with reasons.

Plain numpy, scipy and scikit-learn; it never touches the web app or the
database, so it can be tested, benchmarked and reused alone. Where to look:

* :mod:`matcher.profiles`: what goes in and comes out (Candidate, Experience,
  Vacancy, Outcome, Match, Reason, SkillGap);
* :mod:`matcher.text`, :mod:`matcher.features`: pure functions on text and values;
* :mod:`matcher.lexicon`: occupations, titles and skills, with or without
  :mod:`matcher.knowledge`;
* :mod:`matcher.geo`: travel hours between districts;
* :mod:`matcher.spaces`: title/skill phrases and free text as vectors;
* :mod:`matcher.index`: the fitted state, as typed containers, and how fit builds it;
* :mod:`matcher.scoring`: the factors, weights and one credit rule each; relevance
  times reach and the top k;
* :mod:`matcher.credits`: one query's hard filters and every factor's credit,
  in both directions;
* :mod:`matcher.screening`: the float32 pass that finds who can be in the top k;
* :mod:`matcher.evidence`, :mod:`matcher.explain`: the reasons of the k returned,
  in Spanish and English;
* :mod:`matcher.estimator`: :class:`Matcher`, which composes them.

>>> from matcher import Candidate, Experience, Vacancy, Matcher
>>> matcher = Matcher(knowledge=False).fit(candidates=[
...     Candidate(id=1, titles=[Experience("cociné para la faena comunal", 24, "community")],
...               desired_titles=["mesera"], sex="F")])
>>> match = matcher.rank_candidates(Vacancy(id=7, title="cocinera"))[0]
>>> [r.text for r in match.top_reasons(4)]
['Trabajó 2 años como cocinera en faenas comunales']
"""

from .estimator import DEFAULT_WEIGHTS, FACTORS, Matcher
from .profiles import KINDS, Candidate, Experience, Match, Outcome, Reason, SkillGap, Vacancy

__all__ = [
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "KINDS",
    "Candidate",
    "Experience",
    "Match",
    "Matcher",
    "Outcome",
    "Reason",
    "SkillGap",
    "Vacancy",
]
