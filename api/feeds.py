"""Calendar feeds: what each one holds, and creating and revoking them.

A feed is read on phones and shared calendars, so it says less than the pages: before an
inspection is notified its entries name only its reference and "not yet notified", never the
area; no entry names a contact. Times follow the invitations' rules (notifications.ics)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from inspections.models import Inspection, MilestoneKey, Programme, Stage
from inspections.notifications.ics import FeedEvent, feed
from inspections.permissions import inspector_for, is_manager
from jtai.errors import DomainError

from .models import CalendarFeed

MEETINGS = (MilestoneKey.CONFERENCE_CALL, MilestoneKey.SETUP_MEETING, MilestoneKey.FEEDBACK_MEETING)
# The deadlines that are the lead inspector's own to meet.
LEAD_DEADLINES = (MilestoneKey.DRAFT_LETTER_DUE, MilestoneKey.PUBLICATION_DUE)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fingerprint(user) -> str:
    return user.get_session_auth_hash()


def feed_create(*, user, programme: Programme | None = None) -> tuple[CalendarFeed, str]:
    """A new feed and its token (shown once: only the digest is kept)."""
    if inspector_for(user) is None:
        raise DomainError("__all__", "Only inspectors can subscribe to a calendar of inspections.")
    if programme is not None and not is_manager(user):
        raise DomainError("programme", "Only managers can subscribe to a programme's calendar.")
    token = secrets.token_urlsafe(32)
    created = CalendarFeed.objects.create(
        user=user, programme=programme, digest=_digest(token), password_fingerprint=_fingerprint(user)
    )
    return created, token


def feed_revoke(*, user, feed_id: int) -> None:
    with transaction.atomic():
        found = CalendarFeed.objects.select_for_update().filter(pk=feed_id, user=user).first()
        if found is None:
            raise DomainError("feed", "There is no such calendar feed on your account.")
        if found.revoked_at is None:
            found.revoked_at = timezone.now()
            found.save(update_fields=["revoked_at"])


def feed_rotate(*, user, feed_id: int) -> tuple[CalendarFeed, str]:
    """A new address for a feed the user has not stopped (it stopped working when their password
    changed, or they want a fresh one): the old one stops for good, the new one (shown once)
    holds the same calendar."""
    with transaction.atomic():
        found = CalendarFeed.objects.select_for_update().filter(pk=feed_id, user=user, revoked_at=None).first()
        if found is None:
            raise DomainError("feed", "There is no such calendar feed on your account.")
        found.revoked_at = timezone.now()
        found.save(update_fields=["revoked_at"])
        return feed_create(user=user, programme=found.programme)


def feeds_rotate_on_password_change(*, user, working: list[CalendarFeed]) -> list[str]:
    """After the user changed their password: a new address for each feed that was working before
    (the old addresses stopped with the old password). Returns the new tokens, to be shown once. A
    feed the user may no longer have (no longer an inspector, or a manager) stays stopped."""
    tokens = []
    for item in working:
        try:
            tokens.append(feed_rotate(user=user, feed_id=item.pk)[1])
        except DomainError:
            continue
    return tokens


def feeds_working(user) -> list[CalendarFeed]:
    return [item for item in feeds_of(user) if is_live(item)]


def is_live(item: CalendarFeed) -> bool:
    user = item.user
    return (
        item.revoked_at is None
        and user.is_active
        and hmac.compare_digest(item.password_fingerprint, _fingerprint(user))
        and (item.programme_id is None or is_manager(user))
    )


def feed_for(token: str) -> CalendarFeed | None:
    found = CalendarFeed.objects.select_related("user", "programme").filter(digest=_digest(token)).first()
    return found if found is not None and is_live(found) else None


def feeds_of(user) -> list[CalendarFeed]:
    return list(CalendarFeed.objects.filter(user=user).select_related("programme"))


def _inspections(item: CalendarFeed):
    qs = Inspection.objects.select_related("area", "framework").prefetch_related("milestones", "team__inspector")
    if item.programme_id is not None:
        return qs.filter(programme_id=item.programme_id)
    return qs.filter(team__inspector__user=item.user)


def _summary(inspection: Inspection, what: str) -> str:
    if not inspection.is_notified:
        return f"{inspection.reference}: {what} (not yet notified)"
    return f"{inspection.reference} {inspection.area.name}: {what}"


def events_of(item: CalendarFeed) -> list[FeedEvent]:
    events = []
    for inspection in _inspections(item):
        cancelled = inspection.stage in Stage.withdrawn()
        last = inspection.milestone(MilestoneKey.ONSITE_END)
        ref = inspection.reference
        uid = f"{ref}-{{}}@jtai.feed"
        events.append(
            FeedEvent(
                uid=uid.format("on-site"),
                summary=_summary(inspection, "week on site"),
                cancelled=cancelled,
                first_day=inspection.onsite_start,
                last_day=last.date if last else inspection.onsite_start,
            )
        )
        if item.programme_id is not None:
            continue
        is_lead = any(m.is_lead and m.inspector.user_id == item.user_id for m in inspection.team.all())
        for milestone in inspection.milestones.all():
            if milestone.key in MEETINGS and milestone.time is not None:
                events.append(
                    FeedEvent(
                        uid=uid.format(milestone.key.replace("_", "-")),
                        summary=_summary(inspection, inspection.meeting_label(milestone.key)),
                        cancelled=cancelled,
                        key=milestone.key,
                        starts_at=milestone.moment,
                    )
                )
            elif is_lead and milestone.key in LEAD_DEADLINES:
                events.append(
                    FeedEvent(
                        uid=uid.format(milestone.key.replace("_", "-")),
                        summary=_summary(inspection, f"{inspection.meeting_label(milestone.key)} (your deadline)"),
                        cancelled=cancelled,
                        first_day=milestone.date,
                        last_day=milestone.date,
                    )
                )
    return events


def feed_ics(item: CalendarFeed) -> bytes:
    name = f"JTAI: {item.programme.name}" if item.programme_id else "JTAI: your inspections"
    return feed(name=name, events=events_of(item))
