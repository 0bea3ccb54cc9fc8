"""Pure functions on plain data: text normalisation, synonyms, geography, bitmasks.

Nothing here knows about the estimator. Every function takes and returns plain
Python or numpy values so that it can be tested and reused on its own.

The text pipeline applied to every title, skill and description is::

    normalize_text  ->  fold_word (each word)  ->  SynonymTable.apply

so "Mesera", "MESEROS", "mozo" and "camarera" all become the canonical "mesero".
"""

import hashlib
from dataclasses import dataclass

import numpy as np

from .text import fold_tokens, is_code


@dataclass(frozen=True)
class SynonymTable:
    """Phrase lookup built by :func:`build_synonym_table`.

    Attributes
    ----------
    phrases : dict
        Folded word tuple -> canonical folded word tuple.
    starts : frozenset
        First words of every key, to skip the lookup for most words.
    max_len : int
        Number of words of the longest key.
    """

    phrases: dict
    starts: frozenset
    max_len: int

    def apply(self, tokens):
        """Replace every known phrase in ``tokens`` by its canonical form.

        The longest phrase wins, so "camarera de piso" maps to the housekeeping
        group even though "camarera" alone means a waitress.
        """
        if not self.phrases:
            return list(tokens)
        out = []
        i, n = 0, len(tokens)
        while i < n:
            if tokens[i] in self.starts:
                for length in range(min(self.max_len, n - i), 0, -1):
                    canonical = self.phrases.get(tuple(tokens[i : i + length]))
                    if canonical is not None:
                        out.extend(canonical)
                        i += length
                        break
                else:
                    out.append(tokens[i])
                    i += 1
            else:
                out.append(tokens[i])
                i += 1
        return out


def build_synonym_table(groups):
    """Merge synonym groups into one :class:`SynonymTable`.

    Groups that share a member are merged (a taxonomy group
    ``("SK-COC-001", "cocinero")`` joins the built-in ``("cocinero", "chef")``).
    The canonical form of a merged group is its first member that is not a code,
    in the order the groups were given, so built-in groups keep their canonical
    form when they come first.

    Parameters
    ----------
    groups : iterable of iterable of str
        Each group lists strings that mean the same thing.

    Returns
    -------
    SynonymTable

    Examples
    --------
    >>> table = build_synonym_table([("mesero", "mozo"), ("SK-MES-01", "Moza")])
    >>> table.apply(["sk-mes-01", "de", "bar"])
    ['mesero', 'de', 'bar']
    """
    parent = {}
    order = []

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for group in groups:
        if isinstance(group, str):
            raise ValueError(f"a synonym group must be a collection of strings, got {group!r}")
        keys = []
        for member in group:
            if not isinstance(member, str):
                raise ValueError(f"synonyms must be strings, got {member!r}")
            key = tuple(fold_tokens(member))
            if not key:
                continue
            if key not in parent:
                parent[key] = key
                order.append(key)
            keys.append(key)
        for key in keys[1:]:
            root_a, root_b = find(keys[0]), find(key)
            if root_a != root_b:
                # Keep the earlier root so that the first group given wins.
                first, second = sorted((root_a, root_b), key=order.index)
                parent[second] = first

    members = {}
    for key in order:
        members.setdefault(find(key), []).append(key)
    phrases = {}
    for group_keys in members.values():
        labels = [key for key in group_keys if not all(is_code(word) for word in key)]
        canonical = (labels or group_keys)[0]
        for key in group_keys:
            phrases[key] = canonical
    starts = frozenset(key[0] for key in phrases)
    max_len = max((len(key) for key in phrases), default=0)
    return SynonymTable(phrases, starts, max_len)


def canonical_phrase(text, synonyms):
    """Return the canonical form of a title or skill (folded, synonyms applied).

    Examples
    --------
    >>> table = build_synonym_table([("mesero", "mozo", "camarero")])
    >>> canonical_phrase("Camarera", table), canonical_phrase("MOZOS", table)
    ('mesero', 'mesero')
    """
    return " ".join(synonyms.apply(fold_tokens(text)))


def canonical_text(text, synonyms, stopwords):
    """Return free text as canonical words without stopwords, joined by spaces."""
    return " ".join(synonyms.apply(fold_tokens(text, stopwords)))


def phrase_ngrams(phrase, ngram_range=(3, 5)):
    """Split a canonical phrase into features for character n-gram TF-IDF.

    Every word contributes its character n-grams, padded with spaces so that
    word starts and ends count, plus the whole word. Codes are opaque: a code
    contributes only itself, so "sk-coc-001" does not half-match "sk-coc-002".

    Examples
    --------
    >>> phrase_ngrams("sk-coc-001")
    ['sk-coc-001']
    >>> phrase_ngrams("mozo", (3, 3))
    ['mozo', ' mo', 'moz', 'ozo', 'zo ']
    """
    low, high = ngram_range
    features = []
    for word in phrase.split():
        features.append(word)
        if is_code(word):
            continue
        padded = f" {word} "
        for n in range(low, min(high, len(padded)) + 1):
            features.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return features


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km between points given in decimal degrees.

    Works elementwise on numpy arrays; NaN in, NaN out.

    Examples
    --------
    >>> round(float(haversine_km(-13.6861, -71.6228, -13.5170, -71.9785)), 1)
    42.8
    """
    lat1, lon1, lat2, lon2 = (
        np.radians(np.asarray(x, dtype=float)) for x in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def months_mask(months):
    """Encode month numbers 1-12 as a 12-bit mask (January is bit 0).

    Examples
    --------
    >>> months_mask({1, 2, 12})
    2051
    """
    mask = 0
    for month in months:
        mask |= 1 << (month - 1)
    return mask


# Number of set bits of every 12-bit month mask, to count overlapping months
# of a whole array with one lookup.
MONTH_POPCOUNT = np.array([bin(mask).count("1") for mask in range(1 << 12)], dtype=np.int8)


def language_mask(languages, bits):
    """Encode language codes as a bitmask, given a code -> bit number mapping.

    Returns ``None`` when a code has no bit, so the caller can tell that no
    fitted profile speaks it.
    """
    mask = 0
    for code in languages:
        bit = bits.get(code)
        if bit is None:
            return None
        mask |= 1 << bit
    return mask


def stable_hash(value):
    """Return a 64-bit hash of ``repr(value)`` that is the same in every process.

    Python's own ``hash`` of a string changes between runs, so it cannot give a
    reproducible order.
    """
    digest = hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def mix64(values):
    """Scramble uint64 values (splitmix64 finaliser), elementwise on an array."""
    x = np.array(values, dtype=np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def pair_tie_keys(query_hash, other_hashes):
    """Tie-break keys for one query against many profiles.

    The key depends on both ids, so no profile is systematically first: which
    of two equally good candidates is listed first changes from vacancy to
    vacancy, but never between two runs on the same data.
    """
    salt = mix64(np.array([query_hash], dtype=np.uint64))[0]
    return mix64(np.asarray(other_hashes, dtype=np.uint64) ^ salt)


# Vectorised requirement checks. Each takes the job side and the person side as
# numpy arrays or scalars (broadcast against each other) so that the same code
# ranks candidates for a vacancy and vacancies for a candidate. Unknown is
# encoded as -1 for ages and levels, 0 for bitmasks and NaN for distances.


def languages_ok(required, spoken, spoken_known):
    """Tell where the person speaks every required language, or it is unknown."""
    required = np.asarray(required, dtype=np.uint64)
    spoken = np.asarray(spoken, dtype=np.uint64)
    return (required == 0) | ~np.asarray(spoken_known) | ((spoken & required) == required)


def age_ok(min_age, age):
    """Tell where the person is old enough, or either value is unknown (-1)."""
    min_age, age = np.asarray(min_age), np.asarray(age)
    return (min_age < 0) | (age < 0) | (age >= min_age)


def months_overlap(job_months, person_months):
    """Return (months in common, months of the job) for 12-bit month masks."""
    job_months = np.asarray(job_months, dtype=np.int64)
    person_months = np.asarray(person_months, dtype=np.int64)
    return MONTH_POPCOUNT[job_months & person_months], MONTH_POPCOUNT[job_months]


def months_ok(job_months, person_months):
    """Tell where the months overlap, or either side did not say (mask 0)."""
    common, _ = months_overlap(job_months, person_months)
    return (np.asarray(job_months) == 0) | (np.asarray(person_months) == 0) | (common > 0)


def travel_ok(km, max_travel_km, willing_to_relocate):
    """Tell where the job is within daily travel, the person would move, or unknown."""
    # NaN compares False, so an unknown distance or range never excludes.
    return ~(np.asarray(km) > np.asarray(max_travel_km)) | np.asarray(willing_to_relocate)
