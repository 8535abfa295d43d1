"""The thematic overview report: counts and common findings across a theme's published letters;
a manager writes and publishes it as an edition, frozen; then a page and a PDF on /published/; a
letter published later enters only a new edition; its command."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from inspections.reports import factual_accuracy as fa
from inspections.reports import letters, publication, renders, selectors, thematic
from inspections.reports.models import RenderStatus
from jtai.errors import DomainError
from tests.helpers import london
from tests.inspections import factories

from .test_render import pdf_text


@pytest.fixture
def published(written, lead, local):
    letters.letter_send_draft(user=lead, inspection=written)
    fa.factual_accuracy_respond(user=local.coordinator, inspection=written)
    letter = fa.letter_finalise(user=lead, inspection=written)
    for version in letter.versions.all():
        renders.letter_version_render(version_id=version.pk)
    publication.letter_publish(user=lead, inspection=written)
    return written


def test_the_overview_counts_recommendations_and_groups_findings(published):
    overview = selectors.thematic_overview(factories.theme())
    assert [letter.inspection for letter in overview.letters] == [published]
    assert overview.recommendation_count == 3
    by_area = {name: (pa, dev) for name, pa, dev in overview.by_scope_area}
    assert sum(pa for pa, _ in by_area.values()) == 2 and sum(dev for _, dev in by_area.values()) == 1
    by_kind = {name: (pa, dev) for name, pa, dev in overview.by_agency_kind}
    assert by_kind == {"The partnership jointly": (1, 0), "Police force": (1, 0), "Health body": (0, 1)}
    assert [g.headline for g in overview.strengths] == ["Information sharing"]
    assert overview.improvements[0].letters == [(published.reference, "Northshire")]


def test_a_manager_writes_and_publishes_it_and_it_appears_on_published(client, published, manager_user, lead):
    theme = factories.theme()
    with pytest.raises(PermissionDenied):
        thematic.thematic_report_save(user=lead, theme=theme, summary="No")
    assert client.get(f"/published/themes/{theme.slug}/").status_code == 404
    thematic.thematic_report_save(user=manager_user, theme=theme, summary="What we found.\n\nAnd more.")
    assert client.get(f"/published/themes/{theme.slug}/").status_code == 404
    edition = thematic.thematic_report_publish(user=manager_user, theme=theme)
    assert edition.number == 1 and edition.status == RenderStatus.PENDING
    with pytest.raises(DomainError, match="^Edition 1 already has this text and these letters"):
        thematic.thematic_report_publish(user=manager_user, theme=theme)
    assert renders.thematic_pdf_render(edition_id=edition.pk) is True
    assert renders.thematic_pdf_render(edition_id=edition.pk) is False
    page = client.get(f"/published/themes/{theme.slug}/").content.decode()
    assert "What we found." in page and "Information sharing" in page
    assert theme.name in client.get("/published/").content.decode()
    pdf = client.get(f"/published/themes/{theme.slug}/report.pdf")
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Recommendations by part of the scope" in text and "Strengths common to the letters" in text


def test_the_manager_page_renders(client, published, manager_user):
    client.force_login(manager_user)
    theme = factories.theme()
    assert client.get(f"/inspections/themes/{theme.slug}/report/").status_code == 200
    response = client.post(f"/inspections/themes/{theme.slug}/report/", {"action": "save", "summary": "Found."})
    assert response.status_code == 302


def test_render_thematic_report_command_and_its_refusals(published, manager_user, tmp_path):
    theme = factories.theme()
    with pytest.raises(CommandError, match=f"^{theme.slug} has no thematic report yet"):
        call_command("render_thematic_report", theme.slug, "--output", str(tmp_path / "t.pdf"))
    with pytest.raises(CommandError, match="There is no theme nope"):
        call_command("render_thematic_report", "nope", "--output", str(tmp_path / "t.pdf"))
    thematic.thematic_report_save(user=manager_user, theme=theme, summary="Found.")
    out = io.StringIO()
    call_command("render_thematic_report", theme.slug, "--output", str(tmp_path / "t.pdf"), stdout=out)
    written = (tmp_path / "t.pdf").read_bytes()
    assert "Areas for improvement common to the letters" in pdf_text(written)
    assert out.getvalue() == f"{theme.slug}: {len(written):,} bytes to {tmp_path / 't.pdf'}\n"
    with pytest.raises(CommandError, match=f"^Could not write {tmp_path}/missing/t.pdf: No such file or directory.$"):
        call_command("render_thematic_report", theme.slug, "--output", str(tmp_path / "missing" / "t.pdf"))


def _southshire_final_letter():
    """A second inspection on the theme, Southshire's, with its final letter made (to publish)."""
    from tests.factories import UserFactory
    from tests.helpers import area_with_people, plan_inspection

    from .conftest import to_reporting, write_letter

    second_lead = factories.InspectorFactory(user__username="second-lead")
    other = to_reporting(plan_inspection(people=area_with_people(name="Southshire"), lead=second_lead))
    write_letter(other, second_lead.user)
    letters.letter_send_draft(user=second_lead.user, inspection=other)
    coordinator = other.contacts.get(role="dcs_coordinator").person
    coordinator.user = UserFactory(username="southshire-coordinator")
    coordinator.save()
    fa.factual_accuracy_respond(user=coordinator.user, inspection=other)
    letter = fa.letter_finalise(user=second_lead.user, inspection=other)
    renders.letter_version_render(version_id=letter.versions.get(purpose="final").pk)
    return other, second_lead.user


def test_a_published_edition_is_frozen_and_a_later_letter_enters_only_the_next_edition(
    client, published, manager_user, clock
):
    theme = factories.theme()
    thematic.thematic_report_save(user=manager_user, theme=theme, summary="What the first letter shows.")
    first = thematic.thematic_report_publish(user=manager_user, theme=theme)
    renders.thematic_pdf_render(edition_id=first.pk)
    first_pdf = first.__class__.objects.get(pk=first.pk).checksum

    southshire, its_lead = _southshire_final_letter()
    clock.move_to(london(2016, 11, 1, 9, 0))
    publication.letter_publish(user=its_lead, inspection=southshire)
    # The text changes too, but not what the public reads until a new edition is published.
    thematic.thematic_report_save(user=manager_user, theme=theme, summary="What both letters show.")

    page = client.get(f"/published/themes/{theme.slug}/").content.decode()
    assert "Edition 1, published Monday 1 February 2016, over the letters published by then." in page
    assert "What the first letter shows." in page and "What both letters show." not in page
    assert "Northshire" in page and "Southshire" not in page
    first.refresh_from_db()
    assert first.status == RenderStatus.READY and first.checksum == first_pdf
    assert [letter.inspection.area.name for letter in selectors.thematic_overview(theme, edition=first).letters] == [
        "Northshire"
    ]

    client.force_login(manager_user)
    mine = client.get(f"/inspections/themes/{theme.slug}/report/").content.decode()
    assert (
        "1 letter published since edition 1, not in it: Southshire (Tuesday 1 November 2016). "
        "Publish a new edition to take it in." in mine
    )
    response = client.post(f"/inspections/themes/{theme.slug}/report/", {"action": "publish", "summary": "x"})
    assert response.status_code == 302
    client.logout()

    latest = client.get(f"/published/themes/{theme.slug}/").content.decode()
    assert "Edition 2, published Tuesday 1 November 2016" in latest
    assert "What both letters show." in latest and "Southshire" in latest
    # Edition 1 stays readable, as it was, and says a later one exists.
    earlier = client.get(f"/published/themes/{theme.slug}/editions/1/").content.decode()
    assert "What the first letter shows." in earlier and "Southshire" not in earlier
    assert "This is an earlier edition." in earlier
    assert "Edition 1</a>, published Monday 1 February 2016" in latest
    assert client.get(f"/published/themes/{theme.slug}/editions/3/").status_code == 404


def test_an_ofsted_only_letter_on_the_theme_is_listed_apart_and_never_counted_as_joint(published):
    from inspections.models import Inspection

    Inspection.objects.filter(pk=published.pk).update(framework=factories.framework("ofsted-targeted-2016"))
    overview = selectors.thematic_overview(factories.theme())
    assert overview.letters == [] and overview.recommendation_count == 0
    assert [letter.inspection_id for letter in overview.ofsted_only_letters] == [published.pk]
    assert all(pa == dev == 0 for _, pa, dev in overview.by_scope_area)
    assert overview.by_agency_kind == [] and overview.strengths == []


def test_the_overview_has_the_authors_sections_each_beside_what_the_letters_give(client, published, manager_user):
    from inspections.reports.models import Finding

    Finding.objects.filter(inspection=published, headline="Information sharing").update(
        case_study="A worker stayed in touch with a girl for months, and she is now safe."
    )
    thematic.thematic_report_save(
        user=manager_user,
        theme=factories.theme(),
        summary="Summary.",
        key_messages="Front doors work well.",
        what_works_well="Partners share information.",
        what_needs_to_improve="Return-home interviews.",
        case_studies="Two examples follow.",
    )
    client.force_login(manager_user)
    page = client.get(f"/inspections/themes/{factories.theme().slug}/report/").content.decode()
    order = [
        "The areas inspected",
        "Key messages",
        "Front doors work well.",
        "What works well",
        "Partners share information.",
        "Strengths common to the letters",
        "Information sharing",
        "What needs to improve",
        "Return-home interviews.",
        "Recommendations by whom they are for",
        "Case studies",
        "Two examples follow.",
        "A worker stayed in touch with a girl for months, and she is now safe.",
    ]
    body = page[page.index("The areas inspected") :]  # after the form, whose labels name the sections too
    positions = [body.index(text) for text in order]
    assert positions == sorted(positions)
    assert f'href="/published/{published.reference}/"' in page


def test_the_overview_counts_the_agencies_leadership_and_the_lscbs_effectiveness_apart(published):
    from inspections.models import ScopeArea
    from inspections.reports.models import Finding

    leadership = ScopeArea.objects.get(code="leadership")
    for whose, kind in (("agencies", "strength"), ("lscb", "improvement"), ("lscb", "improvement")):
        Finding.objects.create(
            inspection=published, scope_area=leadership, kind=kind, headline=f"{whose} {kind}", text="Text.",
            leadership_of=whose, bears_on="deep_dive",
        )  # fmt: skip
    overview = selectors.thematic_overview(factories.theme())
    assert overview.leadership == [
        ("The effectiveness and leadership of the agencies", 1, 0),
        ("The effectiveness of the LSCB", 0, 2),
    ]


def test_inspectors_and_managers_reach_the_thematic_reports_from_the_navigation(client, published, manager_user, local):
    theme = factories.theme()
    thematic.thematic_report_save(user=manager_user, theme=theme, summary="Found.")
    thematic.thematic_report_publish(user=manager_user, theme=theme)
    inspector = factories.InspectorFactory(user__username="reader").user
    link = '<a class="govuk-header__link" href="/inspections/themes/">Thematic reports</a>'
    for user, writes in ((inspector, False), (manager_user, True)):
        client.force_login(user)
        assert link in client.get("/inspections/").content.decode()
        page = client.get("/inspections/themes/").content.decode()
        assert f'href="/published/themes/{theme.slug}/">Edition 1' in page
        assert "published Monday 1 February 2016" in page
        assert (f'href="/inspections/themes/{theme.slug}/report/">Change or publish' in page) is writes
    client.force_login(local.dcs)
    assert "/inspections/themes/" not in client.get("/inspections/").content.decode()
    assert client.get("/inspections/themes/").status_code == 403
