"""SQLAlchemy tables, one module per table; importing this package registers them all."""

from salesbot.models.contact import Contact
from salesbot.models.conversation import Channel, Conversation, Owner
from salesbot.models.job_error import JobError
from salesbot.models.message import Author, Message
from salesbot.models.user import Role, User

__all__ = [
    "Author",
    "Channel",
    "Contact",
    "Conversation",
    "JobError",
    "Message",
    "Owner",
    "Role",
    "User",
]
