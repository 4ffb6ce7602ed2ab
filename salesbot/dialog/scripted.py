"""A brain that answers by a script: the in-process double of the `Brain` port, for tests
and demos of the engine, the channels and the outbox without the offline brain's models."""

from __future__ import annotations

from salesbot.conversations.state import Stage
from salesbot.conversations.types import Reply
from salesbot.dialog.brain import DialogContext, Turn
from salesbot.dialog.tools import Tools


class ScriptedBrain:
    name = "scripted"
    reads_history = False

    def __init__(self, *, fail: bool = False) -> None:
        self.inputs: list[str] = []
        self.fail = fail

    async def take_turn(self, context: DialogContext, tools: Tools) -> Turn:
        """Echo the customer's words; with `fail`, change the state and crash half-way."""
        self.inputs.append(context.inbound.text)
        if self.fail:
            tools.state.product = "ai-lawyer"  # a half-done change that must not survive
            raise RuntimeError("brain crashed")
        tools.state.stage = Stage.brief
        return Turn(
            replies=(Reply(f"ответ на: {context.inbound.text}"),),
            state_updates=tools.state.dump(),
            context_used=("faq/x.md",),
        )
