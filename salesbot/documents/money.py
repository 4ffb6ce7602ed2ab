"""Amounts as Russian documents write them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

KOPECK = Decimal("0.01")


def _plural(n: int, one: str, few: str, many: str) -> str:
    if 11 <= n % 100 <= 14:
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)


def amount_in_words(amount: Decimal) -> str:
    """887250 → «восемьсот восемьдесят семь тысяч двести пятьдесят рублей 00 копеек»."""
    amount = amount.quantize(KOPECK, rounding=ROUND_HALF_UP)
    roubles = int(amount)
    kopecks = int((amount - roubles) * 100)
    words = num2words(roubles, lang="ru")
    return (
        f"{words} {_plural(roubles, 'рубль', 'рубля', 'рублей')} "
        f"{kopecks:02d} {_plural(kopecks, 'копейка', 'копейки', 'копеек')}"
    )


def rub(amount: Decimal, *, kopecks: bool = False) -> str:
    """«887 250 ₽» or, for invoices, «887 250,00»."""
    if kopecks:
        value = amount.quantize(KOPECK, rounding=ROUND_HALF_UP)
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    value = amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0₽"


def split_payment(total: Decimal, prepayment_percent: int) -> tuple[Decimal, Decimal]:
    """(prepayment, rest) in kopecks that add up to the total exactly."""
    first = (total * prepayment_percent / 100).quantize(KOPECK, rounding=ROUND_HALF_UP)
    return first, total - first
