"""Text folding shared by every part of the matcher (and by the app's searches).

The pipeline applied to every title, skill and description is::

    normalize_text  ->  fold_word (each word)

so "Mesera", "MESEROS" and "mesero" meet at "mesero". Synonym tables then map
"mozo" and "camarera" to the same canonical form.
"""

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"['’`´]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SEPARATORS = re.compile(r"[^\w-]+|_+")
_DIGIT = re.compile(r"\d")

# Feminine and irregular forms that the suffix rules below cannot reach.
_GENDER_EXCEPTIONS = {
    "moza": "mozo",
    "jefa": "jefe",
    "presidenta": "presidente",
    "asistenta": "asistente",
    "ayudanta": "ayudante",
    "dependienta": "dependiente",
    "clienta": "cliente",
    "gerenta": "gerente",
    "sirvienta": "sirviente",
    "actriz": "actor",
    "actrices": "actor",
    "alcaldesa": "alcalde",
    "maestra": "maestro",
    "ministra": "ministro",
    "arquitecta": "arquitecto",
    "patrona": "patron",
    "poetisa": "poeta",
    "pilota": "piloto",
}

# (feminine ending, masculine ending). Applied to words of six letters or more so
# that short words ("hora", "cena") are left alone. The rules also change a few
# nouns that are not people ("madera" -> "madero"), which is harmless because the
# same rule is applied to both sides of every comparison.
_GENDER_SUFFIXES = (
    ("era", "ero"),
    ("ora", "or"),
    ("ica", "ico"),
    ("ada", "ado"),
    ("aria", "ario"),
    ("ina", "ino"),
    ("ana", "ano"),
    ("oga", "ogo"),
    ("iva", "ivo"),
)

# A plural in -es after these consonants drops the -es ("vendedores" -> "vendedor");
# a singular ending in consonant + e drops the e ("padre" -> "padr") so that it
# meets its plural ("padres" -> "padr").
_ES_CONSONANTS = frozenset("rldnjs")


def strip_accents(text):
    """Return ``text`` without diacritics ("Ñawi Pérez" -> "Nawi Perez")."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalize_text(text):
    """Lowercase, strip accents and punctuation, and collapse whitespace.

    Hyphens inside a word are kept so that taxonomy codes such as ``SK-COC-001``
    stay one token; apostrophes are dropped so that Quechua words like
    "ch'aska" stay whole.

    Examples
    --------
    >>> normalize_text("  Guía   Turística (Ausangate) ")
    'guia turistica ausangate'
    >>> normalize_text("SK-COC-001")
    'sk-coc-001'
    """
    text = _APOSTROPHES.sub("", strip_accents(text).casefold())
    words = (word.strip("-") for word in _SEPARATORS.sub(" ", text).split())
    return " ".join(word for word in words if word)


def is_code(token):
    """Tell whether a token looks like a taxonomy code (it contains a digit)."""
    return _DIGIT.search(token) is not None


@lru_cache(maxsize=200_000)
def fold_word(word):
    """Fold one normalised word to a gender- and number-neutral form.

    Spanish job titles come in masculine and feminine forms (mesero / mesera,
    vendedor / vendedora, técnico / técnica) and in singular and plural. Both
    sides of every comparison go through this function, so the form it returns
    only has to be consistent, not grammatical.

    Examples
    --------
    >>> [fold_word(w) for w in ("mesera", "meseros", "vendedoras", "tecnica", "guia")]
    ['mesero', 'mesero', 'vendedor', 'tecnico', 'guia']
    """
    if word in _GENDER_EXCEPTIONS:
        return _GENDER_EXCEPTIONS[word]
    if len(word) < 5 or is_code(word):
        return word
    if word.endswith("es") and word[-3] in _ES_CONSONANTS:
        word = word[:-2]
    elif word.endswith("s") and word[-2] in "aeo":
        word = word[:-1]
    elif word.endswith("e") and word[-2] in _ES_CONSONANTS:
        word = word[:-1]
    if word in _GENDER_EXCEPTIONS:
        return _GENDER_EXCEPTIONS[word]
    if len(word) >= 6:
        for feminine, masculine in _GENDER_SUFFIXES:
            if word.endswith(feminine):
                return word[: -len(feminine)] + masculine
    return word


def fold_tokens(text, stopwords=frozenset()):
    """Normalise ``text`` and return its folded words, leaving codes untouched."""
    return [fold_word(word) for word in normalize_text(text).split() if word not in stopwords]


def fold(text):
    """Fold ``text`` for comparison: normalised, each word gender- and number-neutral.

    Examples
    --------
    >>> fold("  Meseras de Ocongate ")
    'mesero de ocongate'
    """
    return " ".join(fold_tokens(text))
