"""Build the shipped knowledge files from the official data.

Usage::

    python -m matcher.knowledge.build --esco ../shared/data/esco-es \\
        --pairs ../shared/data/talentclef-es/taskA_training_es.tsv --out matcher/knowledge/data

Writes ``esco.json.gz`` (ESCO occupations, skills, labels and relations, linked to the
programme taxonomy) and ``title_model.npz`` (the trained title model). The same inputs
give the same bytes; ``tests/matcher/test_knowledge_build.py`` checks the shipped files
against a fresh build.

Training multiplies matrices through the BLAS, whose rounding depends on the
kernel it picks for the processor (OpenBLAS "Haswell" and "SkylakeX" give
title models that differ in the last bits). Run as a script, the build
therefore restarts itself with the kernel and thread count of :data:`BLAS_ENV`,
set before numpy loads, so any x86-64 machine with AVX2 writes the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .core import Knowledge, data_dir

#: The BLAS the shipped files are built with (see the module's docstring).
BLAS_ENV = {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def pinned_environment(environ=os.environ):
    """``environ`` with :data:`BLAS_ENV` set, for a build process."""
    return {**environ, **BLAS_ENV}


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
    if any(os.environ.get(name) != value for name, value in BLAS_ENV.items()):
        # numpy has loaded its BLAS already: start again with the pinned one.
        os.execve(  # noqa: S606 - the same interpreter and module, no shell
            sys.executable,
            [sys.executable, "-m", "matcher.knowledge.build", *sys.argv[1:]],
            pinned_environment(),
        )
    raise SystemExit(main())
