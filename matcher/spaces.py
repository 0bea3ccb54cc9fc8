"""Where profiles' words become vectors: the title/skill phrase space and the text space.

Fitted once over the distinct phrases and documents of every profile; a query
is turned into the same vectors and compared with sparse products. Nothing
here knows about candidates or vacancies; :mod:`matcher.index` lays the
vectors out per profile.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from . import features as F
from .lexicon import model_similarity
from .reference import STOPWORDS


def zeros(rows, cols):
    """An empty float32 CSR matrix."""
    return sp.csr_matrix((rows, cols), dtype=np.float32)


class PhraseSpace:
    """Character n-gram TF-IDF over the distinct title and skill phrases.

    Profiles repeat the same few hundred titles and skills, so similarities are
    computed once per distinct phrase and then gathered per profile. A phrase is
    what the :class:`~matcher.lexicon.Lexicon` says stands for a title or skill
    ("cociné para la faena comunal" stands for "cocinero").
    """

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self._memo = {}
        self._remember = True
        self.phrases = []
        self.index = {}
        self.wording = []  # one raw wording per phrase, for the title model
        self.vectorizer = None
        self.matrix = zeros(0, 0)
        self.matrix_t = zeros(0, 0)
        self.title_rows = np.zeros(0, dtype=np.int64)
        self.title_model = None  # title-model vectors of the title rows, if any

    def _phrase(self, kind, text):
        key = (kind, text)
        phrase = self._memo.get(key)
        if phrase is None:
            if kind == "title":
                phrase = self.lexicon.title_phrases(text)
            else:
                phrase = self.lexicon.skill_phrase(text)
            # Remember only what was fitted: queries must not grow the memo of a
            # long-running server.
            if self._remember:
                self._memo[key] = phrase
        return phrase

    def title(self, text):
        """The phrases of a job title: [(phrase, weight, plain words)], see the lexicon."""
        return self._phrase("title", text)

    def rows(self, text):
        """[(fitted row, weight)] of a title's phrases; unfitted ones are left out."""
        index = self.index
        return [(index[p], w) for p, w, _ in self.title(text) if p in index]

    def skill(self, text):
        """The phrase of a skill (canonical id, or folded synonym)."""
        return self._phrase("skill", text)

    def fit(self, phrases, wording):
        self.phrases = list(phrases)
        self.index = {phrase: row for row, phrase in enumerate(self.phrases)}
        self.wording = [wording.get(phrase, phrase) for phrase in self.phrases]
        if self.phrases:
            self.vectorizer = TfidfVectorizer(
                analyzer=F.phrase_ngrams, sublinear_tf=True, dtype=np.float32
            )
            self.matrix = self.vectorizer.fit_transform(self.phrases).tocsr()
            self.matrix_t = self.matrix.T.tocsr()
        return self

    def fit_titles(self, rows):
        """Remember which rows are titles, and their title-model vectors."""
        self.title_rows = np.asarray(rows, dtype=np.int64)
        self.title_model = self.lexicon.title_vectors([self.wording[r] for r in rows])
        self.title_position = {int(row): i for i, row in enumerate(self.title_rows)}
        return self

    def freeze(self):
        self._remember = False

    @property
    def size(self):
        return len(self.index)

    def vectors(self, phrases):
        if self.vectorizer is None or not phrases:
            return zeros(len(phrases), self.matrix.shape[1])
        known = [self.index.get(phrase) for phrase in phrases]
        if all(row is not None for row in known):
            return self.matrix[known]
        fresh = self.vectorizer.transform(phrases)
        rows = [self.matrix[row] if row is not None else fresh[i] for i, row in enumerate(known)]
        return sp.vstack(rows, format="csr")

    def similarities(self, phrases, threshold=0.0):
        """Cosine of each phrase against every fitted phrase, as a sparse matrix."""
        sims = (self.vectors(phrases) @ self.matrix_t).tocsr()
        if threshold > 0:
            sims.data[sims.data < threshold] = 0
            sims.eliminate_zeros()
        np.minimum(sims.data, 1.0, out=sims.data)
        return sims

    def title_similarities(self, wordings, phrases):
        """Dense (len(phrases), size) title similarity: n-grams, or the title model if closer.

        The trained model of the knowledge, when there is one, is asked only
        about the fitted rows that are titles.
        """
        sims = self.similarities(phrases).toarray()
        if self.title_model is not None and len(self.title_rows):
            # A fitted phrase already has its vector (the same folded words).
            known = [self.title_position.get(self.index.get(p, -1)) for p in phrases]
            fresh = [w for w, i in zip(wordings, known, strict=True) if i is None]
            vectors = self.lexicon.title_vectors(fresh) if fresh else None
            query = np.empty((len(phrases), self.title_model.shape[1]), dtype=np.float32)
            j = 0
            for row, i in enumerate(known):
                if i is None:
                    query[row] = vectors[j]
                    j += 1
                else:
                    query[row] = self.title_model[i]
            model = model_similarity(query, self.title_model)
            rows = self.title_rows
            sims[:, rows] = np.maximum(sims[:, rows], model)
        return sims


class TextSpace:
    """Word TF-IDF over free text, stored transposed (terms x profiles)."""

    def __init__(self, synonyms):
        self.synonyms = synonyms
        self.vectorizer = None

    def doc(self, text):
        return F.canonical_text(text, self.synonyms, STOPWORDS)

    def fit(self, docs):
        if any(docs):
            self.vectorizer = TfidfVectorizer(
                analyzer=str.split, sublinear_tf=True, dtype=np.float32
            )
            self.vectorizer.fit(docs)
            self.idf = self.vectorizer.idf_.astype(np.float32)
        return self

    def transform_t(self, docs):
        if self.vectorizer is None:
            return zeros(0, len(docs))
        if not docs:
            return zeros(len(self.vectorizer.vocabulary_), 0)
        return self.vectorizer.transform(docs).T.tocsr()

    def query(self, doc):
        """TF-IDF of one document as (term rows, weights), like the vectorizer's.

        Computed directly because the vectorizer's own ``transform`` costs more
        in input checks than the whole product for a single query.
        """
        counts = {}
        vocabulary = self.vectorizer.vocabulary_
        for word in doc.split():
            row = vocabulary.get(word)
            if row is not None:
                counts[row] = counts.get(row, 0) + 1
        rows = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = (tf * self.idf[rows]).astype(np.float32)
        norm = np.linalg.norm(weights)
        return rows, weights / norm if norm > 0 else weights

    def similarity(self, doc, matrix_t):
        """Cosine (float32) of one document against every column of ``matrix_t``."""
        if self.vectorizer is None or not doc:
            return np.zeros(matrix_t.shape[1], dtype=np.float32)
        rows, weights = self.query(doc)
        if rows.size == 0:
            return np.zeros(matrix_t.shape[1], dtype=np.float32)
        # Only the query's terms are read: a dense matrix-vector product over
        # those rows, with no sparse result to build.
        return matrix_t[rows].T @ weights
