"""Commands a chat sends in so many words (Telegram's `/help`, `/reset`), and files sent
without words: answered the same whichever brain runs."""

from __future__ import annotations

import re
from dataclasses import replace

from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Attachment, Reply
from salesbot.dialog.brain import Turn
from salesbot.dialog.offline import LANGUAGE, PRODUCT_BUTTONS, shared_phrases

COMMANDS = ("help", "reset")


def command_turn(command: str, state: DialogState) -> Turn:
    """`/help`: what the assistant does and the commands. `/reset`: the brief and the
    conversation's progress forgotten (the language and what was answered stay), and the
    greeting again."""
    LANGUAGE.set(state.language)
    phrases = shared_phrases()
    if command == "reset":
        fresh = DialogState(
            language=state.language,
            answered_through=state.answered_through,
            source=state.source,
            listing=state.listing,
        )
        replies = (Reply(phrases["reset_done"]), Reply(phrases["greeting"], PRODUCT_BUTTONS))
        return Turn(replies=replies, state_updates=fresh.dump())
    return Turn(replies=(Reply(phrases["help"]),), state_updates=state.dump())


def files_note(attachments: list[Attachment], language: str) -> tuple[Reply, ...]:
    """Files that came without words: each kind acknowledged (a voice message with the word
    that the assistant reads text only), before the brain's answer."""
    LANGUAGE.set(language)
    phrases = shared_phrases()
    voice = [a for a in attachments if a.content_type.startswith("audio/")]
    notes = ["files_received"] if len(voice) < len(attachments) else []
    notes += ["voice_received"] if voice else []
    return tuple(Reply(phrases[key]) for key in notes)


# "телефон", "телефона", "телефоном", "phone"; not "телефония" (an integration)
_ASKS_PHONE = re.compile(r"\bтелефон(?:а|ом|у)?\b|\bphone\b", re.IGNORECASE)


def with_contact_button(replies: tuple[Reply, ...], language: str) -> tuple[Reply, ...]:
    """A reply that asks for a phone carries a "share my phone" button for channels that
    have one (Telegram's request_contact), unless it shows buttons of its own."""
    LANGUAGE.set(language)
    label = shared_phrases()["button_share_phone"]
    return tuple(
        replace(reply, contact_button=label)
        if not reply.buttons and _ASKS_PHONE.search(reply.text)
        else reply
        for reply in replies
    )
