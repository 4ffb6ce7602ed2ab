"""From a customer's question to weighted search terms: lemmas, synonyms, typo repair, IDF."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from salesbot.errors import ValidationFailed
from salesbot.knowledge.text import lemma, lemmas, tokens

MAX_K = 50


def checked_query(query: str, k: int) -> str:
    """The query with its whitespace collapsed, after the checks every knowledge backend makes
    alike, so a caller sees the same errors whichever backend answers."""
    query = " ".join(query.split())
    if not query:
        raise ValidationFailed("Пустой поисковый запрос.", code="empty_query")
    if not 1 <= k <= MAX_K:
        raise ValidationFailed(f"k должно быть от 1 до {MAX_K}.", code="invalid_k")
    return query


@dataclass(frozen=True)
class TermStats:
    """Per-collection lexical statistics, valid for one collection generation."""

    documents: int
    mean_length: float
    frequency: dict[str, int]

    def idf(self, term: str) -> float:
        df = self.frequency.get(term, 0)
        return math.log(1 + (self.documents - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    content = (
        resources.files("salesbot.knowledge.resources").joinpath("synonyms.txt").read_text("utf-8")
    )
    table: dict[str, tuple[str, ...]] = {}
    for line in content.splitlines():
        if not line.strip() or line.startswith("#") or "=>" not in line:
            continue
        left, right = line.split("=>", 1)
        replacement = tuple(lemmas(right, keep_stop_words=True))
        for variant in left.split(","):
            for form in {variant.strip().lower(), lemma(variant.strip().lower())}:
                if form:
                    table[form] = replacement
    return table


def _repair(term: str, stats: TermStats) -> str | None:
    """The closest indexed term for a misspelt one: one edit, two for words of 9+ letters.

    Repairs are easily wrong ("директум" is not "директор"), so they weigh half.
    """
    if len(term) < 5 or not stats.frequency:
        return None
    limit = 1 if len(term) < 9 else 2
    match = process.extractOne(
        term, stats.frequency.keys(), scorer=Levenshtein.distance, score_cutoff=limit
    )
    return match[0] if match else None


def query_terms(query: str, stats: TermStats) -> dict[str, float]:
    """Search terms with their weights (IDF); unknown words are repaired or expanded."""
    weights: dict[str, float] = {}
    synonyms = _synonyms()

    def add(term: str, factor: float = 1.0) -> None:
        if term in stats.frequency:
            weights[term] = max(weights.get(term, 0.0), stats.idf(term) * factor)

    for token in tokens(query):
        base = lemma(token)
        expansion = synonyms.get(token) or synonyms.get(base)
        if base in stats.frequency:
            add(base)
        elif not expansion:
            repaired = _repair(base, stats) or _repair(token, stats)
            if repaired:
                add(repaired, 0.5)
        for extra in expansion or ():
            add(extra, 0.7)
    # Stop words are filtered by having low IDF rather than by a list, except the listed ones.
    from salesbot.knowledge.text import STOP_WORDS

    return {term: weight for term, weight in weights.items() if term not in STOP_WORDS}
