"""Every reason also speaks to the person herself, as tú, from the same evidence as the
third-person sentence that counselors and employers read."""

import pytest
from hypothesis import given

from matcher import Candidate, Matcher, Vacancy
from matcher import Experience as E
from matcher.explain import _required
from tests.matcher.test_matcher_properties import SETTINGS, candidates, vacancies

URCOS, ANDAHUAYLILLAS, OCONGATE, CUSCO = "081201", "081202", "081210", "080101"

# Third-person openings that must never start a sentence said to the person.
THIRD_PERSON = ("Tiene ", "Le falta", "Vive ", "Habla ", "Trabajó", "Quiere ", "Puede ",
                "Cumple ", "No llega ", "No indicó", "Su ", "De sus")


def _reason(candidate, vacancy, factor):
    (match,) = Matcher().fit(candidates=[candidate]).rank_candidates(vacancy)
    return next(r for r in match.reasons if r.factor == factor)


# (why, candidate, vacancy, factor, third person, second person, second person in English)
SENTENCES = [
    ("done, recognised, with time and kind",
     Candidate(id=1, titles=[E("cociné para la faena comunal", 24, "community")],
               district=OCONGATE, sex="F"),
     Vacancy(id=1, title="cocinero", district=OCONGATE), "experience",
     "Trabajó 2 años como cocinera en faenas comunales (ocupación ESCO «cocinero»)",
     "Trabajaste 2 años como cocinera en faenas comunales (ocupación ESCO «cocinero»)",
     "You worked 2 years as «cocinera» in community work (ESCO occupation «cocinero»)"),
    ("done for the family farm",
     Candidate(id=1, titles=[E("agricultor", 30, "family")], sex="M"),
     Vacancy(id=1, title="agricultor"), "experience",
     "Trabajó 2 años y 6 meses como agricultor en la chacra familiar",
     "Trabajaste 2 años y 6 meses como agricultor en la chacra familiar",
     "You worked 2 years and 6 months as «agricultor» on the family farm"),
    ("done on her own",
     Candidate(id=1, titles=[E("mesera", 12, "self_employed")], sex="F"),
     Vacancy(id=1, title="mesera"), "experience",
     "Trabajó 1 año como mesera por su cuenta",
     "Trabajaste 1 año como mesera por tu cuenta",
     "You worked 1 year as «mesera» self-employed"),
    ("done for her family",
     Candidate(id=1, titles=[E("mesera", 12, "family")], sex="F"),
     Vacancy(id=1, title="mesera"), "experience",
     "Trabajó 1 año como mesera para su familia",
     "Trabajaste 1 año como mesera para tu familia",
     "You worked 1 year as «mesera» for your family"),
    ("done, in his gender, informal",
     Candidate(id=1, titles=[E("mozo", 6, "informal")], sex="M"),
     Vacancy(id=1, title="mesera"), "experience",
     "Trabajó 6 meses como mesero sin contrato",
     "Trabajaste 6 meses como mesero sin contrato",
     "You worked 6 months as «mesero» informally"),
    ("done, similar work",
     Candidate(id=1, titles=[E("ayudante de cocina", 12)], sex="F"),
     Vacancy(id=1, title="cocinero"), "experience",
     "Trabajó 1 año como ayudante de cocina, un trabajo parecido",
     "Trabajaste 1 año como ayudante de cocina, un trabajo parecido",
     "You worked 1 year as «ayudante de cocina», similar work"),
    ("done, free text quoted",
     Candidate(id=1, titles=[E("hice de todo un poco", 12)]),
     Vacancy(id=1, title="hice de todo"), "experience",
     "Tiene 1 año de experiencia en «hice de todo un poco», un trabajo parecido",
     "Tienes 1 año de experiencia en «hice de todo un poco», un trabajo parecido",
     "You have 1 year of experience in «hice de todo un poco», similar work"),
    ("done, free text quoted, no time",
     Candidate(id=1, titles=["hice de todo un poco"]),
     Vacancy(id=1, title="hice de todo"), "experience",
     "Tiene experiencia en «hice de todo un poco», un trabajo parecido",
     "Tienes experiencia en «hice de todo un poco», un trabajo parecido",
     "You have experience in «hice de todo un poco», similar work"),
    ("wanted, in her gender",
     Candidate(id=1, desired_titles=["mozo"], sex="F"), Vacancy(id=1, title="mesero"),
     "wanted", "Quiere trabajar de mesera", "Quieres trabajar de mesera",
     "You want to work as «mesera»"),
    ("wanted, in his gender",
     Candidate(id=1, desired_titles=["moza"], sex="M"), Vacancy(id=1, title="mesera"),
     "wanted", "Quiere trabajar de mesero", "Quieres trabajar de mesero",
     "You want to work as «mesero»"),
    ("wanted, free text",
     Candidate(id=1, desired_titles=["hice de todo un poco"]),
     Vacancy(id=1, title="hice de todo"), "wanted",
     "Quiere trabajar en «hice de todo un poco»", "Quieres trabajar en «hice de todo un poco»",
     "You want to work in «hice de todo un poco»"),
    ("every required skill",
     Candidate(id=1, skills=["atención al cliente"]),
     Vacancy(id=1, title="x", required_skills=["atención al cliente"]), "required_skills",
     "Tiene todas las habilidades que pide el puesto",
     "Tienes todas las habilidades que pide el puesto",
     "You have every skill the job requires"),
    ("the one required skill missing",
     Candidate(id=1, titles=["albañil"]),
     Vacancy(id=1, title="albañil", required_skills=["lectura de planos"]), "required_skills",
     "Le falta la habilidad que pide el puesto: lectura de planos",
     "Te falta la habilidad que pide el puesto: lectura de planos",
     "You lack the skill the job requires: lectura de planos"),
    ("some required skills missing",
     Candidate(id=1, skills=["atención al cliente"]),
     Vacancy(id=1, title="mesera", required_skills=["atención al cliente", "manejo de caja"]),
     "required_skills",
     "Tiene 1 de 2 habilidades requeridas. Le falta: manejo de caja",
     "Tienes 1 de 2 habilidades requeridas. Te falta: manejo de caja",
     "You have 1 of 2 required skills. Missing: manejo de caja"),
    ("desired skills",
     Candidate(id=1, skills=["inglés básico"]),
     Vacancy(id=1, title="mesera", desired_skills=["inglés básico", "manejo de caja"]),
     "desired_skills", "Tiene 1 de 2 habilidades deseables", "Tienes 1 de 2 habilidades deseables",
     "You have 1 of 2 desired skills"),
    ("her one skill serves",
     Candidate(id=1, skills=["atención al cliente"]),
     Vacancy(id=1, title="mesera", required_skills=["atención al cliente"]), "skills_used",
     "Su habilidad sirve para el puesto", "Tu habilidad sirve para el puesto",
     "Your skill is useful for the job"),
    ("some of her skills serve",
     Candidate(id=1, skills=["atención al cliente", "manejo de caja", "tejido a telar"]),
     Vacancy(id=1, title="mesera", required_skills=["atención al cliente", "manejo de caja"]),
     "skills_used", "De sus 3 habilidades, 2 sirven para el puesto",
     "De tus 3 habilidades, 2 sirven para el puesto",
     "Of your 3 skills, 2 are useful for the job"),
    ("her description",
     Candidate(id=1, text="restaurante turístico de comida típica"),
     Vacancy(id=1, title="mesera", text="restaurante turístico de comida típica"), "text",
     "Su descripción se parece a la del puesto", "Tu descripción se parece a la del puesto",
     "Your description is close to the job's"),
    ("languages",
     Candidate(id=1, languages=["que", "spa"]),
     Vacancy(id=1, title="mesera", languages=["que"]), "languages",
     "Habla quechua, como pide el puesto", "Hablas quechua, como pide el puesto",
     "You speak Quechua, as the job requires"),
    ("education met",
     Candidate(id=1, education=3), Vacancy(id=1, title="mesera", min_education=2), "education",
     "Cumple el nivel educativo mínimo", "Cumples el nivel educativo mínimo",
     "You meet the minimum education"),
    ("education one level short",
     Candidate(id=1, education=2), Vacancy(id=1, title="mesera", min_education=3), "education",
     "Le falta un nivel para el mínimo educativo", "Te falta un nivel para el mínimo educativo",
     "You are one level short of the minimum education"),
    ("education below",
     Candidate(id=1, education=1), Vacancy(id=1, title="mesera", min_education=3), "education",
     "No llega al nivel educativo mínimo", "No llegas al nivel educativo mínimo",
     "You are below the minimum education"),
    ("every month",
     Candidate(id=1, available_months={6, 7, 8}), Vacancy(id=1, title="mesera", months={6, 7}),
     "season", "Puede trabajar todos los meses del puesto",
     "Puedes trabajar todos los meses del puesto", "You can work every month of the job"),
    ("some months",
     Candidate(id=1, available_months={6}), Vacancy(id=1, title="mesera", months={6, 7}),
     "season", "Puede trabajar 1 de los 2 meses del puesto",
     "Puedes trabajar 1 de los 2 meses del puesto", "You can work 1 of the job's 2 months"),
    ("where she lives unsaid",
     Candidate(id=1), Vacancy(id=1, title="mesera", district=ANDAHUAYLILLAS), "reach",
     "No indicó dónde vive", "No indicaste dónde vives", "You did not say where you live"),
    ("travel time unknown",
     Candidate(id=1, district="150101"), Vacancy(id=1, title="mesera", district=ANDAHUAYLILLAS),
     "reach", "No se sabe a cuánto tiempo vive del puesto",
     "No se sabe a cuánto tiempo vives del puesto", "Your travel time to the job is unknown"),
    ("same district",
     Candidate(id=1, district=ANDAHUAYLILLAS),
     Vacancy(id=1, title="mesera", district=ANDAHUAYLILLAS), "reach",
     "Vive en el mismo distrito", "Vives en el mismo distrito", "You live in the same district"),
    ("hours away",
     Candidate(id=1, district=CUSCO), Vacancy(id=1, title="mesera", district=OCONGATE), "reach",
     "Vive a 3 horas y media de viaje", "Vives a 3 horas y media de viaje",
     "You live 3.5 hours away"),
    ("hours away, she would move",
     Candidate(id=1, district=CUSCO, sex="F", willing_to_relocate=True),
     Vacancy(id=1, title="mesera", district=OCONGATE), "reach",
     "Vive a 3 horas y media de viaje y está dispuesta a mudarse",
     "Vives a 3 horas y media de viaje y estás dispuesta a mudarte",
     "You live 3.5 hours away and are willing to move"),
    ("hours away, he would move",
     Candidate(id=1, district=CUSCO, sex="M", willing_to_relocate=True),
     Vacancy(id=1, title="mesera", district=OCONGATE), "reach",
     "Vive a 3 horas y media de viaje y está dispuesto a mudarse",
     "Vives a 3 horas y media de viaje y estás dispuesto a mudarte",
     "You live 3.5 hours away and are willing to move"),
    ("hours away, would move, sex unknown",
     Candidate(id=1, district=CUSCO, willing_to_relocate=True),
     Vacancy(id=1, title="mesera", district=OCONGATE), "reach",
     "Vive a 3 horas y media de viaje y puede mudarse",
     "Vives a 3 horas y media de viaje y puedes mudarte",
     "You live 3.5 hours away and are willing to move"),
]


@pytest.mark.parametrize(("candidate", "vacancy", "factor", "third", "you", "you_en"),
                         [case[1:] for case in SENTENCES], ids=[case[0] for case in SENTENCES])
def test_each_reason_is_also_said_to_the_person(candidate, vacancy, factor, third, you, you_en):
    reason = _reason(candidate, vacancy, factor)
    assert reason.text == third  # what counselors and employers read, unchanged
    assert reason.text_you == you
    assert reason.text_you_en == you_en


def test_skills_close_to_every_required_one_are_said_to_the_person():
    said = _required([("atención al cliente", 0.6)])
    assert said.es == "Tiene habilidades parecidas a todas las que pide el puesto"
    assert said.you == "Tienes habilidades parecidas a todas las que pide el puesto"
    assert said.you_en == "You have skills close to every one the job requires"


@SETTINGS
@given(candidate=candidates, vacancy=vacancies)
def test_every_sentence_has_its_second_person_form_and_nothing_more(candidate, vacancy):
    matches = Matcher().fit(candidates=[candidate]).rank_candidates(vacancy)
    for match in matches:
        for reason in match.reasons:
            # Said to the person exactly when said about her, in both languages.
            assert bool(reason.text) == bool(reason.text_you) == bool(reason.text_you_en)
            if reason.text_you:
                assert not reason.text_you.startswith(THIRD_PERSON), reason
                assert reason.text_you[0].isupper() and reason.text_you_en[0].isupper()
                assert " su " not in reason.text_you and " sus " not in reason.text_you
