from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from salesbot.conversations.service import ConversationService
from salesbot.conversations.state import DialogState, Stage
from salesbot.conversations.types import InboundMessage
from salesbot.dialog.tools import Tools
from salesbot.documents.service import DocumentService
from salesbot.knowledge.service import KnowledgeService
from salesbot.leads import service as leads
from salesbot.models import Channel, Contact, ConversationEvent, Owner
from salesbot.pricing.service import PricingService
from salesbot.settings import Settings


@pytest.fixture
async def tools(session: AsyncSession, settings: Settings) -> Tools:
    received = await ConversationService(settings).receive(
        session, InboundMessage(Channel.web, f"t-{uuid.uuid4().hex}", "здравствуйте")
    )
    pricing = PricingService(settings)
    return Tools(
        session,
        settings,
        received.conversation,
        DialogState(),
        KnowledgeService(settings),
        pricing,
        DocumentService(settings, pricing),
    )


class TestTools:
    def test_update_brief_reports_what_changed(self, tools: Tools) -> None:
        assert tools.update_brief(users=30, hosting="cloud", unknown_slot=1) == ["users", "hosting"]
        assert tools.update_brief(users=30, integrations=None) == []
        assert tools.update_brief(users=60) == ["users"]

    async def test_quote_and_recalculation(self, tools: Tools) -> None:
        await tools.set_product("ai-manager")
        tools.update_brief(users=30, integrations=4, hosting="cloud", sla="99.5")
        first = await tools.calculate_quote()
        assert first.result["packages"][1]["total"] == "887250" and tools.state.stage is Stage.quote
        tools.update_brief(users=60)
        second = await tools.calculate_quote()
        assert tools.state.recalculations == 1 and tools.state.quote_id == str(second.id)
        lead = await leads.for_conversation(tools.session, tools.conversation.id)
        assert lead is not None and lead.status == "quote_sent" and lead.quote_id == second.id

    async def test_contact_is_encrypted_and_starts_a_lead(self, tools: Tools) -> None:
        contact = await tools.save_contact(
            name="Ольга", phone="+79991234567", email="olga@example.com"
        )
        raw = (
            await tools.session.execute(
                text("SELECT name, phone FROM contacts WHERE id = :id"), {"id": contact.id}
            )
        ).one()
        assert "Ольга" not in raw[0] and "999" not in raw[1]
        assert tools.conversation.contact_id == contact.id and tools.state.contact_saved
        assert (await tools.session.get_one(Contact, contact.id)).email == "olga@example.com"
        lead = await leads.for_conversation(tools.session, tools.conversation.id)
        assert lead is not None and lead.contact_id == contact.id

    async def test_handoff_changes_owner_logs_and_queues_a_notification(self, tools: Tools) -> None:
        await tools.request_handoff("customer_request")
        assert (
            tools.conversation.owner == Owner.human.value and tools.state.stage is Stage.handed_off
        )
        events = await tools.session.scalar(select(func.count()).select_from(ConversationEvent))
        jobs = await tools.session.scalar(
            text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'channels.notify_team'")
        )
        assert events == 1 and jobs == 1

    async def test_nps_is_clamped(self, tools: Tools) -> None:
        await tools.record_nps(14)
        assert tools.state.nps == 10 and tools.state.stage is Stage.finished
