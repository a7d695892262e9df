"""Themes of free text: the words and phrases several people used, never one person's words.

Shared by survey results (`upward.feedback.selectors.results`) and the interest survey
(`upward.programs.selectors`): free text is shown as themes, or word for word only where the
writer allowed it (docs/privacy.md).
"""

from __future__ import annotations

MAX_THEMES = 8

# Words of two letters or more, no digits (ages, dates and figures could identify someone).
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_]+\b"

# People answer in their own language: the little words of French, German and Spanish are no
# more a theme than English's "the" (scikit-learn's list covers English).
_FRENCH = """
    au aux avec ce ces cette dans de des du elle en est et eu il ils je la le les leur lui ma mais
    me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses si son sont sur ta te
    tes toi ton tu un une vos votre vous était été être avoir ai as avons avez ont fait faire plus
    très bien aussi comme tout tous toute toutes cela ça ici là alors donc car
"""
_GERMAN = """
    aber als am an auch auf aus bei bin bis bist da dann das dass dem den der des die dies diese
    dieser du durch ein eine einem einen einer es für hab habe haben hat hatte ich ihr im in ist
    ja jetzt kann kein keine man mein meine mich mir mit nach nicht noch nur oder schon sehr sein
    sich sie sind so über um und uns unser vom von vor war waren was weil wenn wie wir wird wo zu
    zum zur
"""
_SPANISH = """
    al algo como con cual cuando de del el ella ellos en entre era es esa ese eso esta este esto
    estoy fue ha hay la las le les lo los mas más me mi mis muy nos nuestro para pero poco por
    porque que qué se ser si sí sin sobre son su sus también te tengo tiene todo todos tu un una
    uno unos ya yo
"""
OTHER_STOP_WORDS = frozenset((_FRENCH + _GERMAN + _SPANISH).split())


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

    stop = set(ENGLISH_STOP_WORDS) | OTHER_STOP_WORDS
    stop |= {"really", "lot", "bit", "just", "think", "like", "ve", "don"}
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
