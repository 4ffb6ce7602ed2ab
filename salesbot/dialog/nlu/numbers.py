"""Numbers as Russian customers write them, turned into digits before the slot readers look
for counts: compound numerals in any case ("сорока пяти" → 45, "ста пятидесяти" → 150),
collectives ("пятеро"), and colloquial amounts over pymorphy3 lemmas ("пара" → 2, "десяток"
→ 10, "полсотни" → 50, "две сотни" → 200, "десятка полтора" / "полтора десятка" → 15,
"полторы тысячи" → 1500). English number words are read too ("forty five", "a dozen").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from salesbot.knowledge.text import lemma_forms

UNITS = {
    "ноль": 0,
    "один": 1,
    "два": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "восьмеро": 8,
    "девятеро": 9,
    "десятеро": 10,
}
TEENS = {
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
}
TENS = {
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
}
HUNDREDS = {
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
}
# Nouns that count: "пара", "десяток", "сотня", "тысяча", and the halves.
GROUPS = {"пара": 2, "десяток": 10, "сотня": 100, "тысяча": 1000}
HALVES = {"полсотни": 50, "полтысячи": 500, "полсотня": 50, "полтысяча": 500}
ONE_AND_A_HALF = "полтора"
EN_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_GROUPS = {"dozen": 12, "hundred": 100, "thousand": 1000, "couple": 2}

# Which kind of word each Russian table holds, in the order they are tried.
_KINDS = (
    ("unit", UNITS),
    ("teen", TEENS),
    ("ten", TENS),
    ("hundred", HUNDREDS),
    ("group", GROUPS),
    ("value", HALVES),
)
_WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int


@lru_cache(maxsize=4096)
def _value_of(word: str) -> tuple[str, Decimal] | None:
    """(kind, value) of one word: unit, teen, ten, hundred, group, half, one-and-a-half."""
    low = word.lower().replace("ё", "е")
    if low in EN_UNITS:
        return "unit", Decimal(EN_UNITS[low])
    if low in EN_TENS:
        return "ten", Decimal(EN_TENS[low])
    if low in EN_GROUPS or low.rstrip("s") in EN_GROUPS:
        return "group", Decimal(EN_GROUPS.get(low, EN_GROUPS.get(low.rstrip("s"), 0)))
    if low in HALVES:
        return "value", Decimal(HALVES[low])
    for form in lemma_forms(low):
        form = form.replace("ё", "е")
        if form == ONE_AND_A_HALF:
            return "half", Decimal("1.5")
        for kind, table in _KINDS:
            if form in table:
                return kind, Decimal(table[form])
    return None


_RANK = {"unit": 1, "teen": 2, "ten": 2, "hundred": 3}
# What may stand between two words of one number: spaces, a hyphen, an English "and".
_JOINER = re.compile(r"\s*(?:-|\s|and\s)\s*|\s+", re.IGNORECASE)


def read_numbers(text: str) -> list[Number]:
    """Runs of number words with their values and spans; digits are left as they are."""
    words = [(m, _value_of(m.group(0))) for m in _WORD.finditer(text) if m.group(0) != "and"]
    found: list[Number] = []
    i = 0
    while i < len(words):
        if words[i][1] is None:
            i += 1
            continue
        total, current, rank = Decimal(0), Decimal(0), 99
        start, end = words[i][0].start(), words[i][0].end()
        j = i
        while j < len(words) and (value := words[j][1]) is not None:
            if j > i and not _JOINER.fullmatch(text[words[j - 1][0].end() : words[j][0].start()]):
                break
            kind, amount = value
            if kind in _RANK:
                if _RANK[kind] >= rank:  # "два три" are two numbers, not one
                    break
                current, rank = current + amount, _RANK[kind]
            elif kind == "group":  # "две сотни", "пару десятков", "тысяча"
                if current:
                    total, current = total + current * amount, Decimal(0)
                else:
                    total = (total or Decimal(1)) * amount
                rank = 99
            elif kind == "half":  # "полтора десятка", or "десятка полтора"
                if current or not total:
                    current = current + amount
                else:
                    total *= amount
            else:  # "полсотни"
                total += amount
            end = words[j][0].end()
            j += 1
        value_now = int((total + current).to_integral_value())
        if value_now or words[i][1] == ("unit", Decimal(0)):
            found.append(Number(value_now, start, end))
        i = max(j, i + 1)
    return found


def with_digits(text: str) -> str:
    """The text with each run of number words replaced by its digits, so readers that look
    for "45 человек" also read "сорок пять человек"."""
    parts, last = [], 0
    for number in read_numbers(text):
        parts.append(text[last : number.start])
        parts.append(str(number.value))
        last = number.end
    parts.append(text[last:])
    return "".join(parts)
