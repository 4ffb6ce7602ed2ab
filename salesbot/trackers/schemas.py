from __future__ import annotations

from pydantic import BaseModel, Field

from salesbot.integrations.trackers.base import TrackerStage
from salesbot.trackers.setup import TrackerCheck


class TrackerOut(BaseModel):
    name: str = Field(description="trello, clickup, shortcut or github")
    title: str
    configured: bool = Field(description="Its settings are present: cards are made")
    problems: list[str] = Field(description="What is missing; empty when ready")
    mapping: dict[str, str] = Field(description="Our status → the tracker's place id")
    unmapped: list[str] = Field(description="Our statuses with no place: cards stay put")

    @classmethod
    def of(cls, check: TrackerCheck) -> TrackerOut:
        return cls(
            name=check.name,
            title=check.title,
            configured=check.configured,
            problems=check.problems,
            mapping=check.mapping,
            unmapped=check.unmapped,
        )


class TrackerStageOut(BaseModel):
    id: str = Field(description="What goes into the mapping")
    name: str
    group: str | None = Field(description="The board, list, workflow or field it belongs to")

    @classmethod
    def of(cls, stage: TrackerStage) -> TrackerStageOut:
        return cls(id=stage.id, name=stage.name, group=stage.group)


class TrackerMappingIn(BaseModel):
    statuses: dict[str, str] = Field(
        description="Our status (new, qualified, brief_completed, quote_sent, won, lost) → "
        "the id of a place from the tracker's stages",
        max_length=6,
    )


class TrackerMappingOut(BaseModel):
    statuses: dict[str, str]
