"""A consultation: its definition (channels, sectors, questions), its responses, the coding
of free text, and the outcome it leads to. Definition is data; responses are the run."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class Consultation(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="Summary of the proposals, shown at the top of the report.")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    outcome_summary = models.TextField(blank=True, help_text="What the consultation found, for the outcome report.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Channel(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="channels")
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    # The seed asks the sector only in the online questionnaire; webinar polls and letters don't.
    asks_sector = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "code"], name="channel_code_unique")]

    def __str__(self):
        return self.label


# The sector table's bucket for respondents who left the sector blank. A real sector with this
# label would be merged with it in the tables' `"sectors": {label: n}`, so it is refused.
DID_NOT_ANSWER = "Did not answer"


class Sector(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="sectors")
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "label"], name="sector_label_unique")]

    def __str__(self):
        return self.label

    def clean(self):
        if is_reserved_sector_label(self.label):
            raise ValidationError({"label": reserved_sector_message(self.label)})


def is_reserved_sector_label(label: str) -> bool:
    return label.strip().casefold() == DID_NOT_ANSWER.casefold()


def reserved_sector_message(label: str) -> str:
    return (
        f"“{label.strip()}” cannot be a sector: the tables use it for respondents who left the sector blank "
        "(leave the sector blank for them instead)"
    )


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Closed, single choice"
    TEXT = "text", "Free text"


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    part = models.CharField(max_length=300, blank=True, help_text="The part of the consultation it belongs to.")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "code"], name="question_code_unique")]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"

    @property
    def is_choice(self) -> bool:
        return self.kind == QuestionKind.CHOICE


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "label"], name="option_label_unique")]

    def __str__(self):
        return self.label


class ResponseImport(models.Model):
    """One uploaded file and what became of it; its errors are kept for the analyst to read."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        # Checked against a published report; imported once an analyst confirms the counts.
        AWAITING = "awaiting", "Waiting for confirmation"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    # How long a claim protects a running import from being taken over by a redelivered task.
    # On PostgreSQL the worker also holds the row locked for the whole import, so a live
    # worker is never taken over; the lease only covers the moment between claim and lock.
    LEASE_SECONDS = 120
    # Claims whose worker died before it could record an outcome, after which the import fails.
    MAX_ATTEMPTS = 3

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="consultation-imports/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0, help_text="Bad rows in all, stored or not.")
    failure = models.TextField(blank=True, help_text="Why the import stopped, when it was not a bad row.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When an analyst confirmed adding it to a published report."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_awaiting_confirmation(self) -> bool:
        return self.status == self.Status.AWAITING


class OptionIds(models.Field):
    """The options one respondent chose, one id per answered closed question, in question order.

    PostgreSQL keeps them as `integer[]` (the import writes one row per respondent, the tables
    unnest it); other databases (SQLite, the quickstart) as a JSON list in text."""

    description = "Option ids"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(list(value))


class Respondent(models.Model):
    """One row per respondent: the closed answers ride on it (`options`), so an import of a
    million respondents writes a million rows, not ten million (ADR 0013).

    No database-level foreign keys: PostgreSQL would check each of a million rows against the
    same consultation, import and handful of channels at commit, which cost more than the
    import's every check. The import holds the consultation locked and resolves every value
    against its definition; the ORM still cascades, protects and nulls on deletion."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="respondents", db_index=False, db_constraint=False
    )
    # Collation "C" on PostgreSQL (migration 0007): its unique index compares bytes, the cheapest.
    respondent_id = models.CharField(max_length=100)
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="respondents", db_index=False, db_constraint=False
    )
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="respondents",
        db_index=False,
        db_constraint=False,
    )
    response_import = models.ForeignKey(
        ResponseImport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="respondents",
        db_index=False,
        db_constraint=False,
    )
    # The chosen option of each answered closed question; a blank answer has no id here.
    options = OptionIds()

    class Meta:
        ordering = ["consultation", "id"]
        # The one index besides the key: it finds a consultation's respondents and refuses a
        # duplicate, the same work an import needs done anyway.
        constraints = [
            models.UniqueConstraint(fields=["consultation", "respondent_id"], name="respondent_id_unique"),
        ]

    def __str__(self):
        return self.respondent_id


class Answer(models.Model):
    """One respondent's answer to one free-text question, kept as a row of its own so that it
    can be coded and quoted; a blank answer is no row at all. Closed answers are the
    respondent's `options`."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers", db_index=False)
    # PROTECT: dropping a question must never silently take its answers and their coding along.
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", db_index=False, db_constraint=False
    )
    text = models.TextField(blank=True)
    themes = models.ManyToManyField("Theme", through="Coding", related_name="answers", blank=True)

    class Meta:
        ordering = ["respondent_id", "question_id"]
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="answer_once_per_question")]
        # The coding pages list one question's answers.
        indexes = [models.Index(fields=["question"], name="answer_question_idx")]

    def __str__(self):
        return self.text[:60]


class Theme(models.Model):
    """A theme in the coding frame of one free-text question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated words or phrases that suggest this theme."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "name"], name="theme_name_unique")]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.split(",") if k.strip()]


class Coding(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    coded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    coded_at = models.DateTimeField(auto_now_add=True)
    # A respondent's words reach the published report only when an analyst chooses them as a
    # quote for this theme; nothing is quoted by default.
    quoted_at = models.DateTimeField(null=True, blank=True)
    quoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "theme"], name="coding_once")]

    def __str__(self):
        return f"{self.theme} on answer {self.answer_id}"

    @property
    def is_quoted(self) -> bool:
        return self.quoted_at is not None


class CodingChange(models.Model):
    """Every tag added or removed, with who and when: the coding's audit trail."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        QUOTED = "quoted", "Chose as a published quote for"
        UNQUOTED = "unquoted", "Withdrew the published quote for"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="coding_changes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="coding_changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.theme} on answer {self.answer_id}"


class Outcome(models.Model):
    """ "You said, we did": what respondents said on a question and the change it led to."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="outcomes")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes")
    you_said = models.TextField()
    we_did = models.TextField()
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["consultation", "position", "id"]

    def __str__(self):
        return self.we_did[:60]


class ReportPdf(models.Model):
    """The published report as a PDF, made by a worker and served as a file.

    The row is the source of truth for the work: `generation` goes up whenever the published
    report changes, and the file is served only when it was made from the current generation.
    A worker claims the row with a lease; a worker that died leaves a lapsed lease that the
    next run (the task queued at publication, or the beat sweep) takes over."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be made"
        RENDERING = "rendering", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    LEASE_SECONDS = 300
    MAX_ATTEMPTS = 3

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="report_pdf")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    generation = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="consultation-reports/", blank=True)
    file_generation = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField()
    rendered_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"PDF of {self.consultation} ({self.get_status_display()})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.READY and self.file_generation == self.generation and bool(self.file)
