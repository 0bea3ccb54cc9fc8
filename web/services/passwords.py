"""Password hashing with argon2id at OWASP's recommended cost, and the common-password list."""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)

MIN_LENGTH = 8
MAX_LENGTH = 128


def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Tell whether ``password`` matches ``password_hash``; False for accounts without one."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("web").joinpath("data", "common_passwords.txt").read_text("utf-8")
    return frozenset(
        w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")
    )


# Words anyone who knows this site would try first, whoever the person is.
SITE_WORDS = ("chamba", "quispicanchi", "condorcanqui")


def _fold(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def is_common(password: str, context: list[str] | tuple[str, ...] = ()) -> bool:
    """Tell whether ``password`` is easy to guess: on the list of passwords people pick most
    often (its own, or with the digits and signs at its end taken away), or mostly made of
    the site's name or of the person's own phone, e-mail or name (``context``): what is left
    without that word is shorter than the minimum length."""
    lowered = password.strip().lower()
    listed = common_passwords()
    core = lowered.rstrip("0123456789!@#$%&*.,;:-_+?¡¿ ")
    if lowered in listed or (len(core) >= 4 and core in listed):
        return True
    folded = _fold(password)
    words = [*SITE_WORDS]
    for item in context:
        words.append(item)
        if "@" in item:
            words.append(item.split("@", 1)[0])  # the e-mail's name part
    for word in {_fold(w) for w in words if w}:
        if len(word) >= 4 and word in folded and len(folded.replace(word, "")) < MIN_LENGTH:
            return True
    return False
