"""Factories for the inspections app. Reference data from the migrations (inspectorates,
framework versions, the first theme) is looked up, not duplicated."""

import datetime

import factory

from inspections import models
from inspections.calendar import working_calendar
from inspections.timeline import Rules, compute
from tests.factories import UserFactory


def framework(slug: str = "jtai-2016") -> models.FrameworkVersion:
    return models.FrameworkVersion.objects.get(slug=slug)


def theme(slug: str = "cse-and-missing") -> models.Theme:
    return models.Theme.objects.get(slug=slug)


def inspectorate(code: str = "ofsted") -> models.Inspectorate:
    return models.Inspectorate.objects.get(code=code)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Area

    name = factory.Sequence(lambda n: f"Area {n}")
    ons_code = factory.Sequence(lambda n: f"E{n:08d}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = models.AgencyKind.POLICE

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@council.example.org")
    role = models.PersonRole.DCS
    area = factory.SubFactory(AreaFactory)


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Inspector

    user = factory.SubFactory(UserFactory)
    inspectorate = factory.LazyFunction(inspectorate)
    is_manager = False


class InspectionFactory(factory.django.DjangoModelFactory):
    """A planned inspection with stored milestones and, unless `lead=None`, a lead inspector."""

    class Meta:
        model = models.Inspection
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"JTAI-2016-{n + 100:03d}")
    area = factory.SubFactory(AreaFactory)
    framework = factory.LazyFunction(framework)
    theme = factory.LazyFunction(theme)
    onsite_start = datetime.date(2016, 3, 7)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        inspector = extracted or InspectorFactory()
        models.TeamMembership.objects.create(inspection=self, inspector=inspector, is_lead=True)

    @factory.post_generation
    def milestones(self, create, extracted, **kwargs):
        if create:
            from inspections.services.planning import milestones_store

            milestones_store(
                inspection=self,
                milestones=compute(self.onsite_start, Rules.from_framework(self.framework), working_calendar()),
            )
