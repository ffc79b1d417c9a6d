"""The community app's models, gathered from its subpackages: Django looks for an app's models
in its `models` module, and they keep the app label `community` wherever they are defined.
"""

from cinemeter.community.messages.models import HelpfulMark, Message, MessageRevision, MessageStatus
from cinemeter.community.moderation.models import Report, ReportStatus, Suspension
from cinemeter.community.paste_guard.models import TextBand, TextFingerprint, TextSourceKind
from cinemeter.community.translation.models import HUMAN_TRANSLATOR, MessageTranslation
from cinemeter.community.votes.models import VOTE_VALUES, Vote

__all__ = [
    "HUMAN_TRANSLATOR",
    "VOTE_VALUES",
    "HelpfulMark",
    "Message",
    "MessageRevision",
    "MessageStatus",
    "MessageTranslation",
    "Report",
    "ReportStatus",
    "Suspension",
    "TextBand",
    "TextFingerprint",
    "TextSourceKind",
    "Vote",
]
