"""Columns encrypted at rest: Fernet (AES-128-CBC + HMAC-SHA256) with a key list for rotation.

A model declares ``mapped_column(EncryptedText)`` and reads and writes plain values; the
database only ever holds Fernet tokens. The keys come from the environment
(``CHAMBA_DATA_KEY``, see config.py) and travel with the engine: ``attach(engine, keys)``
puts a :class:`DataKeyring` on the engine's dialect, where the column types find it. No
keyring, or a key that cannot open a stored value, raises :class:`DataKeyError`: Chamba
fails closed rather than writing plaintext or showing an empty value.

Rotation: put the new key first and keep the old ones after it (comma-separated). New
writes use the first key, every key can read, and ``flask data-key rotate`` rewrites every
stored value under the first key, after which the old keys can be dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.types import TypeDecorator

KEY_SETTING = "CHAMBA_DATA_KEY"


class DataKeyError(RuntimeError):
    """The data key is missing, malformed or does not open a stored value (one line, says which)."""


def new_key() -> str:
    """Return a fresh random key in the form ``CHAMBA_DATA_KEY`` expects."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(value: str | Iterable[str] | None) -> list[str]:
    """Split a comma-separated key list (or pass a list through), dropping blanks."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


class DataKeyring:
    """The data keys in force: the first encrypts, every one decrypts."""

    def __init__(self, keys: str | Iterable[str]) -> None:
        keys = parse_keys(keys)
        if not keys:
            raise DataKeyError(f"{KEY_SETTING} is empty: set it to one or more keys "
                               "(`flask data-key new` prints one).")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError):
                # Never echo the key itself: it may be a real one with a typo.
                raise DataKeyError(f"{KEY_SETTING}: key number {position} is not a valid key "
                                   "(32 random bytes in URL-safe base64, 44 characters).") \
                    from None
        self._fernet = MultiFernet(fernets)
        self.size = len(fernets)

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise DataKeyError(f"A value encrypted at rest cannot be opened with {KEY_SETTING}: "
                               "the key is wrong, or an old key was removed before "
                               "`flask data-key rotate` ran (list the old key after the new "
                               "one).") from None

    def rotate(self, token: str) -> str:
        """Return ``token`` re-encrypted under the first key (same plaintext)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise DataKeyError(f"A value encrypted at rest cannot be opened with {KEY_SETTING} "
                               "to rotate it: list every key still in use.") from None


_ATTRIBUTE = "chamba_data_keyring"


def attach(engine: sa.Engine, keyring: DataKeyring | None) -> None:
    """Give ``engine`` the keyring its encrypted columns use (None removes it)."""
    setattr(engine.dialect, _ATTRIBUTE, keyring)


def keyring_of(dialect: sa.Dialect) -> DataKeyring:
    """The keyring attached to ``dialect``'s engine; fail closed when there is none."""
    keyring = getattr(dialect, _ATTRIBUTE, None)
    if keyring is None:
        raise DataKeyError(f"No data key: set {KEY_SETTING} before reading or writing "
                           "encrypted columns.")
    return keyring


class EncryptedText(TypeDecorator):
    """A string stored as a Fernet token (TEXT); ``None`` stays NULL."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return keyring_of(dialect).encrypt(self._to_text(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return self._from_text(keyring_of(dialect).decrypt(value))

    # Subclasses store other Python types through their text form.
    def _to_text(self, value) -> str:
        return str(value)

    def _from_text(self, text: str):
        return text

    def compare_values(self, x, y) -> bool:
        return x == y


class EncryptedDecimal(EncryptedText):
    """A Decimal (an amount in soles) stored encrypted, rounded to ``places`` decimals like
    ``Numeric(10, 2)``; sums and comparisons happen in Python, never in SQL."""

    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places

    def _to_text(self, value) -> str:
        try:
            return str(Decimal(value).quantize(Decimal(1).scaleb(-self.places)))
        except (InvalidOperation, TypeError, ValueError):
            raise ValueError(f"not an amount: {value!r}") from None

    def _from_text(self, text: str) -> Decimal:
        return Decimal(text)


def encrypted_columns(metadata: sa.MetaData) -> list[tuple[sa.Table, sa.Column]]:
    """Every (table, column) whose type is encrypted, for rotation and checks."""
    return [(table, column) for table in metadata.sorted_tables for column in table.columns
            if isinstance(column.type, EncryptedText)]


def rotate_all(connection: sa.Connection, metadata: sa.MetaData, keyring: DataKeyring) -> int:
    """Re-encrypt every stored value under the first key; return how many were rewritten.

    Reads and writes the raw tokens (no type processing), so it works whatever keyring the
    engine carries. Runs in the caller's transaction.
    """
    rewritten = 0
    for table, column in encrypted_columns(metadata):
        keys = list(table.primary_key.columns)
        raw = sa.column(column.name, sa.Text)
        rows = connection.execute(sa.select(*keys, raw).select_from(table)
                                  .where(raw.is_not(None))).all()
        for row in rows:
            token = row[-1]
            fresh = keyring.rotate(token)
            if fresh != token:
                where = sa.and_(*(key == value for key, value in zip(keys, row[:-1], strict=True)))
                connection.execute(sa.update(table).where(where)
                                   .values({column.name: sa.literal(fresh, sa.Text)}))
                rewritten += 1
    return rewritten
