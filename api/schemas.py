"""The shapes the API answers with: its OpenAPI schema is generated from these."""

from __future__ import annotations

import datetime

from ninja import Schema


class ProgrammeOut(Schema):
    slug: str
    name: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    most_inspections: int | None


class MilestoneOut(Schema):
    key: str
    label: str
    date: datetime.date
    time: datetime.time | None
    moment: datetime.datetime


class TeamMemberOut(Schema):
    name: str
    lead: bool


class TeamOut(Schema):
    inspectorate: str
    members: list[TeamMemberOut]


class LetterStateOut(Schema):
    status: str | None
    status_label: str | None
    publication_date: datetime.date | None


class InspectionOut(Schema):
    reference: str
    area: str
    kind: str
    framework_version: str
    theme: str
    programme: str | None
    stage: str
    stage_label: str
    notified: bool
    milestones: list[MilestoneOut]
    team: list[TeamOut]
    letter: LetterStateOut


class InspectionPage(Schema):
    items: list[InspectionOut]
    next_cursor: str | None


class ChangeOut(Schema):
    reference: str
    changed_at: datetime.datetime
    in_view: bool
    inspection: InspectionOut | None


class ChangesPage(Schema):
    changes: list[ChangeOut]
    next_cursor: str
    more: bool


class ParagraphOut(Schema):
    number: int
    label: str
    text: str


class SectionOut(Schema):
    heading: str
    level: int
    paragraphs: list[ParagraphOut]


class RecommendationOut(Schema):
    paragraph: int
    priority: str
    addressed_to: str
    text: str


class LetterSummaryOut(Schema):
    reference: str
    area: str
    kind: str
    theme: str
    published_on: datetime.date | None
    url: str


class LetterOut(LetterSummaryOut):
    title: str
    addressees: list[str]
    sections: list[SectionOut]
    recommendations: list[RecommendationOut]
    pdf_url: str | None
    page_url: str


class ThematicReportOut(Schema):
    theme: str
    slug: str
    edition: int
    summary: str
    published_on: datetime.date
    page_url: str
    pdf_url: str | None


class ConsultationSummaryOut(Schema):
    slug: str
    title: str
    published_on: datetime.date
    url: str


class RowOut(Schema):
    channel: str
    label: str
    answered: int
    counts: dict[str, int]
    percentages: dict[str, int]


class QuestionTableOut(Schema):
    code: str
    text: str
    part: str
    options: list[str]
    rows: list[RowOut]


class ResponsesOut(Schema):
    channel: str
    label: str
    responses: int


class ConsultationOut(ConsultationSummaryOut):
    responses: list[ResponsesOut]
    sectors: dict[str, int]
    questions: list[QuestionTableOut]


class Error(Schema):
    detail: str
