"""The shipped knowledge files are exactly what the build script makes from the official data."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matcher.knowledge import Knowledge, data_dir
from matcher.knowledge.build import pinned_environment
from matcher.knowledge.titlemodel import fit_vectorizer, model_text, train_projection

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ESCO = SHARED / "esco-es"
PAIRS = SHARED / "talentclef-es" / "taskA_training_es.tsv"
needs_data = pytest.mark.skipif(
    not (ESCO / "occupations_es.csv").exists() or not PAIRS.exists(),
    reason="the reference data (../shared/data) is not present; the build cannot be checked",
)
ROOT = Path(__file__).resolve().parents[2]


def has_avx2():
    try:
        return " avx2 " in Path("/proc/cpuinfo").read_text() + " "
    except OSError:
        return False


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@needs_data
@pytest.mark.skipif(not has_avx2(), reason="the pinned BLAS kernel (Haswell) needs AVX2")
@pytest.mark.timeout(600)
def test_shipped_files_equal_a_fresh_build(tmp_path):
    # The whole build (ESCO tables and the title model, 10-60 s) runs here, as the
    # script runs: in its own process with the BLAS kernel pinned.
    done = subprocess.run(
        [sys.executable, "-m", "matcher.knowledge.build", "--esco", str(ESCO),
         "--pairs", str(PAIRS), "--out", str(tmp_path)],
        cwd=ROOT, env=pinned_environment(), capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "title_model.npz" in done.stdout
    for name in ("esco.json.gz", "title_model.npz"):
        fresh, shipped = tmp_path / name, data_dir() / name
        if sha256(fresh) != sha256(shipped) and name.endswith(".npz"):
            # Say which array differs before failing.
            with np.load(fresh) as a, np.load(shipped) as b:
                for key in a.files:
                    assert np.array_equal(a[key], b[key]), f"{name}: {key} differs"
        assert sha256(fresh) == sha256(shipped), f"{name} differs from a fresh build"


def test_shipped_files_are_small():
    sizes = {p.name: p.stat().st_size for p in data_dir().iterdir()}
    assert sum(sizes.values()) < 8_000_000, sizes
    assert {"esco.json.gz", "title_model.npz", "taxonomy.json", "local_words.json"} <= set(sizes)


def test_training_is_deterministic():
    texts = sorted({model_text(t) for t in (
        "mesero", "mozo", "camarero", "cocinero", "chef", "ayudante de cocina", "albañil",
        "maestro de obra", "peón de obra", "agricultor", "chacarero", "campesino")})
    vocabulary, idf = fit_vectorizer(texts, 500)
    from matcher.knowledge.titlemodel import TitleModel

    x = TitleModel(vocabulary, idf, np.zeros((len(vocabulary), 1))).sparse(texts)
    left, right = np.array([0, 2, 4, 6]), np.array([1, 3, 5, 7])
    groups = np.arange(4)
    first = train_projection(x, left, right, groups, dim=8, epochs=3, batch=4, seed=3)
    second = train_projection(x, left, right, groups, dim=8, epochs=3, batch=4, seed=3)
    other = train_projection(x, left, right, groups, dim=8, epochs=3, batch=4, seed=4)
    assert np.array_equal(first, second)
    assert not np.array_equal(first, other)


def test_saving_is_byte_for_byte_reproducible(tmp_path):
    k = Knowledge.default()
    a = k.save(tmp_path / "a")
    b = k.save(tmp_path / "b")
    assert [sha256(p) for p in a] == [sha256(p) for p in b]
    # And what was saved loads back to the same knowledge.
    again = Knowledge.load(tmp_path / "a")
    assert again.concepts == k.concepts
    assert again.occupation_skills("OC-GAS-002") == k.occupation_skills("OC-GAS-002")
    assert np.array_equal(again.title_vectors(["mesera"]), k.title_vectors(["mesera"]))


def test_attribution_travels_with_the_data():
    import gzip

    with gzip.open(data_dir() / "esco.json.gz", "rt", encoding="utf-8") as f:
        doc = json.load(f)
    assert "ESCO, European Commission" in doc["attribution"]
    assert "TalentCLEF 2025" in doc["attribution"]
    notice = (Path(__file__).resolve().parents[2] / "NOTICE").read_text(encoding="utf-8")
    assert "ESCO, European Commission" in notice and "TalentCLEF 2025" in notice
