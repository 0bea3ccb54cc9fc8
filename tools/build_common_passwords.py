"""Rebuild web/data/common_passwords.txt: our own Spanish list plus the passwords zxcvbn ships.

zxcvbn (PyPI) bundles a frequency-ranked list of 30,000 passwords seen in public leaks. Only
those of 8 characters or more can ever reach the check (shorter ones are refused first), so
those are kept, in rank order, after the words written by the team for Peru (kept at the top
of the file between the markers). Run by hand when updating; nothing is downloaded at run time:

    pip install 'zxcvbn>=4.4,<5' && python tools/build_common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

TARGET = Path(__file__).resolve().parents[1] / "web" / "data" / "common_passwords.txt"
END_OF_OURS = "# --- below: from zxcvbn's frequency list (tools/build_common_passwords.py) ---"
MIN_LENGTH = 8


def main() -> None:
    text = TARGET.read_text("utf-8")
    ours = text.split(END_OF_OURS)[0].rstrip("\n").splitlines()
    seen = {line.strip().lower() for line in ours if line.strip() and not line.startswith("#")}
    leaked = []
    for word in FREQUENCY_LISTS["passwords"]:
        word = word.strip().lower()
        if len(word) >= MIN_LENGTH and word not in seen and word.isprintable():
            seen.add(word)
            leaked.append(word)
    TARGET.write_text("\n".join([*ours, END_OF_OURS, *leaked]) + "\n", "utf-8")
    print(f"{len(seen)} passwords in {TARGET}")


if __name__ == "__main__":
    main()
