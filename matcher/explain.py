"""Short Spanish sentences that explain each factor of a match.

Explanations are written only for the handful of matches a ranking returns, so
this module may loop and format freely. The sentences are plain, short and
free of jargon: counselors read them aloud to young people and employers.
"""

import math

from .profiles import Reason
from .reference import LANGUAGE_NAMES

# A factor credit at or above this counts as "the same thing" in a sentence.
_SAME = 0.99
_SIMILAR = 0.5
_TEXT_SIMILAR = 0.3


def _join(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " y " + items[-1]


def _title(credit, candidate, vacancy, wording):
    if not vacancy.title:
        return "El puesto no indica una ocupación"
    if wording is None:
        return "No indicó ocupaciones ni experiencias"
    if credit >= _SAME:
        return f"Tiene experiencia como {wording}"
    if credit >= _SIMILAR:
        return f"Su experiencia como {wording} se parece al puesto"
    return f"Su experiencia como {wording} es de otro rubro"


def _required(credit, candidate, vacancy, skills):
    if not skills:
        return "El puesto no pide habilidades"
    missing = [wording for wording, value in skills if value <= 0]
    if not missing:
        if all(value >= _SAME for _, value in skills):
            return "Tiene todas las habilidades que pide el puesto"
        return "Tiene habilidades parecidas a todas las que pide el puesto"
    held = len(skills) - len(missing)
    return f"Tiene {held} de {len(skills)} habilidades requeridas. Le falta: {', '.join(missing)}"


def _desired(credit, candidate, vacancy, skills):
    if not skills:
        return "El puesto no indica habilidades deseables"
    held = sum(1 for _, value in skills if value > 0)
    return f"Tiene {held} de {len(skills)} habilidades deseables"


def _skills_used(credit, candidate, vacancy, used):
    if not (vacancy.required_skills or vacancy.desired_skills):
        return "El puesto no indica habilidades"
    if not candidate.skills:
        return "No indicó habilidades"
    listed, useful = used
    if listed == 1:
        return "Su habilidad sirve para el puesto" if useful else "Su habilidad es de otro rubro"
    if useful == 0:
        return f"Ninguna de sus {listed} habilidades es de este puesto"
    verb = "sirve" if useful == 1 else "sirven"
    return f"De sus {listed} habilidades, {useful} {verb} para el puesto"


def _text(credit, candidate, vacancy, vacancy_has_text):
    if not vacancy_has_text:
        return "El puesto no tiene descripción"
    if not candidate.text:
        return "No escribió una descripción"
    if credit >= _TEXT_SIMILAR:
        return "Su descripción se parece a la del puesto"
    return "Su descripción se parece poco a la del puesto"


def _distance(credit, candidate, vacancy, km):
    if math.isnan(km):
        return "No se sabe a qué distancia vive del puesto"
    if km < 1:
        text = "Vive en el mismo distrito del puesto"
    else:
        text = f"Vive a {round(km)} km"
    if (
        candidate.willing_to_relocate
        and candidate.max_travel_km is not None
        and km > candidate.max_travel_km
    ):
        text += " y está dispuesto a mudarse"
    return text


def _languages(credit, candidate, vacancy):
    if not vacancy.languages:
        return "El puesto no pide idiomas"
    if not candidate.languages:
        return "No se sabe qué idiomas habla"
    names = sorted(LANGUAGE_NAMES.get(code, code) for code in vacancy.languages)
    return f"Habla {_join(names)}, como pide el puesto"


def _education(credit, candidate, vacancy):
    if vacancy.min_education is None:
        return "El puesto no pide un nivel educativo"
    if candidate.education is None:
        return "No se sabe su nivel educativo"
    if candidate.education >= vacancy.min_education:
        return "Cumple el nivel educativo mínimo"
    return "No llega al nivel educativo mínimo"


def _availability(credit, candidate, vacancy):
    if not vacancy.months:
        return "El puesto no indica meses"
    if not candidate.available_months:
        return "No indicó en qué meses puede trabajar"
    common = len(vacancy.months & candidate.available_months)
    if common == len(vacancy.months):
        return "Puede trabajar todos los meses del puesto"
    return f"Puede trabajar {common} de los {len(vacancy.months)} meses del puesto"


def build_reasons(weights, credits, candidate, vacancy, detail):
    """Return the match's reasons (one per factor) and its missing required skills.

    Parameters
    ----------
    weights : dict
        Normalised factor weights, in factor order.
    credits : dict
        Factor -> credit in [0, 1] for this pair.
    candidate : Candidate
    vacancy : Vacancy
    detail : dict
        ``title_wording`` (the candidate's closest title or None),
        ``required`` and ``desired`` (lists of (vacancy wording, credit)),
        ``km`` (NaN when unknown) and ``vacancy_has_text``.
    """
    sentences = {
        "title": _title(credits["title"], candidate, vacancy, detail["title_wording"]),
        "required_skills": _required(
            credits["required_skills"], candidate, vacancy, detail["required"]
        ),
        "desired_skills": _desired(
            credits["desired_skills"], candidate, vacancy, detail["desired"]
        ),
        "skills_used": _skills_used(
            credits["skills_used"], candidate, vacancy, detail["skills_used"]
        ),
        "text": _text(credits["text"], candidate, vacancy, detail["vacancy_has_text"]),
        "distance": _distance(credits["distance"], candidate, vacancy, detail["km"]),
        "languages": _languages(credits["languages"], candidate, vacancy),
        "education": _education(credits["education"], candidate, vacancy),
        "availability": _availability(credits["availability"], candidate, vacancy),
    }
    reasons = tuple(
        Reason(factor, weight * credits[factor], sentences[factor])
        for factor, weight in weights.items()
    )
    missing = tuple(wording for wording, value in detail["required"] if value <= 0)
    return reasons, missing
