"""Deterministic synthetic profiles for the speed benchmark.

The profiles look like the programme's: a few hundred titles in masculine,
feminine and plural forms with qualifiers, a few hundred skills, Spanish-like
free text with a Zipf word distribution, ages 15-29, districts of the two
provinces plus the hubs and 200 made-up districts nearby, languages, months and
travel ranges with a share of unknown values.
"""

import numpy as np

from matcher import KINDS, Candidate, Experience, Vacancy
from matcher.reference import DISTRICTS

BASE_TITLES = (
    "mesero mesera mozo moza camarero camarera cocinero cocinera chef ayudante_de_cocina "
    "auxiliar_de_cocina guía_de_turismo guía_turístico albañil maestro_de_obra agricultor "
    "agricultora chacarero campesina vendedor vendedora dependienta tejedor tejedora "
    "artesano_textil motocarrista mototaxista piscicultor acuicultora cajero cajera recepcionista "
    "camarista mucama conductor chofer porteador arriero alpaquero ganadero carpintero mecánico "
    "panadero panadera repostera costurera confeccionista limpiador vigilante secretaria "
    "asistente_administrativo profesor profesora docente promotora_de_salud técnico_agropecuario "
    "técnica_agrícola motorista_fluvial botero cacaotero caficultor apicultor niñera repartidor "
    "almacenero estibador barista electricista soldador pescador pescadora enfermera "
    "técnico_en_enfermería contador contadora ingeniero_agrónomo ingeniera_civil peón_agrícola "
    "jornalero ceramista bordadora peluquera cosmetóloga"
).split()

QUALIFIERS = (
    "",
    "de restaurante",
    "de hotel",
    "de campo",
    "de obra",
    "de tienda",
    "de mercado",
    "de turismo rural",
    "en Cusco",
    "en Nieva",
    "de temporada",
    "junior",
    "con experiencia",
    "de lodge",
    "de cooperativa",
    "de feria",
    "ambulante",
    "de comedor",
    "de cafetería",
    "de vivero",
)

BASE_SKILLS = (
    "atención al cliente;servicio al cliente;manejo de caja;cobranza;higiene de alimentos;"
    "manipulación de alimentos;primeros auxilios;computación;ofimática;excel;inglés básico;"
    "quechua;tejido a telar;teñido natural;beneficio de cacao;fermentación de cacao;piscicultura;"
    "crianza de cuyes;crianza de animales menores;control de plagas;ventas;limpieza;"
    "contabilidad básica;trabajo en equipo;navegación fluvial;carpintería;albañilería;"
    "repostería;panadería;guiado turístico;limpieza de habitaciones;licencia de conducir;"
    "redes sociales;cocina peruana;cocina novoandina;preparación de bebidas;barismo;"
    "atención de mesas;montaje de mesas;lavado de vajilla;manejo de herramientas;soldadura;"
    "instalaciones eléctricas;gasfitería;pintura;riego tecnificado;poda;injerto;cosecha de café;"
    "manejo de ganado;esquila de alpacas;ordeño;elaboración de quesos;apicultura;"
    "mantenimiento de motos;manejo de motor fuera de borda;pesca artesanal;cerámica;bordado;"
    "costura;confección;corte y confección;diseño de prendas;peluquería;manicure;"
    "cuidado de niños;cuidado de adultos mayores;enfermería básica;vacunación de animales;"
    "registro de ventas;inventarios;almacenaje;carga y descarga;seguridad y salud en el trabajo;"
    "interpretación cultural;historia local;senderismo;acampada;orientación en montaña;"
    "atención telefónica;redacción;facturación electrónica;manejo de celular;fotografía"
).split(";")

SKILL_VARIANTS = ("", " básica", " avanzada", " (certificado)", " en campo")

SYLLABLES = (
    "ka ta pa ma la ra sa na wa ya cha qa lla ñu hu pi ri ti mi ku tu pu su ru nu yu "
    "ak an ar as at in ir is un ur"
).split()

COMMON_WORDS = (
    "trabajo experiencia ayudo familia chacra tienda mercado comunidad faena turistas "
    "cocina atención clientes venta campo cosecha animales crianza tejido telar río bote "
    "cacao café hotel restaurante limpieza obra construcción meses años temporada apoyo "
    "responsable puntual aprendo rápido quiero trabajar cerca casa colegio secundaria "
    "curso taller capacitación certificado municipalidad cooperativa asociación feria "
    "artesanía lodge ruta ausangate andahuaylillas nieva cenepa"
).split()


def _vocabulary(rng, size=3000):
    words = set(COMMON_WORDS)
    while len(words) < size:
        n = rng.integers(2, 5)
        words.add("".join(rng.choice(SYLLABLES, size=n)))
    return sorted(words)


def _districts(rng, extra=200):
    table = dict(DISTRICTS)
    bases = list(DISTRICTS.values())
    for i in range(extra):
        lat, lon = bases[i % len(bases)]
        table[f"99{i:04d}"] = (
            round(lat + rng.normal(0, 0.6), 4),
            round(lon + rng.normal(0, 0.6), 4),
        )
    return table


class World:
    """Pools of titles, skills, words and districts drawn once from a seed."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.titles = [
            f"{base.replace('_', ' ')} {qualifier}".strip()
            for base in BASE_TITLES
            for qualifier in QUALIFIERS
        ]
        self.skills = [skill + variant for skill in BASE_SKILLS for variant in SKILL_VARIANTS]
        self.words = _vocabulary(rng)
        self.districts = _districts(rng)
        self.codes = sorted(self.districts)
        ranks = np.arange(1, len(self.words) + 1)
        self.word_p = (1 / ranks) / (1 / ranks).sum()
        ranks = np.arange(1, len(self.titles) + 1)
        self.title_p = (1 / ranks**0.7) / (1 / ranks**0.7).sum()
        ranks = np.arange(1, len(self.skills) + 1)
        self.skill_p = (1 / ranks**0.6) / (1 / ranks**0.6).sum()


def _months(rng, share_unknown):
    if rng.random() < share_unknown:
        return ()
    start = int(rng.integers(1, 13))
    length = int(rng.integers(2, 13))
    return tuple((start - 1 + i) % 12 + 1 for i in range(length))


def candidates(n, world, seed=1):
    """Return ``n`` synthetic candidates."""
    rng = np.random.default_rng(seed)
    n_titles = rng.integers(0, 4, size=n)
    n_skills = rng.integers(0, 9, size=n)
    n_words = rng.integers(0, 41, size=n)
    title_idx = rng.choice(len(world.titles), size=int(n_titles.sum()), p=world.title_p)
    skill_idx = rng.choice(len(world.skills), size=int(n_skills.sum()), p=world.skill_p)
    word_idx = rng.choice(len(world.words), size=int(n_words.sum()), p=world.word_p)
    district_idx = rng.integers(0, len(world.codes), size=n)
    out = []
    t = s = w = 0
    for i in range(n):
        titles = [world.titles[j] for j in title_idx[t : t + n_titles[i]]]
        # Contract v2: most titles are work done, with months and a kind when
        # said; a share of people list one title they only want.
        wanted = [titles.pop()] if titles and rng.random() < 0.3 else []
        titles = [
            Experience(
                title,
                months=None if rng.random() < 0.3 else int(rng.integers(1, 61)),
                kind=None if rng.random() < 0.3 else KINDS[int(rng.integers(0, len(KINDS)))],
            )
            for title in titles
        ]
        skills = [world.skills[j] for j in skill_idx[s : s + n_skills[i]]]
        text = " ".join(world.words[j] for j in word_idx[w : w + n_words[i]])
        t, s, w = t + n_titles[i], s + n_skills[i], w + n_words[i]
        languages = ["spa"] if rng.random() < 0.9 else []
        if rng.random() < 0.4:
            languages.append("que")
        if rng.random() < 0.1:
            languages.append("agr")
        out.append(
            Candidate(
                id=i,
                titles=titles,
                desired_titles=wanted,
                skills=skills,
                text=text,
                district=None if rng.random() < 0.05 else world.codes[district_idx[i]],
                languages=languages,
                education=None if rng.random() < 0.1 else int(rng.integers(0, 5)),
                age=None if rng.random() < 0.05 else int(rng.integers(15, 30)),
                sex=("F", "M")[int(rng.integers(0, 2))],
                available_months=_months(rng, 0.3),
                max_travel_km=None if rng.random() < 0.2 else float(rng.integers(5, 120)),
                willing_to_relocate=bool(rng.random() < 0.2),
            )
        )
    return out


def vacancies(n, world, seed=2):
    """Return ``n`` synthetic vacancies."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        languages = ["que"] if rng.random() < 0.2 else []
        out.append(
            Vacancy(
                id=f"v{i}",
                title=world.titles[int(rng.choice(len(world.titles), p=world.title_p))],
                required_skills=[
                    world.skills[j]
                    for j in rng.choice(
                        len(world.skills), size=int(rng.integers(1, 5)), p=world.skill_p
                    )
                ],
                desired_skills=[
                    world.skills[j]
                    for j in rng.choice(
                        len(world.skills), size=int(rng.integers(0, 4)), p=world.skill_p
                    )
                ],
                text=" ".join(
                    world.words[j]
                    for j in rng.choice(
                        len(world.words), size=int(rng.integers(10, 60)), p=world.word_p
                    )
                ),
                district=world.codes[int(rng.integers(0, len(world.codes)))],
                languages=languages,
                min_education=None if rng.random() < 0.5 else int(rng.integers(0, 4)),
                min_age=(None, 15, 18)[int(rng.integers(0, 3))],
                months=_months(rng, 0.5),
            )
        )
    return out


def profile_text(profile):
    """One plain document per profile, for the TF-IDF baseline."""
    if isinstance(profile, Candidate):
        titles = (e.title for e in profile.titles)
        return " ".join((*titles, *profile.desired_titles, *profile.skills, profile.text))
    return " ".join(
        (profile.title, *profile.required_skills, *profile.desired_skills, profile.text)
    )
