"""Themes of free text: the words and phrases several people used, never one person's words.

Shared by survey results (`upward.feedback.selectors.results`) and the interest survey
(`upward.programs.selectors`): free text is shown as themes, or word for word only where the
writer allowed it (docs/privacy.md).
"""

from __future__ import annotations

MAX_THEMES = 8

# Words of two letters or more, no digits (ages, dates and figures could identify someone).
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"


def text_themes(
    texts: list[str], *, min_respondents: int = 2, limit: int = MAX_THEMES
) -> list[tuple[str, int]]:
    """Words and two-word phrases used by at least `min_respondents` people, most common first.

    A phrase only one person used could identify them, so it is never shown.
    """
    if len(texts) < min_respondents:
        return []
    # Imported here: scikit-learn is slow to import and only these pages need it.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = set(ENGLISH_STOP_WORDS) | {"really", "lot", "bit", "just", "think", "like", "ve", "don"}
    vectorizer = CountVectorizer(
        ngram_range=(1, 2),
        stop_words=list(stop),
        binary=True,
        min_df=min_respondents,
        token_pattern=WORD_PATTERN,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # every word was a stop word or used by one person only
        return []
    totals = matrix.sum(axis=0).A1
    terms = vectorizer.get_feature_names_out()
    ranked = sorted(zip(terms, totals, strict=True), key=lambda t: (-t[1], -len(t[0]), t[0]))
    themes: list[tuple[str, int]] = []
    for term, n in ranked:
        # Prefer a phrase over the single words it contains when both are equally common.
        if any(term in chosen and n == c for chosen, c in themes):
            continue
        themes.append((str(term), int(n)))
        if len(themes) >= limit:
            break
    return themes
