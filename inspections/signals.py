"""What the core tells the apps built on it, so that it never imports them.

`plan_changed` is sent inside the transaction of every service that changes something an
inspection's plan follows: its dates, stage, team or local contacts, or a person's address.
The notifications app re-plans the inspection's messages on it; an error there rolls the
change back, as if the call were made directly.
"""

from django.dispatch import Signal

plan_changed = Signal()


def plan_changed_send(inspection) -> None:
    plan_changed.send(sender=type(inspection), inspection=inspection)
