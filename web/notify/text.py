"""GSM-7 text: what fits one SMS segment, and plain letters that every phone shows.

A message in the GSM 03.38 default alphabet fits 160 characters in one segment; a single
character outside it (an accented "á", an emoji) makes the whole message UCS-2, with 70 per
segment. Spanish reads fine without accents, so messages are folded to plain letters, keeping
"ñ", "¿" and "¡", which the default alphabet has.
"""

from __future__ import annotations

import math
import unicodedata

# GSM 03.38 default alphabet (the escape character excluded) and its extension table, whose
# characters take two septets each.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
SEGMENT = 160
MULTIPART_SEGMENT = 153  # a concatenated message loses 7 septets per part to its header

# Kept as they are: the default alphabet has them and Spanish needs them ("año", "¿Sigue?").
_KEEP = frozenset("ñÑ¿¡")
_REPLACE = {"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "–": "-", "—": "-",
            "…": "...", "·": "-", "º": "o", "ª": "a", "\t": " "}


def septets(text: str) -> int | None:
    """Return how many GSM-7 septets ``text`` takes, or None when it is not GSM-7."""
    total = 0
    for char in text:
        if char in GSM7_BASIC:
            total += 1
        elif char in GSM7_EXTENDED:
            total += 2
        else:
            return None
    return total


def segments(text: str) -> int:
    """How many SMS segments ``text`` costs (UCS-2 when it is not GSM-7)."""
    length = septets(text)
    if length is None:
        units = len(text.encode("utf-16-be")) // 2
        return 1 if units <= 70 else math.ceil(units / 67)
    return 1 if length <= SEGMENT else math.ceil(length / MULTIPART_SEGMENT)


def plain(text: str) -> str:
    """Fold ``text`` to plain GSM-7 letters: "Andahuaylillas Pérez" stays readable, no accents."""
    out = []
    for char in text:
        if char in _KEEP or char in GSM7_BASIC and char.isascii():
            out.append(char)
            continue
        if char in _REPLACE:
            out.append(_REPLACE[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        out.append("".join(c for c in base if c.isascii() and c in GSM7_BASIC))
    return " ".join("".join(out).split())


def shorten(value: str, length: int) -> str:
    """Cut ``value`` to at most ``length`` characters at a word boundary when one is near."""
    if len(value) <= length:
        return value
    if length <= 0:
        return ""
    cut = value[:length]
    space = cut.rfind(" ")
    if space >= length * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-(")


def fit(template: str, budget: int = SEGMENT, shrinkable: tuple[str, ...] = (),
        **fields: str) -> str:
    """Fill ``template`` (``%(name)s`` fields) in plain GSM-7 within ``budget`` septets.

    When it does not fit, the ``shrinkable`` fields (a title, a business name) are cut, the
    longest first, so the fixed words (who sends, the code, how to answer) are never lost.
    """
    values = {k: plain(str(v)) for k, v in fields.items()}
    text = plain(template % values)
    while (septets(text) or budget + 1) > budget:
        candidates = [k for k in shrinkable if values.get(k)]
        if not candidates:
            raise ValueError(f"message cannot fit {budget} characters: {text!r}")
        longest = max(candidates, key=lambda k: len(values[k]))
        overflow = (septets(text) or len(text)) - budget
        values[longest] = shorten(values[longest], len(values[longest]) - max(overflow, 1))
        text = plain(template % values)
    return text
