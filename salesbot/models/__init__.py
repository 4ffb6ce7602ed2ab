"""SQLAlchemy tables, one module per table; importing this package registers them all."""

from salesbot.models.analytics_event import AnalyticsEvent
from salesbot.models.analytics_fold import AnalyticsFold
from salesbot.models.analytics_reply_time import AnalyticsReplyTime
from salesbot.models.assistant import AssistantSession, AssistantTokenUse
from salesbot.models.attachment import StoredFile
from salesbot.models.booking import Booking, BookingStatus
from salesbot.models.contact import Contact
from salesbot.models.conversation import Channel, Conversation, Owner
from salesbot.models.conversation_day import ConversationDay
from salesbot.models.conversation_event import ConversationEvent
from salesbot.models.conversation_fact import ConversationFact
from salesbot.models.crm_link import CrmLink
from salesbot.models.document import Document
from salesbot.models.document_counter import DocumentCounter
from salesbot.models.document_template import DocumentTemplate
from salesbot.models.integration_status import IntegrationStatus
from salesbot.models.job_error import JobError
from salesbot.models.kb_change import KbChange
from salesbot.models.kb_chunk import KbChunk
from salesbot.models.kb_collection import KbCollection
from salesbot.models.kb_document import KbDocument
from salesbot.models.kb_document_version import KbDocumentVersion
from salesbot.models.kb_embedding_cache import KbEmbeddingCache
from salesbot.models.kb_posting import KbPosting
from salesbot.models.lead import Lead
from salesbot.models.message import Author, Delivery, Message
from salesbot.models.outgoing_mail import MailStatus, OutgoingMail
from salesbot.models.payment import Payment
from salesbot.models.price_list import PriceListVersion
from salesbot.models.quote import QuoteRecord
from salesbot.models.send_slot import SendSlot
from salesbot.models.service_token import ServiceToken
from salesbot.models.setting_override import SettingOverride
from salesbot.models.unanswered_question import UnansweredQuestion
from salesbot.models.user import Role, User
from salesbot.models.webhook_event import WebhookEvent, WebhookStatus

__all__ = [
    "AnalyticsEvent",
    "AnalyticsFold",
    "AnalyticsReplyTime",
    "AssistantSession",
    "AssistantTokenUse",
    "Author",
    "Booking",
    "BookingStatus",
    "Channel",
    "Contact",
    "Conversation",
    "ConversationDay",
    "ConversationEvent",
    "ConversationFact",
    "CrmLink",
    "Delivery",
    "Document",
    "DocumentCounter",
    "DocumentTemplate",
    "IntegrationStatus",
    "JobError",
    "KbChange",
    "KbChunk",
    "KbCollection",
    "KbDocument",
    "KbDocumentVersion",
    "KbEmbeddingCache",
    "KbPosting",
    "Lead",
    "MailStatus",
    "Message",
    "OutgoingMail",
    "Owner",
    "Payment",
    "PriceListVersion",
    "QuoteRecord",
    "Role",
    "SendSlot",
    "ServiceToken",
    "SettingOverride",
    "StoredFile",
    "UnansweredQuestion",
    "User",
    "WebhookEvent",
    "WebhookStatus",
]
