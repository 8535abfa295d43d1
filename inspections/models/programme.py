"""A programme: the inspections the inspectorates commit to in a period, e.g. the first
programme of up to six inspections from February to September 2016 (pilot included)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .framework import FrameworkVersion


class Programme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=FrameworkVersion.Kind.choices,
        default=FrameworkVersion.Kind.JOINT,
        help_text="A programme holds one kind of inspection; Ofsted-only inspections are not part of the JTAI "
        "programme.",
    )
    name = models.CharField(max_length=200, unique=True)
    starts_on = models.DateField(help_text="The first week on site may start on or after this day.")
    ends_on = models.DateField(help_text="The last week on site must end on or before this day.")
    max_inspections = models.PositiveSmallIntegerField(
        "most inspections", null=True, blank=True, help_text="Blank for no limit. Cancelled inspections don't count."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The programme cannot end before it starts."})

    def covers(self, first_day: datetime.date, last_day: datetime.date) -> bool:
        return self.starts_on <= first_day and last_day <= self.ends_on

    @staticmethod
    def counted_q() -> Q:
        """From a programme, the inspections it counts: of its own kind, cancelled ones excluded."""
        from .inspection import Stage

        return Q(inspections__framework__kind=F("kind")) & ~Q(inspections__stage=Stage.CANCELLED)
