"""A lead's whole life through each tracker, from the first quote to the win, with the
tracker down while the lead moves: the card follows the lead, catches up after the outage,
and there is only ever one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select

from salesbot.crm.cards import lead_key
from salesbot.db.engine import Database
from salesbot.models import CrmLink, Lead
from salesbot.settings import Settings, use_settings
from salesbot.trackers.tasks import catch_up
from tests.conftest import manager_login
from tests.fakes import clickup_server as c
from tests.fakes import github_projects_server as g
from tests.fakes import shortcut_server as s
from tests.fakes.clickup_server import FakeClickUp
from tests.fakes.github_projects_server import FakeGitHubProjects
from tests.fakes.shortcut_server import FakeShortcut
from tests.fakes.trello_server import FakeTrello
from tests.integrations.trackers.conftest import TRELLO_MAP, trello_settings
from tests.trackers.conftest import Chat, drain

QUOTE = (
    "Добрый день, интересует ИИ-Менеджер",
    "менеджеров у нас 12",
    "нужна интеграция с битриксом и телеграмом",
    "в облаке",
    "99,5",
    "да, всё так",
)
CONTACT = "Я Сергей из ООО «Вектор», +7 912 555-01-02"


@dataclass
class Board:
    """One fake tracker, seen the way the test needs it."""

    name: str
    settings: dict[str, Any]
    places: dict[str, str]  # our status → the tracker's place id
    cards: Callable[[], list[str]]  # the ids of the cards on it
    place: Callable[[str], str]  # where a card is now
    text: Callable[[str], str]
    title: Callable[[str], str]
    comments: Callable[[str], list[str]]
    outage: Callable[[bool], None]


def trello_board(fake: FakeTrello) -> Board:
    def outage(down: bool) -> None:
        fake.down = down

    return Board(
        "trello",
        trello_settings(Settings(_env_file=None), fake).model_dump(  # type: ignore[call-arg]
            include={"trello_api_key", "trello_token", "trello_board_id", "trello_api_base"}
        ),
        dict(TRELLO_MAP),
        lambda: list(fake.cards),
        lambda card: str(fake.cards[card]["idList"]),
        lambda card: str(fake.cards[card]["desc"]),
        lambda card: str(fake.cards[card]["name"]),
        fake.comments_on,
        outage,
    )


def clickup_board(fake: FakeClickUp) -> Board:
    def outage(down: bool) -> None:
        fake.down = down

    return Board(
        "clickup",
        {
            "clickup_token": SecretStr(c.TOKEN),
            "clickup_list_id": c.LIST_ID,
            "clickup_api_base": f"{fake.origin}/api/v2",
        },
        {
            "new": c.STATUS_NEW,
            "quote_sent": c.STATUS_WORK,
            "won": c.STATUS_WON,
            "lost": c.STATUS_LOST,
        },
        lambda: list(fake.tasks),
        lambda card: str(fake.task(card)["status"]["status"]),
        lambda card: str(fake.task(card)["markdown_description"]),
        lambda card: str(fake.task(card)["name"]),
        lambda card: [comment.text for comment in fake.comments.get(card, [])],
        outage,
    )


def shortcut_board(fake: FakeShortcut) -> Board:
    def outage(down: bool) -> None:
        fake.down = down

    return Board(
        "shortcut",
        {
            "shortcut_token": SecretStr(s.TOKEN),
            "shortcut_group_id": s.SALES_GROUP_ID,
            "shortcut_api_base": fake.api_url,
        },
        {
            "new": str(s.STATE_NEW),
            "quote_sent": str(s.STATE_IN_PROGRESS),
            "won": str(s.STATE_WON),
            "lost": str(s.STATE_LOST),
        },
        lambda: [str(story) for story in fake.stories],
        lambda card: str(fake.story(int(card))["workflow_state_id"]),
        lambda card: str(fake.story(int(card))["description"]),
        lambda card: str(fake.story(int(card))["name"]),
        lambda card: [comment["text"] for comment in fake.story(int(card))["comments"]],
        outage,
    )


def github_board(fake: FakeGitHubProjects) -> Board:
    names = {value: key for key, value in {
        "new": "Новые лиды", "quote_sent": "В работе", "won": "Выиграны", "lost": "Проиграны"
    }.items()}  # fmt: skip
    places = {status: fake.option_id("Status", name) for name, status in names.items()}

    def outage(down: bool) -> None:
        with fake._lock:  # the fake has no switch: a long run of 503s, cleared when it is over
            fake._failures.clear()
        if down:
            fake.fail_next(503, times=10_000)

    def body(card: str) -> str:
        return str(fake.item(card)["body"])

    return Board(
        "github",
        {
            "github_token": SecretStr(g.TOKEN),
            "github_project_id": g.PROJECT_ID,
            "github_api_url": fake.origin + g.GRAPHQL_PATH,
        },
        places,
        lambda: [item for item in fake.items if fake.item(item)["type"] == "DRAFT_ISSUE"],
        lambda card: places[names[fake.item(card)["fields"]["Status"]]],
        body,
        lambda card: str(fake.item(card)["title"]),
        lambda card: [
            line for line in body(card).split("\n") if line.startswith(("Статус", "Клиенту"))
        ],
        outage,
    )


@pytest.fixture(params=["trello", "clickup", "shortcut", "github"])
def board(
    request: pytest.FixtureRequest,
    trello: FakeTrello,
    clickup: FakeClickUp,
    shortcut: FakeShortcut,
    github: FakeGitHubProjects,
) -> Board:
    makers = {
        "trello": lambda: trello_board(trello),
        "clickup": lambda: clickup_board(clickup),
        "shortcut": lambda: shortcut_board(shortcut),
        "github": lambda: github_board(github),
    }
    return makers[request.param]()


@pytest.fixture
def settings(base_settings: Settings, board: Board) -> Settings:
    """Only this board's tracker on, its statuses mapped in the settings."""
    values = {**board.settings, f"{board.name}_status_map": board.places}
    configured = base_settings.model_copy(update=values)
    use_settings(configured)
    return configured


async def test_a_leads_whole_life_on_the_board_with_an_outage_in_the_middle(
    board: Board, client: httpx.AsyncClient, settings: Settings, database: Database
) -> None:
    chat = await Chat.start(client)
    said = await chat.say(*QUOTE, CONTACT)
    await drain(settings)
    async with database.transaction() as session:
        lead = (await session.execute(select(Lead))).scalar_one()
    assert lead.status == "quote_sent", said
    [card] = board.cards()
    assert board.title(card).endswith(f"[{lead_key(lead.id)}]")
    assert board.place(card) == board.places["quote_sent"]
    text = board.text(card)
    for expected in (
        "Сергей",
        "+79125550102",
        "ИИ-Менеджер",
        "### Бриф",
        "рекомендуем",
        str(lead.id),
    ):
        assert expected in text, expected
    assert "Статус лида: «КП отправлено»." in board.comments(card)

    await chat.say("пришлите, пожалуйста, КП")
    await drain(settings)
    assert "### Документы" in board.text(card)
    assert any(line.startswith("Клиенту отправлен документ") for line in board.comments(card))

    board.outage(True)  # the tracker is down while the lead is won: the sync is parked
    headers = (await manager_login(client, database))[1]
    won = await client.post(
        f"/api/v1/leads/{lead.id}/outcome", json={"status": "won"}, headers=headers
    )
    assert won.status_code == 200, won.text
    await drain(settings)
    assert board.place(card) == board.places["quote_sent"]
    async with database.transaction() as session:
        link = (await session.execute(select(CrmLink))).scalar_one()
    assert link.last_error and "503" in link.last_error
    assert link.url and link.url.startswith("https://")  # the lead card links to it

    board.outage(False)
    assert await catch_up(settings) == 1
    await drain(settings)
    assert board.cards() == [card]  # caught up, never duplicated
    assert board.place(card) == board.places["won"]
    assert board.comments(card)[-1].startswith("Статус лида: «Выигран».")
    assert await catch_up(settings) == 0
