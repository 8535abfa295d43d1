"""Tokens that other systems use to read the API, and every use of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from inspections.models import Inspectorate


class SystemToken(models.Model):
    """A bearer token issued to one named system of one inspectorate.

    The secret is shown once, when it is issued; only its SHA-256 digest is kept. The prefix is
    not secret: it finds the row, and names the token in the admin and the logs."""

    system = models.CharField(
        "system", max_length=200, help_text="The system that uses it, e.g. 'CQC case management'."
    )
    inspectorate = models.ForeignKey(Inspectorate, on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    digest = models.CharField("SHA-256 of the token", max_length=64, editable=False)
    expires_at = models.DateTimeField("expires")
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.system} ({self.inspectorate}, {self.prefix}…)"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class TokenUse(models.Model):
    """One request made with a token: when, from where and what was read."""

    token = models.ForeignKey(SystemToken, on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.GenericIPAddressField("from", null=True, blank=True)
    path = models.CharField("read", max_length=500)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.token.prefix} {self.at:%Y-%m-%d %H:%M:%S} {self.path}"


class CalendarFeed(models.Model):
    """A subscribed iCalendar feed: an inspector's own inspections, or a programme's for a manager.

    Its address carries a long random token, kept here only as a digest. It stops when revoked,
    and when its owner's password changes (it remembers the password's fingerprint, as a session
    does), so a new password leaves no old address working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    programme = models.ForeignKey(
        "inspections.Programme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    password_fingerprint = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Calendar feed of {self.programme or 'own inspections'} for {self.user}"


class InspectionChange(models.Model):
    """One write to an inspection or to what the API shows of it (its milestones, team, letter, or
    which inspectorates its framework names), as the changes feed reads it.

    Written by database triggers (migration 0003), not by the code, so that no write escapes the
    feed: a bulk `update()`, a raw SQL fix or a data migration is logged as surely as a service's
    save. On PostgreSQL each row keeps the writing transaction's id, so that the feed gives a row only
    once every transaction that could still commit an earlier one has ended (see
    `selectors.changes_for`). No foreign key: a deleted inspection's changes stay readable."""

    inspection_id = models.BigIntegerField(db_index=True)
    # PostgreSQL's 64-bit transaction id (pg_current_xact_id); 0 on SQLite, which has one writer
    # at a time, so the row id alone is the order of commits there.
    xid = models.BigIntegerField(editable=False)
    changed_at = models.DateTimeField(editable=False)

    class Meta:
        indexes = [models.Index(fields=["xid", "id"], name="api_change_position")]

    def __str__(self):
        return f"Inspection {self.inspection_id} changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"
