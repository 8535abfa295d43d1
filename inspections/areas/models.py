from django.db import models  # noqa: F401

from .statement_models import (  # noqa: F401 (Django finds an app's models in its models module)
    ReviewDecision,
    StatementAction,
    StatementAttachment,
    StatementReview,
    StatementStatus,
    WrittenStatement,
)
