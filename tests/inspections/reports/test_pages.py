"""The team's pages of a letter render, take input through the services and show errors the
GOV.UK way; what the area may see follows the letter's progress."""

from inspections.reports import factual_accuracy as fa
from inspections.reports import letters
from inspections.reports.models import Finding, Recommendation

from .conftest import scope


def test_every_team_page_of_a_draft_renders(client, written, lead):
    client.force_login(lead)
    base = f"/inspections/{written.reference}/letter/"
    finding = Finding.objects.filter(inspection=written).first()
    recommendation = Recommendation.objects.filter(inspection=written).first()
    for path in ("", "preview/", "findings/add/", f"findings/{finding.pk}/", "recommendations/add/",
                 f"recommendations/{recommendation.pk}/", "send/"):  # fmt: skip
        response = client.get(base + path)
        assert response.status_code == 200, path
    page = client.get(base).content.decode()
    assert "Areas for priority actions" not in page
    assert "Send the draft to the area" in page and "Information sharing" in page


def test_adding_a_finding_through_the_page(client, reporting, lead):
    client.force_login(lead)
    url = f"/inspections/{reporting.reference}/letter/findings/add/"
    page = client.post(url, {"kind": "strength"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "<title>Error: Add a finding" in body and "Enter a headline of a few words" in body
    response = client.post(
        url,
        {"scope_area": scope(1).pk, "kind": "strength", "headline": "Good plans", "text": "Plans are good."},
    )
    assert response.status_code == 302
    assert Finding.objects.get(inspection=reporting).headline == "Good plans"


def test_moving_a_recommendation_through_the_page(client, written, lead):
    client.force_login(lead)
    second = Recommendation.objects.get(text__startswith="Disrupt")
    client.post(f"/inspections/{written.reference}/letter/recommendations/{second.pk}/move/", {"direction": "up"})
    second.refresh_from_db()
    assert second.order == 1


def test_sending_the_draft_through_the_page(client, written, lead, local):
    client.force_login(lead)
    response = client.post(f"/inspections/{written.reference}/letter/send/", {})
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.letter.draft_is_sent
    page = client.get(f"/inspections/{written.reference}/letter/").content.decode()
    assert "Draft with the area" in page


def test_the_team_sees_the_response_and_decides_through_the_pages(client, written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    c = fa.comment_add(user=local.police, inspection=written, paragraph=1, comment="Wrong")
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    client.force_login(lead)
    base = f"/inspections/{written.reference}/letter/factual-accuracy/"
    assert "Wrong" in client.get(base).content.decode()
    page = client.post(f"{base}{c.pk}/decision/", {"decision": "rejected"})
    assert "Enter the reason" in page.content.decode()
    client.post(f"{base}{c.pk}/decision/", {"decision": "rejected", "reason": "Stands"})
    c.refresh_from_db()
    assert c.decision == "rejected"
    client.force_login(local.police)
    assert "Stands" in client.get(base).content.decode()


def test_the_inspection_page_links_to_the_letter_and_has_no_bare_publish_button(client, written, lead, local):
    from inspections.transitions import available_transitions

    client.force_login(lead)
    page = client.get(f"/inspections/{written.reference}/").content.decode()
    assert f"/inspections/{written.reference}/letter/" in page
    assert available_transitions(user=lead, inspection=written) == []  # the draft goes from the letter page
    letters.letter_send_draft(user=lead, inspection=written)
    written.refresh_from_db()
    assert "publish" not in dict(available_transitions(user=lead, inspection=written))
    client.force_login(local.coordinator)
    assert (
        f"/inspections/{written.reference}/letter/" in client.get(f"/inspections/{written.reference}/").content.decode()
    )


def test_the_letter_pages_run_a_fixed_number_of_queries(client, written, lead, local):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import write_letter

    def count(user, path):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    letters.letter_send_draft(user=lead, inspection=written)
    for user in (local.police, local.health, local.coordinator):
        fa.comment_add(user=user, inspection=written, paragraph=1, comment="A")
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    base = f"/inspections/{written.reference}/letter/"
    small = {p: count(lead, base + p) for p in ("", "factual-accuracy/")}
    small_public = count(local.police, base + "factual-accuracy/")
    # Three times the findings, recommendations and comments.
    written.letter.status = "drafting"
    written.letter.save()
    written.stage = "reporting"
    written.save()
    write_letter(written, lead)
    write_letter(written, lead)
    written.stage = "factual_accuracy"
    written.save()
    written.letter.status = "responded"
    written.letter.save()
    for _ in range(6):
        written.letter.comments.create(contact=written.letter.comments.first().contact, paragraph=2, comment="B")
    assert {p: count(lead, base + p) for p in small} == small
    assert count(local.police, base + "factual-accuracy/") == small_public
