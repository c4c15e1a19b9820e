from .addon import Addon
from .api_access import ApiToken
from .audit import AuditEvent
from .checklist import (
    ChecklistItem,
    ChecklistItemComment,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Gate,
    Side,
)
from .delivery import (
    MUTABLE_KINDS,
    HandBack,
    Handover,
    Notification,
    NotificationKind,
    PagerTest,
)
from .metadata import AddonMetadata
from .notification_preferences import NotificationPreference
from .portal_settings import PortalSettings
from .prometheus import PrometheusSource
from .review import Comment, ReviewRound, SignOff
from .slo import SLO, SOP, SLOBucket, SLOBucketHistory
from .slo_data import SLOClock, SLOGapAcceptance
from .states import STAGE_OF_STATE, Stage, State
from .teams import Team
from .timeline import ImmutableEventError, TimelineEvent

__all__ = [
    "MUTABLE_KINDS",
    "SLO",
    "SOP",
    "STAGE_OF_STATE",
    "Addon",
    "AddonMetadata",
    "ApiToken",
    "AuditEvent",
    "ChecklistItem",
    "ChecklistItemComment",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "Comment",
    "Gate",
    "HandBack",
    "Handover",
    "PagerTest",
    "ImmutableEventError",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "PortalSettings",
    "PrometheusSource",
    "SLOBucket",
    "SLOBucketHistory",
    "SLOClock",
    "SLOGapAcceptance",
    "Side",
    "ReviewRound",
    "SignOff",
    "Stage",
    "State",
    "Team",
    "TimelineEvent",
]
