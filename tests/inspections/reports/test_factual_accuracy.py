"""The factual-accuracy journey: the draft goes and the DCS and coordinator are told; agencies
comment and see only their own; the coordinator (or the DCS) submits one response, once, late
if after the deadline; the team decides each comment; the final letter is made."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from inspections.models import MilestoneKey, Stage
from inspections.notifications.emails import render as render_email
from inspections.notifications.models import MessageKind
from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, selectors
from inspections.reports.models import CommentStatus, Decision, LetterStatus, LetterVersion, VersionPurpose
from jtai.errors import DomainError
from tests.factories import UserFactory
from tests.helpers import london


@pytest.fixture
def sent(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    return written


def test_sending_the_draft_moves_the_stage_freezes_a_version_and_tells_the_area(sent, clock):
    assert sent.stage == Stage.FACTUAL_ACCURACY
    letter = sent.letter
    assert letter.status == LetterStatus.WITH_AREA
    assert LetterVersion.objects.filter(letter=letter, purpose=VersionPurpose.DRAFT).count() == 1
    # Five working days from today (Monday 1 February 2016): the end of Monday 8 February.
    assert sent.milestone(MilestoneKey.FACTUAL_ACCURACY_DUE).date == datetime.date(2016, 2, 8)
    assert letter.response_due_at == london(2016, 2, 9, 0, 0)
    told = sent.messages.filter(kind=MessageKind.DRAFT_LETTER_SENT)
    # The DCS, the coordinator and each agency's senior leader, who comment; not the LSCB chair.
    assert sorted(told.values_list("recipient_email", flat=True)) == [
        "ceo@nhs.example.org",
        "chief@police.example.org",
        "coordinator@northshire.example.org",
        "dcs@northshire.example.org",
    ]
    email = render_email(told.get(recipient_email="dcs@northshire.example.org"))
    assert f"/inspections/{sent.reference}/letter/" in email.body
    assert "Monday 8 February 2016" in email.subject


def test_only_the_lead_or_a_manager_sends_the_draft_and_only_once(written, lead, local, ofsted_inspector):
    with pytest.raises(PermissionDenied):
        letters.letter_send_draft(user=local.coordinator, inspection=written)
    letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    with pytest.raises(DomainError):
        letters.letter_send_draft(user=lead, inspection=written)


def comment(user, inspection, paragraph=2, text="Not quite right"):
    return fa.comment_add(user=user, inspection=inspection, paragraph=paragraph, comment=text)


def test_each_agency_sees_only_its_own_comments_until_the_response_is_submitted(sent, local, lead):
    police = comment(local.police, sent, text="Police comment")
    health = comment(local.health, sent, text="Health comment")
    assert police.agency.name == "Northshire Police"
    assert [c.pk for c in selectors.comments_for(local.police, sent, sent.letter)] == [police.pk]
    assert [c.pk for c in selectors.comments_for(local.health, sent, sent.letter)] == [health.pk]
    assert {c.pk for c in selectors.comments_for(local.coordinator, sent, sent.letter)} == {police.pk, health.pk}
    # The team reads the response, not the partnership's drafts of it.
    assert selectors.comments_for(lead, sent, sent.letter) == []
    with pytest.raises(PermissionDenied):
        fa.comment_withdraw(user=local.health, comment=police)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    sent.letter.refresh_from_db()
    for user in (local.police, local.health, lead):
        assert {c.pk for c in selectors.comments_for(user, sent, sent.letter)} == {police.pk, health.pk}


def test_a_comment_names_a_paragraph_of_the_draft(sent, local):
    count = sent.letter.versions.get().content["paragraph_count"]
    with pytest.raises(DomainError) as error:
        comment(local.police, sent, paragraph=count + 1)
    assert error.value.field == "paragraph"


def test_the_coordinator_edits_merges_and_withdraws_then_submits_once(sent, local):
    police = comment(local.police, sent, paragraph=3, text="Police comment")
    health = comment(local.health, sent, paragraph=3, text="Health comment")
    mine = comment(local.coordinator, sent, paragraph=5, text="Council comment")
    fa.comment_edit(user=local.coordinator, comment=mine, paragraph=6, text="Council comment, edited")
    fa.comment_merge(user=local.coordinator, comment=health, into=police)
    fa.comment_withdraw(user=local.coordinator, comment=mine)
    police.refresh_from_db()
    health.refresh_from_db()
    assert "Health comment (Northshire NHS Trust)" in police.comment
    assert health.status == CommentStatus.MERGED and health.merged_into == police
    with pytest.raises(PermissionDenied, match="Only the DCS or the DCS coordinator"):
        fa.factual_accuracy_respond(user=local.police, inspection=sent)
    response = fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    assert not response.is_late
    with pytest.raises(DomainError, match="already been submitted"):
        fa.factual_accuracy_respond(user=local.dcs, inspection=sent)
    with pytest.raises(DomainError):
        comment(local.police, sent)


def test_the_dcs_may_submit_in_the_coordinators_place(sent, local):
    assert fa.factual_accuracy_respond(user=local.dcs, inspection=sent).submitted_by == local.dcs


def test_a_response_after_the_deadline_is_marked_late(sent, local, clock):
    clock.move_to(london(2016, 2, 9, 0, 1))
    response = fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    assert response.is_late
    sent.letter.refresh_from_db()
    assert "late" in sent.letter.history.first().history_change_reason


def test_the_team_decides_each_comment_then_makes_the_final_letter(sent, local, lead):
    accepted = comment(local.police, sent, text="Wrong date")
    rejected = comment(local.health, sent, text="Too harsh")
    with pytest.raises(DomainError):
        fa.comment_decide(user=lead, comment=accepted, decision=Decision.ACCEPTED, reason="Yes")
    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    fa.comment_decide(user=lead, comment=accepted, decision=Decision.ACCEPTED, reason="Corrected")
    with pytest.raises(DomainError, match="Decide every comment first: 1"):
        fa.letter_finalise(user=lead, inspection=sent)
    with pytest.raises(DomainError) as error:
        fa.comment_decide(user=lead, comment=rejected, decision=Decision.REJECTED, reason=" ")
    assert error.value.field == "reason"
    with pytest.raises(PermissionDenied):
        fa.comment_decide(user=local.coordinator, comment=rejected, decision=Decision.REJECTED, reason="No")
    fa.comment_decide(user=lead, comment=rejected, decision=Decision.REJECTED, reason="The evidence stands")
    letter = fa.letter_finalise(user=lead, inspection=sent)
    assert letter.status == LetterStatus.FINAL
    assert letter.versions.filter(purpose=VersionPurpose.FINAL).count() == 1
    # Both sides see the decisions.
    seen = selectors.comments_for(local.health, sent, letter)
    assert {c.decision for c in seen} == {Decision.ACCEPTED, Decision.REJECTED}


def test_the_coordinator_reads_the_draft_comments_and_submits_through_the_pages(client, sent, local):
    client.force_login(local.coordinator)
    base = f"/inspections/{sent.reference}/letter/"
    assert "Areas for priority action" in client.get(base + "preview/").content.decode()
    page = client.post(base + "factual-accuracy/", {"paragraph": "", "comment": ""})
    assert page.content.decode().count("Error: ") == 1 and "Enter the paragraph number" in page.content.decode()
    client.post(base + "factual-accuracy/", {"paragraph": "2", "comment": "A fact is wrong"})
    page = client.post(base + "factual-accuracy/response/", {"covering_note": ""})
    assert "Confirm that this is the partnership" in page.content.decode()
    response = client.post(base + "factual-accuracy/response/", {"confirm": "on"})
    assert response.status_code == 302
    sent.letter.refresh_from_db()
    assert sent.letter.status == LetterStatus.RESPONDED


def test_local_users_see_no_letter_before_the_draft_is_sent(client, written, local):
    client.force_login(local.coordinator)
    assert client.get(f"/inspections/{written.reference}/letter/").status_code == 404
    assert client.get(f"/inspections/{written.reference}/letter/preview/").status_code == 404


def test_someone_outside_the_inspection_gets_404(client, sent, manager):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stranger"))
    assert client.get(f"/inspections/{sent.reference}/letter/").status_code == 404


def test_the_team_corrects_the_letter_after_the_response_and_the_final_version_has_it(sent, local, lead):
    from inspections.reports.models import Finding

    c = comment(local.police, sent, text="It was 14 notices, not 4")
    finding = Finding.objects.filter(inspection=sent).first()
    with pytest.raises(DomainError):  # not while the draft is with the area
        letters.finding_save(
            user=lead, inspection=sent, finding=finding, scope_area=finding.scope_area, kind=finding.kind,
            headline=finding.headline, text="Changed",
        )  # fmt: skip
    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    letters.finding_save(
        user=lead, inspection=sent, finding=finding, scope_area=finding.scope_area, kind=finding.kind,
        headline=finding.headline, text="Partners share information quickly: 14 notices were issued.",
    )  # fmt: skip
    fa.comment_decide(user=lead, comment=c, decision=Decision.ACCEPTED, reason="Corrected")
    letter = fa.letter_finalise(user=lead, inspection=sent)
    final = letter.versions.get(purpose=VersionPurpose.FINAL)
    draft = letter.versions.get(purpose=VersionPurpose.DRAFT)
    assert "14 notices" in str(final.content) and "14 notices" not in str(draft.content)
    with pytest.raises(DomainError):  # the final letter is made: no more changes
        letters.finding_delete(user=lead, finding=finding)


def test_the_area_sees_the_draft_it_was_sent_not_the_teams_earlier_versions(client, written, lead, local):
    from inspections.reports import renders

    early = letters.letter_render_request(user=lead, inspection=written)
    letters.letter_send_draft(user=lead, inspection=written)
    for version in written.letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    client.force_login(local.coordinator)
    base = f"/inspections/{written.reference}/letter/versions/"
    assert client.get(f"{base}{early.number}/").status_code == 404
    assert client.get(f"{base}{early.number}/pdf/").status_code == 404
    assert client.get(f"{base}{early.number + 1}/pdf/").status_code == 200


def test_the_areas_next_step_during_the_check_is_its_response_until_it_is_in(client, sent, local):
    from django.urls import reverse

    url = reverse("inspections:detail", args=[sent.reference])
    comments = reverse("reports:comments", args=[sent.reference])
    client.force_login(local.coordinator)
    page = client.get(url).content.decode()
    assert (
        f'<a class="govuk-link" href="{comments}">Send the partnership&#x27;s single factual-accuracy response' in page
    )
    client.force_login(local.police)
    assert "Comment on the draft letter for your agency" in client.get(url).content.decode()

    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    client.force_login(local.coordinator)
    assert "factual-accuracy response to the draft letter" not in client.get(url).content.decode()


def test_a_publication_date_too_big_to_be_a_date_is_refused_and_the_letter_not_finalised(client, sent, local, lead):
    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    client.force_login(lead)
    url = f"/inspections/{sent.reference}/letter/final/"
    data = {"publication_date_0": "99999999999", "publication_date_1": "3", "publication_date_2": "2016"}
    response = client.post(url, data)
    page = response.content.decode()
    # An error on its field, with the boxes as they were typed, not a banner on another page.
    assert response.status_code == 400
    assert "<title>Error: Make the final letter" in page
    assert '<a href="#id_publication_date_0">Publication date must be a real date</a>' in page
    assert 'value="99999999999"' in page
    sent.letter.refresh_from_db()
    assert sent.letter.status != LetterStatus.FINAL
    assert not sent.letter.versions.filter(purpose=VersionPurpose.FINAL).exists()


def test_a_response_late_on_the_day_it_is_due_is_on_time(sent, local, clock):
    # Due by the end of Monday 8 February 2016: a minute before midnight is still in time.
    clock.move_to(london(2016, 2, 8, 23, 59))
    assert not fa.factual_accuracy_respond(user=local.coordinator, inspection=sent).is_late


def test_only_the_dcs_or_the_coordinator_merges_comments(sent, local):
    police = comment(local.police, sent, paragraph=3, text="Police comment")
    health = comment(local.health, sent, paragraph=3, text="Health comment")
    with pytest.raises(PermissionDenied, match="Only the DCS or the DCS coordinator can merge comments."):
        fa.comment_merge(user=local.police, comment=health, into=police)
    health.refresh_from_db()
    assert health.status == CommentStatus.OPEN


def test_the_final_letter_waits_for_the_partnerships_response(sent, lead):
    with pytest.raises(DomainError, match="The final letter is made once the partnership's response is in."):
        fa.letter_finalise(user=lead, inspection=sent)
    sent.letter.refresh_from_db()
    assert sent.letter.status == LetterStatus.WITH_AREA
    assert not sent.letter.versions.filter(purpose=VersionPurpose.FINAL).exists()


def test_a_publication_date_in_the_past_is_refused(sent, local, lead):
    fa.factual_accuracy_respond(user=local.coordinator, inspection=sent)
    # Today is Monday 1 February 2016; yesterday is past.
    with pytest.raises(DomainError) as refused:
        fa.letter_finalise(user=lead, inspection=sent, publication_date=datetime.date(2016, 1, 31))
    assert (refused.value.field, refused.value.message) == (
        "publication_date",
        "The publication date cannot be in the past.",
    )
    sent.letter.refresh_from_db()
    assert sent.letter.status == LetterStatus.RESPONDED


def test_a_draft_without_recommendations_is_not_sent(written, lead):
    written.recommendations.all().delete()
    with pytest.raises(DomainError, match="Record at least one recommendation before sending the draft."):
        letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    assert (written.stage, written.letter.status) == (Stage.REPORTING, LetterStatus.DRAFTING)


def test_the_lscb_chair_makes_no_comment_on_the_draft(sent, people):
    # Agencies comment through their senior leaders; the LSCB's chair is told of the inspection
    # but is not sent the draft, and has no comment to make on it.
    people.lscb.user = UserFactory(username="local-lscb")
    people.lscb.save()
    with pytest.raises(PermissionDenied, match="Only the area's contacts on this inspection can comment on the draft."):
        comment(people.lscb.user, sent)
    assert not sent.letter.comments.exists()
