"""Celery tasks: thin, safe to run twice. The rows in the database say what is due."""

from celery import shared_task

from . import publication, renders


@shared_task(ignore_result=True)
def render_letter_version(version_id: int) -> None:
    renders.letter_version_render(version_id=version_id)


@shared_task(ignore_result=True)
def render_thematic_report(edition_id: int) -> None:
    renders.thematic_pdf_render(edition_id=edition_id)


@shared_task(ignore_result=True)
def resume_report_work() -> None:
    """Beat, every minute: publish the letters whose day has come, and queue again the PDFs whose
    task was lost or whose worker died (their rows are still pending, or their lease ran out)."""
    publication.letters_publish_due()
    versions, editions = renders.due_render_work()
    for pk in versions:
        render_letter_version.delay(pk)
    for pk in editions:
        render_thematic_report.delay(pk)
