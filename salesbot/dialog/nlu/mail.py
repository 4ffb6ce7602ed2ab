"""Does the customer ask for the documents by e-mail? "киньте кп на почту", "а можно на
мейл?", "send the invoice to billing@acme.io" — but not "напишу вам на почту", "ИИ-Менеджер
умеет отвечать на почту?" or "по почте России отправите?".

Two signs, either enough: a mailbox as the destination ("на почту", "на мой ящик", "по
имейлу", "email me"), or an address ("ivan@…", "my email") with a verb of sending. A few
phrasings turn them around: the customer writing to us, paper mail, a question about what
the product can do, e-mail declined.
"""

from __future__ import annotations

import re

from salesbot.dialog.nlu.slots import EMAIL

_MAILBOX = (
    r"(?:почту|почтовик|мейл|мэйл|имейл|емейл|е-?мейл|e-?mail|email|электронку|ящик|мыло"
    r"|электронн\w+ (?:почту|адрес)|адрес)\b"
)
_TO_MAILBOX = re.compile(
    rf"\bна (?:мою |мой |нашу |наш |эту |этот |свою |свой |корпоративн\w+ |рабочу?\w* )?{_MAILBOX}"
    r"|\bпо (?:е-?мейлу|имейлу|емейлу|мейлу|e-?mail|email|электронн\w* почте)"
    r"|\bв (?:почту|ящик)\b"
    r"|\b(?:e-?mail|mail) (?:me|it|them|this|everything|the|us)\b",
    re.IGNORECASE,
)
# "to my email" is a destination only with something sent: "connect it to our email" is not
_TO_MAILBOX_IF_SENT = re.compile(
    r"\b(?:to|at|on) (?:my|our|this|the|her|his) (?:e-?mail|inbox|mailbox)\b"
    r"|\b(?:by|via|over) e-?mail\b",
    re.IGNORECASE,
)
_SENDING = re.compile(
    r"пришл|присл|отправ|скин|кин[ьуе]|вышл|высл|направ|сброс|дублир|переш|перекин"
    r"|(?<![\w@.-])(?:send|mail|forward|share)\b",  # the verb, not "e-mail" or "@mail.ru"
    re.IGNORECASE,
)
_NOT_ASKING = re.compile(
    r"почт\w* росси|курьер"
    r"|\bне (?:надо |нужно |стоит )?(?:на |по )?(?:почт|e-?mail|email|мейл|имейл)"
    r"|(?:почт\w*|e-?mail|email)\s+не нужн|no need for (?:an |the )?e-?mail|not (?:by|via) e-?mail"
    r"|\bнапиш|\bписал|\bпишу\b|\bя (?:вам |вам же )?(?:отправлю|вышлю|пришлю|скину|перешлю)"
    r"|отправим вам|\bi'?ll (?:e-?mail|send|mail|forward)|куда (?:писать|слать|отправ)"
    r"|\bумеет|\bсможет|\bможет (?:сам|читать|отвечать|отправлять|разбирать)",
    re.IGNORECASE,
)


def asks_by_mail(text: str) -> bool:
    if _NOT_ASKING.search(text):
        return False
    if _TO_MAILBOX.search(text):
        return True
    destination = _TO_MAILBOX_IF_SENT.search(text) or EMAIL.search(text)
    return bool(destination) and bool(_SENDING.search(text))
