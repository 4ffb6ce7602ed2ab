"""The tracker's own custom fields a card fills, found by their names: an admin adds a field
called «Бюджет» or «Продукт» to the board and it is filled, with nothing to configure. The
names are matched case-insensitively up to a comma («Бюджет, ₽» is «бюджет»)."""

from __future__ import annotations

from salesbot.integrations.trackers.base import LeadTicket, Priority

# A field's name → the fact of `LeadTicket.fields` it holds.
FIELD_NAMES = {
    "id лида": "key",
    "salesbot": "key",
    "бюджет": "amount",
    "сумма": "amount",
    "продукт": "product",
    "канал": "channel",
    "пакет": "package",
    "телефон": "phone",
    "email": "email",
    "e-mail": "email",
    "приоритет": "priority",
    "priority": "priority",
    "следующий контакт": "due",
    "срок": "due",
    "lead id": "key",
    "budget": "amount",
    "amount": "amount",
    "product": "product",
    "channel": "channel",
    "package": "package",
    "phone": "phone",
    "due": "due",
    "deadline": "due",
}
# An option of a "priority" drop-down, by how its name begins.
PRIORITY_STEMS = {
    Priority.urgent: ("сроч", "urgent", "критич"),
    Priority.high: ("высок", "high"),
    Priority.normal: ("сред", "обыч", "normal", "medium"),
    Priority.low: ("низк", "low"),
}


def fact_for(field_name: str) -> str | None:
    """Which fact a field of this name holds, or None."""
    return FIELD_NAMES.get(field_name.split(",")[0].strip().lower())


def fact_value(ticket: LeadTicket, fact: str) -> str | None:
    if fact == "key":
        return ticket.key
    if fact == "priority":
        return ticket.priority.value
    if fact == "due":
        return ticket.due.isoformat() if ticket.due else None
    return ticket.fields.get(fact) or None


def priority_option(options: dict[str, str], priority: Priority) -> str | None:
    """The id of the option (id → name) that stands for `priority`."""
    stems = PRIORITY_STEMS[priority]
    return next(
        (id_ for id_, name in options.items() if name.strip().lower().startswith(stems)), None
    )
