"""Commands a chat sends in so many words (Telegram's `/help`, `/reset`): answered the same
whichever brain runs, without asking it."""

from __future__ import annotations

from salesbot.conversations.state import DialogState
from salesbot.conversations.types import Reply
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
        fresh = DialogState(language=state.language, answered_through=state.answered_through)
        replies = (Reply(phrases["reset_done"]), Reply(phrases["greeting"], PRODUCT_BUTTONS))
        return Turn(replies=replies, state_updates=fresh.dump())
    return Turn(replies=(Reply(phrases["help"]),), state_updates=state.dump())
