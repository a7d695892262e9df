"""TF-IDF of the free texts, in numpy: the engine's "text" criterion.

It computes exactly what scikit-learn's ``TfidfVectorizer(stop_words="english", sublinear_tf=True,
strip_accents="unicode")`` computes (a test compares them), without importing scikit-learn:
that import alone (it pulls in scipy.stats) took longer than solving a few hundred people, and
the command line pays it on every run. Steps, as scikit-learn does them: lowercase, strip
accents, take words of two or more word characters, drop English stop words; count; tf is
``1 + log(count)``; idf is ``log((1 + documents) / (1 + documents with the word)) + 1``; each
row is scaled to unit length (sum of squares added in the same order, so the floats agree).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

WORD = re.compile(r"(?u)\b\w\w+\b")
# scikit-learn's English stop words (BSD licence), copied so the scores stay what they were.
ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "afterwards",
        "again",
        "against",
        "all",
        "almost",
        "alone",
        "along",
        "already",
        "also",
        "although",
        "always",
        "am",
        "among",
        "amongst",
        "amoungst",
        "amount",
        "an",
        "and",
        "another",
        "any",
        "anyhow",
        "anyone",
        "anything",
        "anyway",
        "anywhere",
        "are",
        "around",
        "as",
        "at",
        "back",
        "be",
        "became",
        "because",
        "become",
        "becomes",
        "becoming",
        "been",
        "before",
        "beforehand",
        "behind",
        "being",
        "below",
        "beside",
        "besides",
        "between",
        "beyond",
        "bill",
        "both",
        "bottom",
        "but",
        "by",
        "call",
        "can",
        "cannot",
        "cant",
        "co",
        "con",
        "could",
        "couldnt",
        "cry",
        "de",
        "describe",
        "detail",
        "do",
        "done",
        "down",
        "due",
        "during",
        "each",
        "eg",
        "eight",
        "either",
        "eleven",
        "else",
        "elsewhere",
        "empty",
        "enough",
        "etc",
        "even",
        "ever",
        "every",
        "everyone",
        "everything",
        "everywhere",
        "except",
        "few",
        "fifteen",
        "fifty",
        "fill",
        "find",
        "fire",
        "first",
        "five",
        "for",
        "former",
        "formerly",
        "forty",
        "found",
        "four",
        "from",
        "front",
        "full",
        "further",
        "get",
        "give",
        "go",
        "had",
        "has",
        "hasnt",
        "have",
        "he",
        "hence",
        "her",
        "here",
        "hereafter",
        "hereby",
        "herein",
        "hereupon",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "hundred",
        "i",
        "ie",
        "if",
        "in",
        "inc",
        "indeed",
        "interest",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "keep",
        "last",
        "latter",
        "latterly",
        "least",
        "less",
        "ltd",
        "made",
        "many",
        "may",
        "me",
        "meanwhile",
        "might",
        "mill",
        "mine",
        "more",
        "moreover",
        "most",
        "mostly",
        "move",
        "much",
        "must",
        "my",
        "myself",
        "name",
        "namely",
        "neither",
        "never",
        "nevertheless",
        "next",
        "nine",
        "no",
        "nobody",
        "none",
        "noone",
        "nor",
        "not",
        "nothing",
        "now",
        "nowhere",
        "of",
        "off",
        "often",
        "on",
        "once",
        "one",
        "only",
        "onto",
        "or",
        "other",
        "others",
        "otherwise",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "part",
        "per",
        "perhaps",
        "please",
        "put",
        "rather",
        "re",
        "same",
        "see",
        "seem",
        "seemed",
        "seeming",
        "seems",
        "serious",
        "several",
        "she",
        "should",
        "show",
        "side",
        "since",
        "sincere",
        "six",
        "sixty",
        "so",
        "some",
        "somehow",
        "someone",
        "something",
        "sometime",
        "sometimes",
        "somewhere",
        "still",
        "such",
        "system",
        "take",
        "ten",
        "than",
        "that",
        "the",
        "their",
        "them",
        "themselves",
        "then",
        "thence",
        "there",
        "thereafter",
        "thereby",
        "therefore",
        "therein",
        "thereupon",
        "these",
        "they",
        "thick",
        "thin",
        "third",
        "this",
        "those",
        "though",
        "three",
        "through",
        "throughout",
        "thru",
        "thus",
        "to",
        "together",
        "too",
        "top",
        "toward",
        "towards",
        "twelve",
        "twenty",
        "two",
        "un",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "via",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "whence",
        "whenever",
        "where",
        "whereafter",
        "whereas",
        "whereby",
        "wherein",
        "whereupon",
        "wherever",
        "whether",
        "which",
        "while",
        "whither",
        "who",
        "whoever",
        "whole",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
    ]
)


@dataclass(frozen=True)
class Rows:
    """A sparse row matrix as plain arrays (compressed rows), columns in the vocabulary's order."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    data: NDArray[np.float64]
    width: int

    @property
    def height(self) -> int:
        return self.indptr.size - 1

    def dense(self) -> NDArray[np.float64]:
        out = np.zeros((self.height, self.width))
        rows = np.repeat(np.arange(self.height), np.diff(self.indptr))
        out[rows, self.indices] = self.data
        return out


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    normalized = unicodedata.normalize("NFKD", text)
    return "".join(c for c in normalized if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(_strip_accents(text.lower())) if w not in ENGLISH_STOP_WORDS]


def tfidf(texts: Sequence[str]) -> tuple[Rows, list[str]] | None:
    """Unit-length TF-IDF rows of the texts and the sorted vocabulary; None when no text has a
    single content word (then text similarity is simply 0 for everyone)."""
    first_seen: dict[str, int] = {}
    rows: list[dict[int, int]] = []
    for text in texts:
        tally: dict[int, int] = {}
        for word in words(text):
            key = first_seen.setdefault(word, len(first_seen))
            tally[key] = tally.get(key, 0) + 1
        rows.append(tally)
    if not first_seen:
        return None
    vocabulary = sorted(first_seen)
    column = np.empty(len(vocabulary), dtype=np.int64)
    column[[first_seen[w] for w in vocabulary]] = np.arange(len(vocabulary))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    # Within a row, words in order of first appearance in the whole corpus, as scikit-learn
    # keeps them; it only matters for the order of the floating-point sums below.
    seen = np.fromiter((k for r in rows for k in sorted(r)), dtype=np.int64, count=indptr[-1])
    counts = np.fromiter(
        (r[k] for r in rows for k in sorted(r)), dtype=np.float64, count=indptr[-1]
    )
    indices = column[seen]
    df = np.bincount(indices, minlength=len(vocabulary)).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, len(rows) + 1.0)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data = np.log(counts)
    data += 1.0
    data *= idf[indices]
    owner = np.repeat(np.arange(len(rows)), np.diff(indptr))
    norms = np.sqrt(np.bincount(owner, weights=data * data, minlength=len(rows)))
    data /= np.where(norms > 0, norms, 1.0)[owner]
    return Rows(indptr, indices, data, len(vocabulary)), vocabulary
