"""The written statements of action uploaded before the statement was written in the service
(`reports.ActionPlanSubmission`, one file per upload) become statements sent and waiting for
review, each upload an attachment with the same stored file, who uploaded it and when. The
history of each starts with the move, dated when the area sent it."""

from django.db import migrations

REASON = "Uploaded as a document before statements were written in the service"


def forwards(apps, schema_editor):
    Submission = apps.get_model("reports", "ActionPlanSubmission")
    Statement = apps.get_model("areas", "WrittenStatement")
    Attachment = apps.get_model("areas", "StatementAttachment")
    HistoricalStatement = apps.get_model("areas", "HistoricalWrittenStatement")
    HistoricalAttachment = apps.get_model("areas", "HistoricalStatementAttachment")
    by_letter = {}
    for submission in Submission.objects.select_related("letter").order_by("uploaded_at", "pk"):
        by_letter.setdefault(submission.letter.inspection_id, []).append(submission)
    for inspection_id, uploads in by_letter.items():
        first, last = uploads[0], uploads[-1]
        statement, _ = Statement.objects.get_or_create(
            inspection_id=inspection_id,
            defaults={
                "status": "sent",
                "first_sent_at": first.uploaded_at,
                "sent_at": last.uploaded_at,
                "sent_by_id": last.uploaded_by_id,
                "is_late": first.is_late,
            },
        )
        HistoricalStatement.objects.create(
            id=statement.pk,
            inspection_id=inspection_id,
            status=statement.status,
            first_sent_at=statement.first_sent_at,
            sent_at=statement.sent_at,
            sent_by_id=statement.sent_by_id,
            is_late=statement.is_late,
            history_date=last.uploaded_at,
            history_type="+",
            history_user_id=last.uploaded_by_id,
            history_change_reason=REASON,
        )
        for upload in uploads:
            attachment = Attachment.objects.create(
                statement=statement,
                file=upload.file.name,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                uploaded_by_id=upload.uploaded_by_id,
                uploaded_at=upload.uploaded_at,
            )
            HistoricalAttachment.objects.create(
                id=attachment.pk,
                statement_id=statement.pk,
                file=attachment.file.name,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                uploaded_by_id=attachment.uploaded_by_id,
                uploaded_at=attachment.uploaded_at,
                history_date=attachment.uploaded_at,
                history_type="+",
                history_user_id=attachment.uploaded_by_id,
                history_change_reason=REASON,
            )


def backwards(apps, schema_editor):
    """Each attachment goes back to being an upload of the statement's letter."""
    Submission = apps.get_model("reports", "ActionPlanSubmission")
    Letter = apps.get_model("reports", "Letter")
    Attachment = apps.get_model("areas", "StatementAttachment")
    for attachment in Attachment.objects.select_related("statement"):
        letter = Letter.objects.filter(inspection_id=attachment.statement.inspection_id).first()
        if letter is None:
            continue
        Submission.objects.create(
            letter=letter,
            file=attachment.file.name,
            original_name=attachment.original_name,
            content_type=attachment.content_type,
            size=attachment.size,
            uploaded_by_id=attachment.uploaded_by_id,
            uploaded_at=attachment.uploaded_at,
            is_late=attachment.statement.is_late,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0003_written_statements"),
        ("reports", "0008_finding_leadership_judged_apart"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
