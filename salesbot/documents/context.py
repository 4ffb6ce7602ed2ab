"""The data a document template renders: quote, parties, payment, VAT, SLA, invoice lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from salesbot.documents.money import amount_in_words, rub, split_payment
from salesbot.errors import ValidationFailed
from salesbot.pricing.serialization import format_multiplier

KINDS = ("offer", "contract", "invoice")
NUMBER_PREFIX = {"offer": "КП", "contract": "Д", "invoice": "СЧ"}

SLA_TEXT = {
    "standard": (
        "стандартный (99,0\u00a0%)",
        "Доступность сервиса — не менее 99,0\u00a0% времени в календарном месяце "
        "(не более 7,2 часа простоя), без учёта согласованных плановых работ.",
        "критичные обращения — в течение 4 рабочих часов, остальные — до 2 рабочих дней",
    ),
    "99.5": (
        "99,5\u00a0%",
        "Доступность сервиса — не менее 99,5\u00a0% времени в календарном месяце "
        "(не более 3,6 часа простоя), без учёта согласованных плановых работ.",
        "критичные обращения — в течение 1 часа круглосуточно, остальные — до 1 рабочего дня",
    ),
    "99.9": (
        "99,9\u00a0%",
        "Доступность сервиса — не менее 99,9\u00a0% времени в календарном месяце "
        "(не более 43 минут простоя), без учёта согласованных плановых работ.",
        "критичные обращения — в течение 15 минут, 24/7; остальные — до 4 часов",
    ),
}
BRIEF_LABELS = {
    "users": "Пользователей",
    "integrations": "Интеграций",
    "hosting": "Размещение",
    "sla": "Уровень сервиса (SLA)",
    "deadline": "Срок запуска",
}


@dataclass(frozen=True)
class DocumentRequest:
    kind: str
    client: dict[str, Any]
    package: str | None = None  # default: the recommended one
    brief_lines: tuple[tuple[str, str], ...] = ()  # e.g. (("Отрасль", "ритейл"),) from the dialog
    contract_number: str | None = None  # referenced by an invoice
    invoice_stage: str = "prepayment"  # prepayment | full


@dataclass(frozen=True)
class DocumentTerms:
    vat_mode: str
    vat_rate: int
    prepayment_percent: int
    invoice_due_days: int


def _date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def build_context(
    *,
    request: DocumentRequest,
    quote: dict[str, Any],
    quote_number: str,
    number: str,
    today: date,
    seller: dict[str, str],
    terms: DocumentTerms,
) -> dict[str, Any]:
    if request.kind not in KINDS:
        raise ValidationFailed(
            f"Неизвестный вид документа «{request.kind}».", code="unknown_document"
        )
    packages = quote["packages"]
    code = request.package or quote["recommended"]
    selected = next((p for p in packages if p["code"] == code), None)
    if selected is None:
        raise ValidationFailed("Такого пакета в расчёте нет.", code="unknown_package")
    if not selected["available"]:
        raise ValidationFailed(
            f"Пакет {selected['name']} не подходит под требования: "
            f"{selected['unavailable_reason']}.",
            code="package_unavailable",
        )
    total = Decimal(selected["total"])
    first, rest = split_payment(total, terms.prepayment_percent)
    factors = {f["name"]: f for f in packages[0]["factors"]}
    sla_name, sla_description, sla_response = SLA_TEXT[quote["inputs"]["sla"]]
    context: dict[str, Any] = {
        "doc": {"kind": request.kind, "number": number, "date": _date(today), "city": "Москва"},
        "seller": seller,
        "client": _client(request.client),
        "quote": {
            "number": quote_number,
            "date": _date(today),
            "valid_until": _date(date.fromisoformat(quote["valid_until"])),
            "price_list_version": quote["price_list_version"],
            "product": {**quote["product"], "description": quote["product"].get("description", "")},
            "brief": [{"label": label, "value": value} for label, value in request.brief_lines]
            + [{"label": BRIEF_LABELS[name], "value": f["input"]} for name, f in factors.items()],
            "packages": [
                {
                    "code": p["code"],
                    "name": p["name"],
                    "includes": p["includes"],
                    "base_price": rub(Decimal(p["base_price"])),
                    "coefficients": [
                        {
                            "label": f["label"],
                            "input": f["input"],
                            "multiplier": format_multiplier(f["multiplier"]),
                        }
                        for f in p["factors"]
                    ],
                    "total": rub(Decimal(p["total"])) if p["available"] else None,
                    "available": p["available"],
                    "unavailable_reason": p["unavailable_reason"],
                    "recommended": p["code"] == quote["recommended"],
                }
                for p in packages
            ],
            "recommended": {
                "code": quote["recommended"],
                "name": next(
                    (p["name"] for p in packages if p["code"] == quote["recommended"]), ""
                ),
                "reason": quote["recommendation_reason"],
            },
        },
        "selected": {
            "code": selected["code"],
            "name": selected["name"],
            "total": rub(total),
            "total_words": amount_in_words(total),
            "includes": selected["includes"],
            "timeline": selected.get("timeline") or "по согласованию сторон",
        },
        "payment": {
            "schedule": [
                {
                    "label": "Предоплата",
                    "percent": f"{terms.prepayment_percent}\u00a0%",
                    "amount": rub(first),
                    "due": "в течение 5 рабочих дней с даты подписания договора",
                },
                {
                    "label": "Окончательный расчёт",
                    "percent": f"{100 - terms.prepayment_percent}\u00a0%",
                    "amount": rub(rest),
                    "due": "в течение 5 рабочих дней после подписания акта приёмки",
                },
            ],
            "terms": "Оплата производится безналичным переводом на расчётный счёт Исполнителя "
            "по счёту, выставленному на каждый этап.",
        },
        "sla": {"name": sla_name, "description": sla_description, "response": sla_response},
    }
    stage_amount = first if request.invoice_stage == "prepayment" else total
    context["vat"], context["invoice"] = _invoice(
        request, context, stage_amount, number, today, terms
    )
    return context


def _client(client: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "name",
        "contact_name",
        "representative",
        "representative_title",
        "inn",
        "kpp",
        "ogrn",
        "address",
        "bank",
        "bik",
        "account",
        "corr_account",
        "email",
        "phone",
    )
    values = {key: (client.get(key) or None) for key in keys}
    if not values["name"]:
        raise ValidationFailed("Укажите название клиента.", code="client_name_required")
    values["contact_name"] = values["contact_name"] or values["representative"] or values["name"]
    return values


def _invoice(
    request: DocumentRequest,
    context: dict[str, Any],
    amount: Decimal,
    number: str,
    today: date,
    terms: DocumentTerms,
) -> tuple[dict[str, Any], dict[str, Any]]:
    rate = Decimal(terms.vat_rate)
    if terms.vat_mode == "on_top":
        vat_amount = (amount * rate / 100).quantize(Decimal("0.01"))
        subtotal, total = amount, amount + vat_amount
        label = f"НДС {terms.vat_rate}\u00a0% начисляется сверх цены"
    elif terms.vat_mode == "included":
        vat_amount = (amount * rate / (100 + rate)).quantize(Decimal("0.01"))
        subtotal = total = amount
        label = f"в том числе НДС {terms.vat_rate}\u00a0%"
    else:
        vat_amount, subtotal, total = Decimal(0), amount, amount
        label = "НДС не облагается (УСН)"
    product, package = context["quote"]["product"]["name"], context["selected"]["name"]
    stage = (
        f"предоплата {terms.prepayment_percent}\u00a0%"
        if request.invoice_stage == "prepayment"
        else "полная оплата"
    )
    basis = (
        f" по договору № {request.contract_number}"
        if request.contract_number
        else f" по коммерческому предложению № {context['quote']['number']}"
    )
    vat = {
        "mode": terms.vat_mode,
        "rate": terms.vat_rate,
        "label": label,
        "amount": rub(vat_amount, kopecks=True),
    }
    invoice = {
        "number": number,
        "items": [
            {
                "n": 1,
                "name": f"Внедрение «{product}», пакет «{package}»: {stage}{basis}",
                "qty": "1",
                "unit": "усл.",
                "price": rub(subtotal, kopecks=True),
                "amount": rub(subtotal, kopecks=True),
            }
        ],
        "subtotal": rub(subtotal, kopecks=True),
        "vat_amount": rub(vat_amount, kopecks=True),
        "total": rub(total, kopecks=True),
        "total_words": amount_in_words(total),
        "items_count": 1,
        "due_date": _date(today + timedelta(days=terms.invoice_due_days)),
    }
    return vat, invoice
