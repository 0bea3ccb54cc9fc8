"""What the matcher knows about Spanish jobs and skills, out of the box.

:class:`Knowledge` joins four sources:

- the programme's own taxonomy (``data/taxonomy.json``, written by the team: occupations
  and skills with codes, feminine forms, synonyms and local words, many linked to ESCO);
- the programme's free-text rules (``data/local_words.json``, written by the team: "chacra",
  "faena", "wawa wasi", verbs such as "cociné" or "cuidé" that name a kind of work);
- ESCO's Spanish occupations and skills with every alternative label and the
  occupation–skill relations (``data/esco.json.gz``, derived from the official CSV files);
- the title model trained on the TalentCLEF-es pairs and the ESCO labels
  (``data/title_model.npz``, see :mod:`matcher.knowledge.titlemodel`).

The derived files are written by ``python -m matcher.knowledge.build``; nothing here reads
the raw data at run time. Loading takes a fraction of a second; the look-up tables for free
text and skills are built on first use and kept.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from matcher.text import fold

from .sources import (
    read_occupations,
    read_pairs,
    read_relations,
    read_skills,
)
from .titlemodel import TitleModel, fit_vectorizer, model_text, train_projection

FORMAT = 1
ESCO_FILE = "esco.json.gz"
MODEL_FILE = "title_model.npz"
TAXONOMY_FILE = "taxonomy.json"
LOCAL_WORDS_FILE = "local_words.json"

# Title model hyper-parameters (chosen on the tuning seed of bench/quality.py).
MAX_FEATURES = 24_000
DIM = 128
EPOCHS = 8  # rounds of freshly drawn positive pairs, one pass over each
LEARNING_RATE = 3e-3
TEMPERATURE = 0.05
# Free text the model places far from every occupation is pulled toward the occupation its
# local words name (see Knowledge._anchored).
ANCHOR_BELOW, ANCHOR_MIN, ANCHOR_MARGIN, ANCHOR_WEIGHT = 0.8, 0.75, 0.1, 0.7
# Articles, possessives and the like: job titles seldom carry them, descriptions of work do.
FREE_TEXT_WORDS = frozenset("mi mis la el los las un una unos unas para nuestra nuestro".split())
# A phrase whose letters the vocabulary mostly does not know is not matched by similarity.
MIN_COVERAGE = 0.6
ISCO_SHARE = 0.2
# How the concept-smoothed vector is mixed in: weight of the raw model vector, number of
# nearest ESCO concepts and the softness of their weights.
MIX = {"alpha": 0.7, "k": 3, "temperature": 0.05}


def data_dir() -> Path:
    """The folder of the shipped knowledge files."""
    return Path(str(resources.files("matcher.knowledge").joinpath("data")))


def taxonomy_path() -> Path:
    """Path of the programme taxonomy shipped with the matcher.

    Examples
    --------
    >>> taxonomy_path().name
    'taxonomy.json'
    """
    return data_dir() / TAXONOMY_FILE


def load_taxonomy() -> dict[str, Any]:
    """The programme taxonomy (skills, occupations, synonyms, ESCO links) as plain data.

    Examples
    --------
    >>> sorted(load_taxonomy())
    ['occupations', 'skills', 'version']
    """
    return json.loads(taxonomy_path().read_text(encoding="utf-8"))


def _load_local_words(directory: Path) -> dict[str, Any]:
    return json.loads((directory / LOCAL_WORDS_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Concept:
    """An occupation the matcher knows.

    Attributes
    ----------
    uri : str
        ESCO URI, or the programme code ("OC-...") when ESCO has none.
    label : str
        Spanish preferred label, masculine or neutral form.
    label_f : str or None
        Feminine form, when ESCO or the programme taxonomy gives one.
    isco : str or None
        ISCO-08 unit group, four digits.
    code : str or None
        Programme taxonomy code, when linked.

    Examples
    --------
    >>> Concept("OC-X-001", "mesero", "mesera", "5131", "OC-X-001").label_f
    'mesera'
    """

    uri: str
    label: str
    label_f: str | None = None
    isco: str | None = None
    code: str | None = None


@dataclass
class _Skill:
    id: str
    label: str
    labels: list[str]


class Knowledge:
    """ESCO occupations and skills, the programme taxonomy and the title model.

    Use :meth:`default` for the shipped knowledge and :meth:`build` to make one from the
    official files (the build script and the benchmarks do).

    Examples
    --------
    >>> k = Knowledge.default()
    >>> [c.label for c, _ in k.occupations("mozo", k=1)]
    ['mesero']
    >>> k.skill_label(k.skill("atension al cliente"))
    'atención al cliente'
    """

    def __init__(self, concepts, concept_labels, skills, relations, taxonomy, local_words,
                 title_model, centroids, mix=None):
        self.concepts: list[Concept] = list(concepts)
        self._concept_labels: list[list[str]] = [list(x) for x in concept_labels]
        self._skills: list[_Skill] = list(skills)
        self._relations = relations  # concept index -> (essential ids, optional ids)
        self.taxonomy: dict[str, Any] = taxonomy
        self._local_words = local_words
        self.title_model: TitleModel = title_model
        self._centroids = np.asarray(centroids, dtype=np.float32)
        self.mix = dict(MIX if mix is None else mix)
        self._by_key: dict[str, int] = {}
        for i, c in enumerate(self.concepts):
            self._by_key.setdefault(c.uri, i)
            if c.code:
                self._by_key.setdefault(c.code, i)
        # The team's extra wordings (local_words.json) join the programme's own labels.
        self._programme_labels: dict[int, set[str]] = defaultdict(set)
        extra_occupations = local_words.get("occupation_synonyms", {})
        for row in taxonomy["occupations"]:
            i = self._by_key.get(row["code"])
            if i is None:
                continue
            own = [row["label_es"], row.get("label_es_f") or row["label_es"], *row["synonyms"],
                   *extra_occupations.get(row["code"], [])]
            self._programme_labels[i].update(model_text(x) for x in own)
            self._concept_labels[i] += [x for x in own if x not in self._concept_labels[i]]
        extra_skills = local_words.get("skill_synonyms", {})
        self._skills = [_Skill(s.id, s.label, [*s.labels, *(x for x in extra_skills.get(s.id, ())
                                                             if x not in s.labels)])
                        for s in self._skills]
        self._skill_by_id = {s.id: s for s in self._skills}
        self._skill_alias: dict[str, str] = {}  # ESCO URI of a linked skill -> programme code
        for row in taxonomy["skills"]:
            if row.get("esco_uri"):
                self._skill_alias.setdefault(row["esco_uri"], row["code"])

    # ------------------------------------------------------------------ loading
    @staticmethod
    def default() -> Knowledge:
        """The shipped knowledge, loaded once per process.

        Examples
        --------
        >>> Knowledge.default() is Knowledge.default()
        True
        """
        return _default()

    @classmethod
    def load(cls, directory: Path | str) -> Knowledge:
        """Load knowledge saved by :meth:`save` (the shipped files by default)."""
        directory = Path(directory)
        with gzip.open(directory / ESCO_FILE, "rt", encoding="utf-8") as f:
            doc = json.load(f)
        if doc["format"] != FORMAT:
            raise ValueError(f"unknown knowledge format {doc['format']!r}")
        concepts = [Concept(*row) for row in doc["concepts"]]
        skills = [_Skill(row[0], row[1], row[2]) for row in doc["skills"]]
        relations = _unpack_relations(doc["relations"], skills)
        taxonomy_file = directory / TAXONOMY_FILE
        taxonomy = (json.loads(taxonomy_file.read_text(encoding="utf-8"))
                    if taxonomy_file.exists() else load_taxonomy())
        local_file = directory / LOCAL_WORDS_FILE
        local_words = _load_local_words(directory if local_file.exists() else data_dir())
        with np.load(directory / MODEL_FILE) as npz:
            model = TitleModel(npz["vocabulary"].tolist(), npz["idf"], npz["weights"])
            centroids = npz["centroids"]
            mix = json.loads(str(npz["mix"]))
        return cls(concepts, doc["concept_labels"], skills, relations, taxonomy, local_words,
                   model, centroids, mix)

    @classmethod
    def build(cls, esco_dir: Path | str, pairs: Path | str | None = None,
              holdout_titles: Iterable[str] | None = frozenset(), seed: int = 0,
              holdout_skill_labels: Iterable[str] | None = frozenset(),
              epochs: int = EPOCHS) -> Knowledge:
        """Build the knowledge in memory from the official ESCO files and TalentCLEF pairs.

        Parameters
        ----------
        esco_dir : path
            Folder of ESCO's Spanish CSV files (``occupations_es.csv``...).
        pairs : path, optional
            TalentCLEF task A training pairs (TSV). Without them the model is trained on
            ESCO and programme labels only.
        holdout_titles : iterable of str, optional
            Titles kept out of everything (compared after :func:`matcher.text.fold`): no
            training pair, label set or vocabulary sees them. Used by the benchmarks.
        seed : int, default=0
            Seed of the pair sampling and the training.
        holdout_skill_labels : iterable of str, optional
            Skill labels kept out of the skill tables, likewise folded.
        epochs : int, default=EPOCHS

        Examples
        --------
        >>> from pathlib import Path
        >>> esco = Path("../shared/data/esco-es")
        >>> k = Knowledge.build(esco, epochs=1) if esco.exists() else Knowledge.default()
        >>> len(k.concepts) > 2900
        True
        """
        held = frozenset(fold(t) for t in (holdout_titles or ()))
        held_skills = frozenset(fold(t) for t in (holdout_skill_labels or ()))
        taxonomy = load_taxonomy()
        concepts, labels = _build_concepts(read_occupations(esco_dir), taxonomy, held)
        skills, skill_alias = _build_skills(read_skills(esco_dir), taxonomy, held_skills)
        index = {c.uri: i for i, c in enumerate(concepts)}
        for i, c in enumerate(concepts):
            if c.code:
                index.setdefault(c.code, i)
        triples = []
        for occ, skill, essential in read_relations(esco_dir):
            if occ in index:
                triples.append((index[occ], skill_alias.get(skill, skill), essential))
        for row in taxonomy["occupations"]:
            for code in row.get("skills", []):
                triples.append((index[row["code"]], code, True))
        relations = _relations_from_triples(triples)
        pair_rows = read_pairs(pairs) if pairs else []
        model, centroids = _train_model(concepts, labels, pair_rows, held, seed, epochs)
        return cls(concepts, labels, skills, relations, taxonomy,
                   _load_local_words(data_dir()), model, centroids)

    def save(self, directory: Path | str) -> list[Path]:
        """Write the derived files (byte for byte reproducible); return their paths."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        doc = {
            "format": FORMAT,
            "attribution": "ESCO, European Commission; TalentCLEF 2025, task A training data",
            "concepts": [[c.uri, c.label, c.label_f, c.isco, c.code] for c in self.concepts],
            "concept_labels": self._concept_labels,
            "skills": [[s.id, s.label, s.labels] for s in self._skills],
            "relations": _pack_relations(self._relations, self._skills),
        }
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        esco_path = directory / ESCO_FILE
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0,
                           compresslevel=9) as gz:
            gz.write(text.encode("utf-8"))
        esco_path.write_bytes(buffer.getvalue())
        model_path = directory / MODEL_FILE
        _write_npz(model_path, {
            "vocabulary": np.array(self.title_model.vocabulary),
            "idf": np.asarray(self.title_model.idf, dtype=np.float32),
            "weights": np.asarray(self.title_model.weights, dtype=np.float16),
            "centroids": self._centroids.astype(np.float16),
            "mix": np.array(json.dumps(self.mix, sort_keys=True)),
        })
        return [esco_path, model_path]

    # ------------------------------------------------------------------ titles
    def title_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Embed job titles: rows are L2-normalised, dot products are :meth:`title_similarity`.

        Each row joins the title model's vector with the same vector pulled toward its
        nearest ESCO concepts, so that two titles of one occupation meet even when they
        share few letters.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        ndarray of float32, shape (len(texts), 2 * dim)

        Examples
        --------
        >>> v = Knowledge.default().title_vectors(["mesera", "mozo", "albañil"])
        >>> bool(v[0] @ v[1] > v[0] @ v[2])
        True
        """
        keys = [model_text(t or "") for t in texts]
        unique = list(dict.fromkeys(keys))
        out = np.zeros((len(unique), 2 * self.title_model.dim), dtype=np.float32)
        position = {key: i for i, key in enumerate(unique)}
        for start in range(0, len(unique), 8192):
            chunk = unique[start:start + 8192]
            out[start:start + len(chunk)] = self._mixed(self._anchored(
                chunk, self.title_model.embed(chunk)))
        empty = position.get("")
        if empty is not None:
            out[empty] = 0.0
        return out[[position[key] for key in keys]]

    def _anchored(self, keys: Sequence[str], u: np.ndarray) -> np.ndarray:
        # A description the model does not place near any occupation ("sembré papa y maíz
        # con mis padres") is pulled toward what the local words or a label inside it name.
        best = (u @ self._centroids.T).max(axis=1) if len(u) else np.zeros(0)
        for row in np.flatnonzero(best < ANCHOR_BELOW):
            if not FREE_TEXT_WORDS.intersection(keys[row].split()):
                continue  # a job title, not a description: the model alone reads it
            scores = self._lexical(keys[row], programme_only=True)
            if not scores:
                continue
            i, score = max(scores.items(), key=lambda kv: (kv[1], -kv[0]))
            # Only when the local words are surer than the model is.
            if score >= max(ANCHOR_MIN, best[row] + ANCHOR_MARGIN) and self._centroids[i].any():
                mixed = (1 - ANCHOR_WEIGHT) * u[row] + ANCHOR_WEIGHT * self._centroids[i]
                u[row] = mixed / max(float(np.linalg.norm(mixed)), 1e-12)
        return u

    def _mixed(self, u: np.ndarray) -> np.ndarray:
        alpha, k, temperature = self.mix["alpha"], int(self.mix["k"]), self.mix["temperature"]
        sims = u @ self._centroids.T
        k = min(k, sims.shape[1])
        # k is small: k passes of argmax beat a row-wise argpartition by far.
        rows = np.arange(len(sims))
        top = np.empty((len(sims), k), dtype=np.int64)
        top_sims = np.empty((len(sims), k), dtype=np.float32)
        for j in range(k):
            top[:, j] = np.argmax(sims, axis=1)
            top_sims[:, j] = sims[rows, top[:, j]]
            sims[rows, top[:, j]] = -np.inf
        weights = np.exp((top_sims - top_sims.max(axis=1, keepdims=True)) / temperature)
        weights /= weights.sum(axis=1, keepdims=True)
        smooth = np.einsum("nk,nkd->nd", weights, self._centroids[top])
        smooth /= np.maximum(np.linalg.norm(smooth, axis=1, keepdims=True), 1e-12)
        return np.hstack([np.sqrt(alpha) * u, np.sqrt(1 - alpha) * smooth]).astype(np.float32)

    def title_similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Similarity in [0, 1] of every query title to every corpus title.

        Examples
        --------
        >>> s = Knowledge.default().title_similarity(["cocinera"], ["cocinero", "chofer"])
        >>> bool(s[0, 0] > s[0, 1])
        True
        """
        q = self.title_vectors(queries)
        c = self.title_vectors(corpus)
        return np.clip(q @ c.T, 0.0, 1.0).astype(np.float32)

    # ------------------------------------------------------------------ occupations
    def occupation(self, key: str) -> Concept | None:
        """The concept of an ESCO URI or programme code, or None.

        Examples
        --------
        >>> Knowledge.default().occupation("OC-GAS-001").label
        'mesero'
        """
        i = self._by_key.get(key)
        return None if i is None else self.concepts[i]

    @cached_property
    def _label_table(self):
        # Model text of every label -> concepts, and the label embeddings (built on first use).
        phrases: dict[str, set[int]] = defaultdict(set)
        rows, owners = [], []
        for i, labels in enumerate(self._concept_labels):
            for label in labels:
                key = model_text(label)
                if key:
                    phrases[key].add(i)
                    rows.append(key)
                    owners.append(i)
        unique = list(dict.fromkeys(rows))
        position = {key: j for j, key in enumerate(unique)}
        embedded = self.title_model.embed(unique) if unique else np.zeros((0, 1))
        label_rows = np.array([position[key] for key in rows], dtype=np.int64)
        return phrases, embedded, label_rows, np.array(owners, dtype=np.int64)

    @cached_property
    def _rules(self):
        rules = []
        for rule in self._local_words["rules"]:
            stems = [(model_text(w.rstrip("$")), w.endswith("$")) for w in rule["words"]]
            targets = {self._by_key[code]: float(score)
                       for code, score in rule["occupations"].items() if code in self._by_key}
            rules.append((stems, targets))
        return rules

    def _lexical(self, key: str, programme_only: bool = False) -> dict[int, float]:
        """Evidence without the model: known labels inside the text and local-word rules.

        With ``programme_only`` a label counts only when it is the programme's own wording
        (ESCO's labels are many and short: "director" inside a longer title says little).
        """
        phrases = self._label_table[0]
        scores: dict[int, float] = defaultdict(float)
        tokens = key.split()
        # Known labels inside the text: the whole text scores 1, a shorter phrase less.
        for n in range(min(len(tokens), 6), 0, -1):
            for start in range(len(tokens) - n + 1):
                phrase = " ".join(tokens[start:start + n])
                for i in phrases.get(phrase, ()):
                    if programme_only and phrase not in self._programme_labels.get(i, ()):
                        continue
                    score = 1.0 if n == len(tokens) else 0.8 + 0.1 * n / len(tokens)
                    own = self._programme_labels.get(i, ())
                    # The programme's own wording outranks an ESCO homonym ("camarero").
                    if phrase not in own:
                        score -= 0.01
                        # A bare head word of the programme's longer label inside a longer
                        # text ("ayudante" of "ayudante de cocina" in "ayudante en obra")
                        # says nothing of what the occupation is about: weak evidence.
                        if n < len(tokens) and any(o.startswith(phrase + " ") for o in own):
                            score = 0.55
                    scores[i] = max(scores[i], score)
        for stems, targets in self._rules:
            if all(any(t == s if whole else t.startswith(s) for t in tokens)
                   for s, whole in stems):
                for i, score in targets.items():
                    scores[i] = max(scores[i], score)
        return scores

    def occupations(self, text: str, k: int = 5, min_score: float = 0.5
                    ) -> list[tuple[Concept, float]]:
        """Occupations recognised in a job title or a free-text description, best first.

        Three kinds of evidence, the strongest kept per occupation: a known label or synonym
        inside the text (any gender, accents or common slips), a local-word rule of the
        programme ("chacra", "cuidé ... hermanos") and the title model's similarity to the
        occupation's labels.

        Parameters
        ----------
        text : str
        k : int, default=5
            How many occupations at most.
        min_score : float, default=0.5
            Below this nothing counts as recognised.

        Returns
        -------
        list of (Concept, float)
            Scores in [0, 1]; empty when nothing is recognised.

        Examples
        --------
        >>> k = Knowledge.default()
        >>> k.occupations("ayudé en la chacra de mi familia", k=1)[0][0].code
        'OC-AGR-001'
        >>> k.occupations("cosinera", k=1)[0][0].label
        'cocinero'
        >>> k.occupations("")
        []
        """
        key = model_text(text or "")
        if not key:
            return []
        _, embedded, label_rows, owners = self._label_table
        scores = self._lexical(key)
        u = self.title_model.embed([key])[0]
        if len(owners):
            sims = embedded[label_rows] @ u
            best = np.full(len(self.concepts), -1.0, dtype=np.float32)
            np.maximum.at(best, owners, sims)
            for i in np.argsort(-best)[: 2 * k]:
                scores[int(i)] = max(scores[int(i)], float(max(best[i], 0.0)) * 0.9)
        # Ties (a synonym shared by several ESCO occupations) go to the programme's own.
        ranked = sorted(((s, i) for i, s in scores.items() if s >= min_score),
                        key=lambda x: (-x[0], self.concepts[x[1]].code is None, x[1]))
        return [(self.concepts[i], round(min(s, 1.0), 4)) for s, i in ranked[:k]]

    # ------------------------------------------------------------------ skills
    @cached_property
    def _skill_table(self):
        exact: dict[str, str] = {}
        # Programme skills first, so their wording wins over an ESCO homonym.
        for s in sorted(self._skills, key=lambda s: not s.id.startswith("SK-")):
            for label in [s.label, *s.labels]:
                exact.setdefault(model_text(label), s.id)
        keys = list(exact)
        matrix = self.title_model.sparse(keys)
        return exact, keys, matrix

    def skill(self, text: str, min_score: float = 0.7) -> str | None:
        """Canonical id of a skill phrase: a programme code, else an ESCO skill URI.

        Robust to accents, case, gender, synonyms and slips ("atension al cliente").

        Examples
        --------
        >>> k = Knowledge.default()
        >>> k.skill("Servicio al cliente") == k.skill("atension al cliente")
        True
        >>> k.skill("zzzz") is None
        True
        """
        text = (text or "").strip()
        if not text:
            return None
        if text in self._skill_by_id:
            return self._skill_alias.get(text, text)
        if text in self._skill_alias:
            return self._skill_alias[text]
        exact, keys, matrix = self._skill_table
        key = model_text(text)
        if key in exact:
            return exact[key]
        if not key or self.title_model.coverage(key) < MIN_COVERAGE:
            return None
        sims = (matrix @ self.title_model.sparse([key]).T).toarray().ravel()
        best = int(np.argmax(sims))
        return exact[keys[best]] if sims[best] >= min_score else None

    def skills(self, texts: Sequence[str], min_score: float = 0.7) -> list[str | None]:
        """:meth:`skill` for many phrases at once (one sparse product for the unknown ones).

        Examples
        --------
        >>> Knowledge.default().skills(["excel", "zzzz"])
        ['SK-INF-003', None]
        """
        out: list[str | None] = [None] * len(texts)
        fuzzy: dict[str, list[int]] = defaultdict(list)
        exact, keys, matrix = self._skill_table
        for i, text in enumerate(texts):
            text = (text or "").strip()
            key = model_text(text)
            if text in self._skill_by_id or text in self._skill_alias:
                out[i] = self.skill(text)
            elif key in exact:
                out[i] = exact[key]
            elif key and self.title_model.coverage(key) >= MIN_COVERAGE:
                fuzzy[key].append(i)
        if fuzzy:
            wanted = list(fuzzy)
            sims = (self.title_model.sparse(wanted) @ matrix.T).tocsr()
            for row, key in enumerate(wanted):
                start, end = sims.indptr[row], sims.indptr[row + 1]
                if end > start:
                    j = int(np.argmax(sims.data[start:end]))
                    if sims.data[start + j] >= min_score:
                        for i in fuzzy[key]:
                            out[i] = exact[keys[sims.indices[start + j]]]
        return out

    def skill_label(self, skill_id: str) -> str:
        """Spanish label of a canonical skill id (the id itself when unknown).

        Examples
        --------
        >>> Knowledge.default().skill_label("SK-AGR-001")
        'cultivo de papa'
        """
        skill = self._skill_by_id.get(self._skill_alias.get(skill_id, skill_id))
        return skill.label if skill else skill_id

    def skill_labels(self, skill_id: str) -> list[str]:
        """Every label of a canonical skill id, preferred first."""
        skill = self._skill_by_id.get(self._skill_alias.get(skill_id, skill_id))
        return [skill.label, *skill.labels] if skill else []

    def occupation_skills(self, concept_uri: str) -> tuple[frozenset[str], frozenset[str]]:
        """(essential, optional) canonical skill ids of an occupation (URI or programme code).

        Examples
        --------
        >>> essential, optional = Knowledge.default().occupation_skills("OC-GAS-002")
        >>> "SK-COC-001" in essential
        True
        """
        i = self._by_key.get(concept_uri)
        if i is None:
            return frozenset(), frozenset()
        return self._relations.get(i, (frozenset(), frozenset()))


@lru_cache(maxsize=1)
def _default() -> Knowledge:
    return Knowledge.load(data_dir())


# ---------------------------------------------------------------------- build helpers
def _build_concepts(esco, taxonomy, held):
    concepts, labels, esco_index = [], [], {}
    for occ in esco:
        esco_index[occ.uri] = len(concepts)
        concepts.append(Concept(occ.uri, occ.label, occ.label_f, occ.isco or None, None))
        labels.append([occ.label, *([occ.label_f] if occ.label_f else []), *occ.alt_labels])
    for row in sorted(taxonomy["occupations"], key=lambda r: r["code"]):
        own = [row["label_es"], row.get("label_es_f") or row["label_es"], *row["synonyms"]]
        i = esco_index.get(row.get("esco_uri") or "")
        if i is not None and concepts[i].code is None:
            concepts[i] = replace(concepts[i], label=row["label_es"],
                                  label_f=row.get("label_es_f") or concepts[i].label_f,
                                  code=row["code"])
            labels[i] = own + labels[i]
        else:
            concepts.append(Concept(row["code"], row["label_es"], row.get("label_es_f"),
                                    row.get("isco_group"), row["code"]))
            labels.append(own)
    labels = [[x for x in dict.fromkeys(ls) if fold(x) not in held] for ls in labels]
    return concepts, labels


def _build_skills(esco, taxonomy, held):
    skills, alias = [], {}
    by_uri = {s.uri: s for s in esco}
    for row in sorted(taxonomy["skills"], key=lambda r: r["code"]):
        extra = []
        if row.get("esco_uri") in by_uri:
            linked = by_uri[row["esco_uri"]]
            alias[linked.uri] = row["code"]
            extra = [linked.label, *linked.alt_labels]
        names = [x for x in dict.fromkeys([*row["synonyms"], *extra]) if x != row["label_es"]]
        skills.append(_Skill(row["code"], row["label_es"],
                             [x for x in names if fold(x) not in held]))
    for s in esco:
        if s.uri not in alias:
            skills.append(_Skill(s.uri, s.label, [x for x in s.alt_labels if fold(x) not in held]))
    return skills, alias


def _relations_from_triples(triples):
    essential, optional = defaultdict(set), defaultdict(set)
    for i, skill, is_essential in triples:
        (essential if is_essential else optional)[i].add(skill)
    out = {}
    for i in set(essential) | set(optional):
        ess = frozenset(essential[i])
        out[i] = (ess, frozenset(optional[i] - ess))
    return out


def _pack_relations(relations, skills):
    # Compact form: per concept, skill positions in the skills list, essential then optional.
    position = {s.id: j for j, s in enumerate(skills)}
    packed = []
    for i in sorted(relations):
        ess, opt = relations[i]
        packed.append([i, sorted(position[s] for s in ess if s in position),
                       sorted(position[s] for s in opt if s in position)])
    return packed


def _unpack_relations(packed, skills):
    ids = [s.id for s in skills]
    return {i: (frozenset(ids[j] for j in ess), frozenset(ids[j] for j in opt))
            for i, ess, opt in packed}


def _concept_texts(concepts, labels, pair_rows, held):
    """Model texts per concept: its labels plus the TalentCLEF titles naming it."""
    index = {c.uri: i for i, c in enumerate(concepts)}
    keyed = [list(dict.fromkeys(k for k in map(model_text, ls) if k)) for ls in labels]
    for _isco, uri, a, b in pair_rows:
        i = index.get(uri)
        if i is None or fold(a) in held or fold(b) in held:
            continue
        for title in (a, b):
            key = model_text(title)
            if key and key not in keyed[i]:
                keyed[i].append(key)
    return keyed


def _training_pairs(concepts, keyed, seed, rounds):
    """Texts and positive pairs (index, index, group) for the title model.

    Each round pairs every text of a concept with another text of the same concept, drawn
    afresh; then about ``ISCO_SHARE`` of all pairs join two concepts of one ISCO unit group.
    """
    rng = np.random.default_rng(seed)
    texts: dict[str, int] = {}
    for ls in keyed:
        for key in ls:
            texts.setdefault(key, len(texts))
    left, right, groups = [], [], []
    for _ in range(rounds):
        for i, ls in enumerate(keyed):
            if len(ls) < 2:
                continue
            for j, key in enumerate(ls):
                other = ls[(j + 1 + int(rng.integers(len(ls) - 1))) % len(ls)]
                left.append(texts[key])
                right.append(texts[other])
                groups.append(i)
    by_isco = defaultdict(list)
    for i, c in enumerate(concepts):
        if c.isco and keyed[i]:
            by_isco[c.isco].append(i)
    iscos = sorted(g for g, members in by_isco.items() if len(members) > 1)
    isco_id = {g: len(concepts) + 1 + n for n, g in enumerate(iscos)}
    n_isco = int(len(left) * ISCO_SHARE / (1 - ISCO_SHARE)) if iscos else 0
    for _ in range(n_isco):
        g = iscos[int(rng.integers(len(iscos)))]
        a, b = rng.choice(by_isco[g], size=2, replace=False)
        left.append(texts[keyed[a][int(rng.integers(len(keyed[a])))]])
        right.append(texts[keyed[b][int(rng.integers(len(keyed[b])))]])
        groups.append(isco_id[g])
    return list(texts), np.array(left), np.array(right), np.array(groups)


def _train_model(concepts, labels, pair_rows, held, seed, epochs):
    keyed = _concept_texts(concepts, labels, pair_rows, held)
    texts, left, right, groups = _training_pairs(concepts, keyed, seed, epochs)
    vocabulary, idf = fit_vectorizer(texts, MAX_FEATURES)
    probe = TitleModel(vocabulary, idf, np.zeros((len(vocabulary), 1), dtype=np.float32))
    x = probe.sparse(texts)
    weights = train_projection(x, left, right, groups, dim=DIM, epochs=1, lr=LEARNING_RATE,
                               temperature=TEMPERATURE, seed=seed)
    model = TitleModel(vocabulary, idf, weights.astype(np.float16))
    return model, _centroids(model, keyed)


def _centroids(model, keyed):
    out = np.zeros((len(keyed), model.dim), dtype=np.float32)
    flat = sorted({k for ls in keyed for k in ls})
    position = {k: j for j, k in enumerate(flat)}
    embedded = model.embed(flat)
    for i, ls in enumerate(keyed):
        if ls:
            mean = embedded[[position[k] for k in ls]].mean(axis=0)
            out[i] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return out.astype(np.float16).astype(np.float32)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    # np.savez stamps the current time into the zip; a fixed stamp keeps builds identical.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = io.BytesIO()
            np.lib.format.write_array(data, np.asarray(arrays[name]), allow_pickle=False)
            zf.writestr(info, data.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())
