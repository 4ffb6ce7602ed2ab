"""Russian-first text processing for retrieval: normalisation, tokens, lemmas, stop words.

Lemmas (pymorphy3) rather than stems: "интеграции", "интеграцией" and "интегрировать" meet
at "интеграция"/"интегрировать", and colloquial forms a stemmer mangles still resolve.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import pymorphy3

_TOKEN = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")
_BLANK_LINES = re.compile(r"\n{3,}")

_morph: pymorphy3.MorphAnalyzer | None = None


def _analyzer() -> pymorphy3.MorphAnalyzer:
    global _morph
    if _morph is None:
        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def _load_words(name: str) -> frozenset[str]:
    content = resources.files("salesbot.knowledge.resources").joinpath(name).read_text("utf-8")
    return frozenset(
        line.strip() for line in content.splitlines() if line.strip() and not line.startswith("#")
    )


STOP_WORDS = _load_words("stopwords.txt")


def normalise(text: str) -> str:
    """Unicode NFC, unified spaces and line ends, no soft hyphens, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "")
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def tokens(text: str) -> list[str]:
    return [t.lower().replace("ё", "е") for t in _TOKEN.findall(text)]


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    if not _CYRILLIC.search(token):
        return token
    return str(_analyzer().parse(token)[0].normal_form).replace("ё", "е")


def lemma_forms(token: str) -> list[str]:
    """Every normal form pymorphy3 offers for a word ("сорока": сорок and сорока), most
    likely first; a word without Cyrillic is its own form."""
    if not _CYRILLIC.search(token):
        return [token]
    return list(dict.fromkeys(str(p.normal_form) for p in _analyzer().parse(token)))


def lemma_parse(word: str) -> tuple[str, str | None, bool] | None:
    """(lemma, part of speech, animate) of a Russian word by its most likely reading."""
    if not _CYRILLIC.search(word):
        return None
    parse = _analyzer().parse(word)[0]
    lemma = str(parse.normal_form).replace("ё", "е")
    return lemma, parse.tag.POS, "anim" in parse.tag


def name_parse(word: str) -> str | None:
    """ "Name" or "Surn" when the most likely reading of a Russian word is a first name or a
    surname in the nominative (pymorphy3's grammemes: "Ивану" is somebody else), else None."""
    if not _CYRILLIC.search(word):
        return None
    tag = _analyzer().parse(word)[0].tag
    if "Name" in tag and "nomn" in tag:
        return "Name"
    return "Surn" if "Surn" in tag else None


def lemmas(text: str, *, keep_stop_words: bool = False) -> list[str]:
    result = []
    for token in tokens(text):
        lem = lemma(token)
        if keep_stop_words or (lem not in STOP_WORDS and token not in STOP_WORDS):
            result.append(lem)
    return result


def detect_language(text: str) -> str:
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    return "ru" if cyrillic >= latin else "en"
