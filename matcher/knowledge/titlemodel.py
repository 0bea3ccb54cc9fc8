"""The title model: char n-gram TF-IDF projected to a small dense space trained on title pairs.

A job title goes through three steps:

1. :func:`model_text` folds it (accents, case, gender and number, see
   :func:`matcher.text.fold`) and then spells it the way it sounds in Latin American
   Spanish ("cocinera" and "cosinera" both become "kosinero"), so common slips vanish
   before anything is compared;
2. a character 2–5-gram TF-IDF (sublinear term frequency) turns it into a sparse vector;
3. a linear projection ``W`` (features × ``dim``) maps that vector to a dense one, which is
   L2-normalised.

``W`` starts as a random Gaussian projection (which roughly keeps TF-IDF cosines) and is
trained with an in-batch contrastive loss (InfoNCE): two titles of the same occupation are
pulled together, titles of the other pairs in the batch pushed apart. Training is plain
numpy, seeded and single-threaded, so the same inputs give the same weights.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.text import fold_tokens

# Seseo, yeísmo and silent h: the slips people make when writing as they speak.
_PHONETIC = (
    (re.compile(r"ch"), "\x01"),
    (re.compile(r"qu(?=[ei])"), "k"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"[cq]"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"v"), "b"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"h"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile("\x01"), "ch"),
)


@lru_cache(maxsize=200_000)
def _phonetic_word(word: str) -> str:
    for pattern, repl in _PHONETIC:
        word = pattern.sub(repl, word)
    return word


def phonetic(folded: str) -> str:
    """Spell folded text as it sounds, so that seseo and b/v slips meet.

    Examples
    --------
    >>> phonetic("cosinero"), phonetic("cocinero"), phonetic("atension al cliente")
    ('kosinero', 'kosinero', 'atension al kliente')
    """
    return " ".join(_phonetic_word(word) for word in folded.split())


def model_text(text: str) -> str:
    """The form of ``text`` the title model reads: folded, then phonetic.

    Examples
    --------
    >>> model_text("Cocinera"), model_text("cosinero")
    ('kosinero', 'kosinero')
    """
    return " ".join(_phonetic_word(word) for word in fold_tokens(text))


def make_vectorizer(**kwargs) -> TfidfVectorizer:
    """The char 2–5-gram TF-IDF every part of the title model shares."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                           lowercase=False, dtype=np.float32, **kwargs)


@dataclass
class TitleModel:
    """A fitted title model: vocabulary, idf weights and the projection.

    Parameters
    ----------
    vocabulary : sequence of str
        The character n-grams, in column order.
    idf : ndarray of float32, shape (n_features,)
    weights : ndarray, shape (n_features, dim)
        The trained projection (shipped as float16).
    """

    vocabulary: Sequence[str]
    idf: np.ndarray
    weights: np.ndarray

    def __post_init__(self):
        self._index = {g: i for i, g in enumerate(self.vocabulary)}
        self._idf32 = np.asarray(self.idf, dtype=np.float32)
        self._weights32 = np.asarray(self.weights, dtype=np.float32)
        self._ngrams = make_vectorizer()._char_wb_ngrams
        self._words: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @property
    def dim(self) -> int:
        return self._weights32.shape[1]

    def _word(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        # char_wb n-grams never cross a space, so a text's counts are the sum of its
        # words' counts: each distinct word is cut into n-grams once and remembered.
        found = self._words.get(word)
        if found is None:
            counts: dict[int, int] = {}
            for gram in self._ngrams(word):
                j = self._index.get(gram)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            found = (np.fromiter(counts.keys(), dtype=np.int32, count=len(counts)),
                     np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
            if len(self._words) < 500_000:
                self._words[word] = found
        return found

    def coverage(self, text: str) -> float:
        """Share of the character n-grams of a model text that the vocabulary knows.

        Examples
        --------
        >>> from matcher.knowledge import Knowledge
        >>> model = Knowledge.default().title_model
        >>> model.coverage(model_text("cocinero")) > model.coverage(model_text("qwxz jjkl"))
        True
        """
        grams = [g for word in text.split() for g in self._ngrams(word)]
        return sum(g in self._index for g in grams) / len(grams) if grams else 0.0

    def sparse(self, texts: Sequence[str]):
        """TF-IDF rows (L2-normalised) of texts already passed through :func:`model_text`.

        The same numbers as scikit-learn's ``TfidfVectorizer`` (char_wb, 2–5, sublinear tf)
        with this vocabulary and idf, computed a word at a time.
        """
        from scipy import sparse

        cols, vals, lengths = [], [], np.zeros(len(texts), dtype=np.int64)
        for i, text in enumerate(texts):
            for word in text.split():
                c, v = self._word(word)
                cols.append(c)
                vals.append(v)
                lengths[i] += len(c)
        n = len(texts)
        if not cols:
            return sparse.csr_matrix((n, len(self._index)), dtype=np.float32)
        rows = np.repeat(np.arange(n, dtype=np.int32), lengths)
        x = sparse.csr_matrix((np.concatenate(vals), (rows, np.concatenate(cols))),
                              shape=(n, len(self._index)), dtype=np.float32)
        x.sum_duplicates()
        x.data = (np.log(x.data) + 1.0) * self._idf32[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x.data /= np.repeat(norms, np.diff(x.indptr)).astype(np.float32)
        return x

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Dense, L2-normalised embeddings of texts already passed through :func:`model_text`.

        Examples
        --------
        >>> from matcher.knowledge import Knowledge
        >>> model = Knowledge.default().title_model
        >>> model.embed([model_text("mesera")]).shape[0]
        1
        """
        return _normalise(np.asarray(self.sparse(texts) @ self._weights32, dtype=np.float32))


def _normalise(z: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return z / np.maximum(norms, 1e-12)


def fit_vectorizer(texts: Sequence[str], max_features: int):
    """Fit the TF-IDF on model texts; return (vocabulary list, idf float32)."""
    vectorizer = make_vectorizer(min_df=2, max_features=max_features)
    vectorizer.fit(sorted(set(texts)))
    vocabulary = vectorizer.get_feature_names_out().tolist()
    return vocabulary, vectorizer.idf_.astype(np.float32)


def train_projection(x, left, right, groups, *, dim=128, epochs=8, batch=512, lr=3e-3,
                     temperature=0.05, seed=0):
    """Train ``W`` with a symmetric in-batch InfoNCE loss; return float32 weights.

    Parameters
    ----------
    x : scipy.sparse matrix, shape (n_texts, n_features)
        L2-normalised TF-IDF rows of every training text.
    left, right : ndarray of int
        Row indices of the positive pairs.
    groups : ndarray of int
        A group id per pair (the occupation, or the ISCO group for the looser pairs):
        two pairs of the same group in one batch are not pushed apart.
    """
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(seed)
    n_features = x.shape[1]
    w = rng.standard_normal((n_features, dim)).astype(np.float32) / np.sqrt(dim)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    x = x.tocsr().astype(np.float32)
    step = 0
    # One BLAS thread: the same sums in the same order, so the weights are reproducible.
    with threadpool_limits(limits=1):
        for _ in range(epochs):
            order = rng.permutation(len(left))
            for start in range(0, len(order) - 1, batch):
                idx = order[start:start + batch]
                if len(idx) < 2:
                    continue
                xa, xb = x[left[idx]], x[right[idx]]
                za, zb = np.asarray(xa @ w), np.asarray(xb @ w)
                na = np.linalg.norm(za, axis=1, keepdims=True) + 1e-12
                nb = np.linalg.norm(zb, axis=1, keepdims=True) + 1e-12
                ua, ub = za / na, zb / nb
                logits = (ua @ ub.T) / temperature
                g = groups[idx]
                same = (g[:, None] == g[None, :]) & ~np.eye(len(idx), dtype=bool)
                logits[same] = -1e4
                p_rows = _softmax(logits)
                p_cols = _softmax(logits.T)
                eye = np.eye(len(idx), dtype=np.float32)
                d_logits = ((p_rows - eye) + (p_cols - eye).T) / (2 * len(idx))
                d_ua = (d_logits @ ub) / temperature
                d_ub = (d_logits.T @ ua) / temperature
                d_za = (d_ua - ua * np.sum(ua * d_ua, axis=1, keepdims=True)) / na
                d_zb = (d_ub - ub * np.sum(ub * d_ub, axis=1, keepdims=True)) / nb
                grad = np.asarray(xa.T @ d_za) + np.asarray(xb.T @ d_zb)
                step += 1
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                m_hat = m / (1 - beta1 ** step)
                v_hat = v / (1 - beta2 ** step)
                w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


def _softmax(a: np.ndarray) -> np.ndarray:
    a = a - a.max(axis=1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=1, keepdims=True)
