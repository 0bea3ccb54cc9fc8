"""Why a match scored what it did: one reason per factor, in Spanish and English.

Explanations are written only for the handful of matches a ranking returns, so
this module may loop and format freely. Sentences are about the person, in the
third person, short and grammatical; counselors read them aloud to young people
and employers. They agree in gender with the person when ``sex`` is known
("Trabajó 2 años como cocinera", "está dispuesta a mudarse") and use forms that
need no agreement otherwise ("puede mudarse").

Each sentence is also said to the person herself, as tú, from the same evidence
(``Reason.text_you``, ``text_you_en``): the pages a young person reads about her
own matches speak to her ("Trabajaste 2 años como cocinera", "estás dispuesta a
mudarte", "puedes mudarte"), while counselors and employers keep the third person.

Free text is never pasted into a sentence as if it were a job title: a title is
named by the occupation recognised in it ("cociné para la faena comunal" is
named "cocinera"), or else quoted whole («hice de todo»). Work the person only
WANTS is never described as experience.

Contributions under a product
-----------------------------
The score is ``relevance * reach``. Each relevance factor's reason carries its
weighted credit, unscaled (what it adds to relevance); one ``"reach"`` reason
carries ``score - relevance`` (zero or negative: what the distance took away).
So the contributions add up exactly to the score, a relevance reason reads the
same whoever is far, and the cost of distance is stated once, where it belongs.

A factor with the same credit for every profile ranked (a vacancy that asks for
no language, a vacancy with no district) keeps its contribution but says
nothing: it cannot explain why one person ranks above another.
"""

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from .profiles import Reason
from .reference import (
    FAMILY_FARM_PHRASE,
    FARM_TITLES,
    KIND_PHRASES,
    KIND_PHRASES_YOU,
    LANGUAGE_NAMES,
    LANGUAGE_NAMES_EN,
)
from .text import fold

# A title similarity at or above this is "the same job"; above _SIMILAR "similar".
_SAME = 0.99
_SIMILAR = 0.5
_RELATED = 0.3
_TEXT_SIMILAR = 0.3
# Contributions smaller than this are not worth a sentence.
_NOTHING = 0.005
_QUOTE_CHARS = 60


@dataclass
class Evidence:
    """What the ranking found for one pair, beyond the credits."""

    experience: object = None  # the best Experience done, or None
    experience_sim: float = 0.0
    wanted: str | None = None  # the best title wanted, or None
    wanted_sim: float = 0.0
    required: list = field(default_factory=list)  # (vacancy wording, credit)
    desired: list = field(default_factory=list)
    skills_used: tuple = (0, 0)  # (skills listed, skills that serve)
    hours: float = math.nan
    vacancy_has_text: bool = False
    uniform: frozenset = frozenset()


class Said(NamedTuple):
    """One reason's sentence four ways: about the person (es, en) and to her (you, you_en)."""

    es: str = ""
    en: str = ""
    you: str = ""
    you_en: str = ""

    def __add__(self, other):
        """Each form followed by the same form of ``other`` (a Said or four strings)."""
        return Said(*(a + b for a, b in zip(self, other, strict=True)))


_SILENT = Said()


def _join(items, last=" y "):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def _quote(text):
    text = " ".join(text.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def _duration(months):
    """("2 años", "2 years") for a number of months; ("", "") when unknown."""
    if not months:
        return "", ""
    years, rest = divmod(int(months), 12)
    es, en = [], []
    if years:
        es.append(f"{years} año" + ("s" if years > 1 else ""))
        en.append(f"{years} year" + ("s" if years > 1 else ""))
    if rest:
        es.append(f"{rest} mes" + ("es" if rest > 1 else ""))
        en.append(f"{rest} month" + ("s" if rest > 1 else ""))
    return " y ".join(es), " and ".join(en)


def _kind(experience, occupation):
    """How the work was done, about the person and to her: "por su cuenta", "por tu cuenta"."""
    if experience.kind is None:
        return _SILENT
    if experience.kind == "family" and occupation is not None and occupation.label in FARM_TITLES:
        return Said(*FAMILY_FARM_PHRASE, *FAMILY_FARM_PHRASE)
    return Said(*KIND_PHRASES[experience.kind], *KIND_PHRASES_YOU[experience.kind])


def _same_occupation(a, b):
    # Built-in title groups and the knowledge key the same occupation differently
    # ("cocinero" vs an ESCO URI): the same key or the same label is the same job.
    return a is not None and b is not None and (a.key == b.key or fold(a.label) == fold(b.label))


def _experience(candidate, vacancy, evidence, lexicon):
    experience = evidence.experience
    if experience is None or evidence.experience_sim < _RELATED:
        return _SILENT
    occupation = lexicon.occupation(experience.title)
    es_time, en_time = _duration(experience.months)
    if occupation is not None:
        label = occupation.label_for(candidate.sex)
        es_as = (f" {es_time}" if es_time else "") + f" como {label}"
        en_as = (f" {en_time}" if en_time else "") + f" as «{label}»"
        said = Said(f"Trabajó{es_as}", f"Worked{en_as}",
                    f"Trabajaste{es_as}", f"You worked{en_as}")
    else:
        quoted = _quote(experience.title)
        es_had = f" {es_time} de experiencia" if es_time else " experiencia"
        en_had = f" {en_time} of experience" if en_time else " experience"
        said = Said(f"Tiene{es_had}", f"Has{en_had}", f"Tienes{es_had}", f"You have{en_had}")
        said += (f" en «{quoted}»", f" in «{quoted}»") * 2
    kind = _kind(experience, occupation)
    if kind.es:
        said += Said(*(f" {phrase}" for phrase in kind))
    # Name ESCO when its recognition of free text is why the title matched; a
    # title that is one of the occupation's own labels ("mozo") needs no note.
    if (
        occupation is not None
        and occupation.esco
        and occupation.score < 1.0
        and fold(occupation.label) != fold(experience.title)
    ):
        said += (f" (ocupación ESCO «{occupation.label}»)",
                 f" (ESCO occupation «{occupation.label}»)") * 2
    # A title recognised as an occupation counts with the recognition's score:
    # judge "similar" against that, not against 1.
    sure = occupation.score if occupation is not None else 1.0
    # When both sides name the same occupation the work is that job, not "parecido",
    # whatever the title similarity of the two wordings.
    same = _same_occupation(occupation, lexicon.occupation(vacancy.title))
    if not same and evidence.experience_sim < _SAME * sure:
        if evidence.experience_sim >= _SIMILAR * sure:
            said += (", un trabajo parecido", ", similar work") * 2
        else:
            said += (", un trabajo algo parecido", ", somewhat related work") * 2
    return said


def _wanted(candidate, evidence, lexicon):
    title = evidence.wanted
    if title is None or evidence.wanted_sim < _RELATED:
        return _SILENT
    occupation = lexicon.occupation(title)
    if occupation is not None:
        label = occupation.label_for(candidate.sex)
        return Said(f"Quiere trabajar de {label}", f"Wants to work as «{label}»",
                    f"Quieres trabajar de {label}", f"You want to work as «{label}»")
    quoted = _quote(title)
    return Said(f"Quiere trabajar en «{quoted}»", f"Wants to work in «{quoted}»",
                f"Quieres trabajar en «{quoted}»", f"You want to work in «{quoted}»")


def _required(skills):
    if not skills:
        return _SILENT
    missing = [wording for wording, value in skills if value <= 0]
    if not missing:
        if all(value >= _SAME for _, value in skills):
            return Said(
                "Tiene todas las habilidades que pide el puesto",
                "Has every skill the job requires",
                "Tienes todas las habilidades que pide el puesto",
                "You have every skill the job requires",
            )
        return Said(
            "Tiene habilidades parecidas a todas las que pide el puesto",
            "Has skills close to every one the job requires",
            "Tienes habilidades parecidas a todas las que pide el puesto",
            "You have skills close to every one the job requires",
        )
    held, n = len(skills) - len(missing), len(skills)
    if n == 1:  # "0 de 1 habilidades" reads wrong; one skill asked, and it is missing
        return Said(
            f"Le falta la habilidad que pide el puesto: {missing[0]}",
            f"Lacks the skill the job requires: {missing[0]}",
            f"Te falta la habilidad que pide el puesto: {missing[0]}",
            f"You lack the skill the job requires: {missing[0]}",
        )
    listed = ", ".join(missing)
    lacks = "falta" if len(missing) == 1 else "faltan"
    return Said(
        f"Tiene {held} de {n} habilidades requeridas. Le {lacks}: {listed}",
        f"Has {held} of {n} required skills. Missing: {listed}",
        f"Tienes {held} de {n} habilidades requeridas. Te {lacks}: {listed}",
        f"You have {held} of {n} required skills. Missing: {listed}",
    )


def _desired(skills):
    held = sum(1 for _, value in skills if value > 0)
    if not held:
        return _SILENT
    n = len(skills)
    return Said(
        f"Tiene {held} de {n} habilidades deseables",
        f"Has {held} of {n} desired skills",
        f"Tienes {held} de {n} habilidades deseables",
        f"You have {held} of {n} desired skills",
    )


def _skills_used(used):
    listed, useful = used
    if not useful:
        return _SILENT
    if listed == 1:
        return Said("Su habilidad sirve para el puesto", "Their skill is useful for the job",
                    "Tu habilidad sirve para el puesto", "Your skill is useful for the job")
    verb, verb_en = ("sirve", "is") if useful == 1 else ("sirven", "are")
    return Said(
        f"De sus {listed} habilidades, {useful} {verb} para el puesto",
        f"Of their {listed} skills, {useful} {verb_en} useful for the job",
        f"De tus {listed} habilidades, {useful} {verb} para el puesto",
        f"Of your {listed} skills, {useful} {verb_en} useful for the job",
    )


def _text(credit):
    if credit >= _TEXT_SIMILAR:
        return Said("Su descripción se parece a la del puesto",
                    "Their description is close to the job's",
                    "Tu descripción se parece a la del puesto",
                    "Your description is close to the job's")
    return _SILENT


def _languages(candidate, vacancy):
    if not vacancy.languages or not candidate.languages:
        return _SILENT
    es = _join(sorted(LANGUAGE_NAMES.get(code, code) for code in vacancy.languages))
    en = _join(sorted(LANGUAGE_NAMES_EN.get(code, code) for code in vacancy.languages), " and ")
    return Said(
        f"Habla {es}, como pide el puesto",
        f"Speaks {en}, as the job requires",
        f"Hablas {es}, como pide el puesto",
        f"You speak {en}, as the job requires",
    )


def _education(candidate, vacancy):
    if vacancy.min_education is None or candidate.education is None:
        return _SILENT
    gap = vacancy.min_education - candidate.education
    if gap <= 0:
        return Said("Cumple el nivel educativo mínimo", "Meets the minimum education",
                    "Cumples el nivel educativo mínimo", "You meet the minimum education")
    if gap == 1:
        return Said(
            "Le falta un nivel para el mínimo educativo",
            "Is one level short of the minimum education",
            "Te falta un nivel para el mínimo educativo",
            "You are one level short of the minimum education",
        )
    return Said("No llega al nivel educativo mínimo", "Is below the minimum education",
                "No llegas al nivel educativo mínimo", "You are below the minimum education")


def _season(candidate, vacancy):
    if not vacancy.months or not candidate.available_months:
        return _SILENT
    common = len(vacancy.months & candidate.available_months)
    if common == len(vacancy.months):
        return Said("Puede trabajar todos los meses del puesto", "Can work every month of the job",
                    "Puedes trabajar todos los meses del puesto",
                    "You can work every month of the job")
    n = len(vacancy.months)
    return Said(
        f"Puede trabajar {common} de los {n} meses del puesto",
        f"Can work {common} of the job's {n} months",
        f"Puedes trabajar {common} de los {n} meses del puesto",
        f"You can work {common} of the job's {n} months",
    )


def _hours(hours):
    """("3 horas", "3 hours") or minutes under an hour, rounded the way people say it."""
    if hours < 0.75:
        minutes = max(10, int(round(hours * 60 / 10.0)) * 10)
        return f"{minutes} minutos", f"{minutes} minutes"
    # Long trips are said in whole hours: nobody says "43 hours and a half".
    halves = math.floor(hours * 2 + 0.5) / 2 if hours < 10 else math.floor(hours + 0.5)
    whole = int(halves)
    if halves != whole:
        if whole == 0:
            return "media hora", "half an hour"
        es = "1 hora y media" if whole == 1 else f"{whole} horas y media"
        return es, f"{halves:g} hours"
    return ("1 hora", "1 hour") if whole == 1 else (f"{whole} horas", f"{whole} hours")


def _reach(candidate, vacancy, hours):
    if candidate.district is None:
        return Said("No indicó dónde vive", "Did not say where they live",
                    "No indicaste dónde vives", "You did not say where you live")
    if math.isnan(hours):
        return Said("No se sabe a cuánto tiempo vive del puesto",
                    "Travel time to the job is unknown",
                    "No se sabe a cuánto tiempo vives del puesto",
                    "Your travel time to the job is unknown")
    if hours == 0:
        said = Said("Vive en el mismo distrito", "Lives in the same district",
                    "Vives en el mismo distrito", "You live in the same district")
    else:
        es_h, en_h = _hours(hours)
        said = Said(f"Vive a {es_h} de viaje", f"Lives {en_h} away",
                    f"Vives a {es_h} de viaje", f"You live {en_h} away")
    if candidate.willing_to_relocate and hours > 0:
        # "dispuesta" agrees with her; unknown sex takes "puede", which needs no agreement.
        willing = {"F": "dispuesta", "M": "dispuesto"}.get(candidate.sex)
        if willing:
            said += Said(f" y está {willing} a mudarse", " and is willing to move",
                         f" y estás {willing} a mudarte", " and are willing to move")
        else:
            said += Said(" y puede mudarse", " and is willing to move",
                         " y puedes mudarte", " and are willing to move")
    return said


def build_reasons(weights, credits, reach, candidate, vacancy, evidence, lexicon):
    """Return the match's reasons (strongest first), its missing skills and its score.

    Parameters
    ----------
    weights : dict
        Normalised factor weights, in factor order.
    credits : dict
        Factor -> credit in [0, 1] for this pair.
    reach : float
        Reach of this pair, in [0, 1].
    candidate, vacancy : Candidate, Vacancy
    evidence : Evidence
    lexicon : matcher.lexicon.Lexicon
        To name the occupation recognised in a title.
    """
    sentences = {
        "experience": _experience(candidate, vacancy, evidence, lexicon),
        "wanted": _wanted(candidate, evidence, lexicon),
        "required_skills": _required(evidence.required),
        "desired_skills": _desired(evidence.desired),
        "skills_used": _skills_used(evidence.skills_used),
        "text": _text(credits["text"]) if evidence.vacancy_has_text else _SILENT,
        "languages": _languages(candidate, vacancy),
        "education": _education(candidate, vacancy),
        "season": _season(candidate, vacancy),
        "reach": _reach(candidate, vacancy, evidence.hours),
    }
    reasons = []
    relevance = 0.0
    for factor, weight in weights.items():
        contribution = weight * credits[factor]
        relevance += contribution
        said = factor not in evidence.uniform and (
            contribution >= _NOTHING or factor in ("required_skills", "education")
        )
        reasons.append(Reason(factor, contribution, *(sentences[factor] if said else _SILENT)))
    said = _SILENT if "reach" in evidence.uniform else sentences["reach"]
    # relevance * (reach - 1) is never positive, and relevance plus it is the score.
    taken = relevance * (reach - 1.0)
    reasons.append(Reason("reach", taken, *said))
    order = {factor: i for i, factor in enumerate(weights)}
    # Rounded so that contributions equal but for float noise (0.06 x 2/3 and
    # 0.08 x 1/2) keep the factor order.
    reasons.sort(
        key=lambda r: (-round(abs(r.contribution), 12), order.get(r.factor, len(order)))
    )
    missing = tuple(wording for wording, value in evidence.required if value <= 0)
    return tuple(reasons), missing, relevance + taken
