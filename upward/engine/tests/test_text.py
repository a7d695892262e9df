"""The engine's TF-IDF gives scikit-learn's numbers exactly, without importing scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.feature_extraction.text import TfidfVectorizer

from upward.engine.text import ENGLISH_STOP_WORDS, tfidf

TEXTS = [
    "I want to understand how our brand reads on TikTok",
    "I run our team's short-video experiments on TikTok for the brand",
    "Café déjà vu: naïve questions about AI-tools, AI tools and more AI",
    "",
    "the and of it is",
    "Data literacy data DATA privacy; no-code automation 2024",
    "Ünïcödé wörds and ASCII words",
]


def test_tfidf_equals_scikit_learns() -> None:
    # The settings the engine used when it called scikit-learn.
    expected = TfidfVectorizer(stop_words="english", sublinear_tf=True, strip_accents="unicode")
    expected.fit(TEXTS)
    rows, vocabulary = tfidf(TEXTS) or pytest.fail("no vocabulary")
    assert vocabulary == list(expected.get_feature_names_out())
    assert np.array_equal(rows.dense(), expected.transform(TEXTS).toarray())


def test_no_content_word_means_no_vocabulary() -> None:
    assert tfidf(["the and of", "", "  "]) is None


def test_stop_words_are_scikit_learns() -> None:
    assert SKLEARN_STOP_WORDS == ENGLISH_STOP_WORDS
