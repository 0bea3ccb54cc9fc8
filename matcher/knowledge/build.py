"""Build the shipped knowledge files from the official data.

Usage::

    python -m matcher.knowledge.build --esco ../shared/data/esco-es \\
        --pairs ../shared/data/talentclef-es/taskA_training_es.tsv --out matcher/knowledge/data

Writes ``esco.json.gz`` (ESCO occupations, skills, labels and relations, linked to the
programme taxonomy) and ``title_model.npz`` (the trained title model). The same inputs
give the same bytes; ``tests/matcher/test_knowledge_build.py`` checks the shipped files
against a fresh build.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .core import Knowledge, data_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, required=True, help="folder of ESCO's CSV files")
    parser.add_argument("--pairs", type=Path, help="TalentCLEF task A training pairs (TSV)")
    parser.add_argument("--out", type=Path, default=data_dir(), help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    knowledge = Knowledge.build(args.esco, args.pairs, seed=args.seed)
    for path in knowledge.save(args.out):
        print(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    print(f"built in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
