"""Single-use invitation links for local contacts without an account, and what the e-mails
need from this app (given to `notifications.emails.email_context`).

The token in a message is derived from the message's stable idempotency key, so a retried or
repeated e-mail carries the same link and one invitation row; only its SHA-256 is stored.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from inspections.calendar import deadline_day, deadline_moment, working_calendar
from inspections.models import Inspection, InspectionContact, Person, Stage
from inspections.notifications.models import Message, MessageKind, mail_address
from inspections.notifications.services import message_queue
from jtai.errors import DomainError

from .models import CaseAuditRequest, Contributor, Invitation

K = MessageKind
# Messages that carry a sign-up link when their recipient has no account: the first each
# person gets, and those that ask them to act. The others say how to get one (`link_for`).
INVITING_KINDS = (
    K.DCS_NOTIFICATION,
    K.COORDINATOR_NOTIFICATION,
    K.PARTNER_NOTIFICATION,
    K.DRAFT_LETTER_SENT,
    K.FACTUAL_ACCURACY_REMINDER,
    K.ACTION_PLAN_DUE,
    K.CASE_AUDIT_REQUEST,
    K.CASE_AUDIT_REMINDER,
    K.ACCOUNT_INVITATION,
)
CASE_AUDIT_KINDS = (K.CASE_AUDIT_REQUEST, K.CASE_AUDIT_REMINDER, K.ACCOUNT_INVITATION)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expiry(now: datetime.datetime) -> datetime.datetime:
    """The end of the 10th working day after today."""
    last = working_calendar().add(timezone.localdate(now), settings.CASE_AUDITS_INVITATION_WORKING_DAYS)
    return deadline_moment(last)


def invitation_for_message(message: Message, person: Person) -> tuple[Invitation, str]:
    """The invitation a message carries (made the first time it is rendered) and its raw token."""
    token = salted_hmac("case_audits.invitation", f"{message.idempotency_key}:{person.pk}").hexdigest()
    now = timezone.now()
    invitation, _ = Invitation.objects.get_or_create(
        token_hash=token_hash(token),
        defaults={"person": person, "inspection": message.inspection, "created_at": now, "expires_at": expiry(now)},
    )
    return invitation, token


def email_context_for(sender, *, message: Message, **kwargs) -> dict:
    """What a notification e-mail needs from case audits: a sign-up link for someone without an
    account; the request's address for the request, its reminder and an invitation."""
    context = {}
    inspection = message.inspection
    if message.kind in CASE_AUDIT_KINDS:
        path = reverse("case_audits:overview", args=[inspection.reference])
        context["case_audits_link"] = f"{settings.SITE_URL}{path}"
        # For someone still to set up their account: the sign-in page, which goes on to the request.
        context["case_audits_sign_in_link"] = f"{settings.SITE_URL}{reverse('login')}?next={path}"
        context["case_audit_request"] = CaseAuditRequest.objects.filter(inspection=inspection).first()
    person = message.contact.person if message.contact_id else None
    if person is None and message.kind == K.ACCOUNT_INVITATION:
        person = Person.objects.filter(pk=_person_id_from_key(message.key)).first()
    if message.kind == K.ACCOUNT_INVITATION:
        context["renewed"] = message.key.startswith(RENEWED_KEY)
        context.update(_contributing(inspection, person))
    if message.kind in INVITING_KINDS and person is not None and person.user_id is None:
        invitation, token = invitation_for_message(message, person)
        path = reverse("case_audits:invitation", args=[token])
        context["invitation_link"] = f"{settings.SITE_URL}{path}"
        context["invitation_expires"] = deadline_day(invitation.expires_at)
    return context


def _contributing(inspection: Inspection, person: Person | None) -> dict:
    """What an invitation promises a contributor who is no inspection contact: their agency's
    cases, not the inspection's page, which they cannot see."""
    contributor = (
        Contributor.objects.filter(inspection=inspection, person=person).select_related("agency").first()
        if person is not None
        else None
    )
    if contributor is None:
        return {}
    if (
        InspectionContact.objects.filter(inspection=inspection, person=person)
        .filter(InspectionContact.told_q())
        .exists()
    ):
        return {"contributor_agency": contributor.agency}
    return {
        "contributor_agency": contributor.agency,
        "invitation_link_text": "Set up your account and see your agency's cases",
        "case_audits_link_text": "See your agency's cases",
    }


RENEWED_KEY = "account_invitation:renewed:"


def invitation_queue(*, inspection: Inspection, person: Person, renewed: bool = False) -> None:
    """Queue the e-mail inviting `person` to use the service for `inspection`; it asks this module
    for a sign-up link when it is rendered. A renewed invitation is a message of its own."""
    message_queue(
        inspection=inspection,
        kind=K.ACCOUNT_INVITATION,
        # Ends with the person's id, as every invitation's key does (`_person_id_from_key`).
        key=f"{RENEWED_KEY if renewed else 'account_invitation:'}person:{person.pk}",
        recipient_name=person.name,
        recipient_email=person.email,
    )


@transaction.atomic
def invitation_renew(*, token: str, email: str) -> None:
    """Someone whose link has expired asks for a new one, giving their address. The new link goes
    only to the address already recorded for the link's person, and only when the one given is
    it; the caller answers alike either way, so that nobody learns who is on an inspection."""
    invitation = invitation_lookup(token)
    if invitation is None or invitation.is_open():
        return
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    inspection = invitation.inspection
    if person.user_id is not None or inspection.stage in Stage.withdrawn():
        return
    if not person.email or mail_address(email) != mail_address(person.email):
        return
    invitation_queue(inspection=inspection, person=person, renewed=True)


def _person_id_from_key(key: str) -> int | None:
    try:
        return int(key.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


def invitation_lookup(token: str) -> Invitation | None:
    return Invitation.objects.select_related("person", "inspection__area").filter(token_hash=token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str, password_again: str):
    """Make the invited person's log-in with the password they chose; the link then never works again.
    Returns (user, invitation)."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_open():
        raise DomainError("__all__", "This link has expired or has already been used.")
    person = Person.objects.select_for_update().get(pk=invitation.person_id)
    if person.user_id is not None:
        raise DomainError("__all__", "This link has already been used.")
    if not password:
        raise DomainError("password", "Enter a password")
    if password != password_again:
        raise DomainError("password_again", "Enter the same password twice")
    User = get_user_model()
    username = person.email.strip().lower()
    first, _, last = person.name.partition(" ")
    candidate = User(username=username, email=person.email, first_name=first, last_name=last)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise DomainError("password", " ".join(error.messages)) from None
    if User.objects.filter(username__iexact=username).exists():
        # The address already signs in (someone in two areas): no second account from a link.
        raise DomainError("__all__", f"{person.email} already has an account: sign in with it instead.")
    candidate.set_password(password)
    candidate.save()
    person.user = candidate
    person.save()
    now = timezone.now()
    # Every link sent to this person is spent: one account each.
    Invitation.objects.filter(person=person, used_at__isnull=True).update(used_at=now)
    invitation.refresh_from_db()
    return candidate, invitation
