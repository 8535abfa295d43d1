"""Who gets what from every URL: the table `test_authorization_matrix.py` walks.

HOW TO ADD AN ENTRY (one line per URL)::

    "app:url_name": (objects.kwargs_builder, rule(...)),

- the key is the URL's full name with its namespace, as `reverse()` takes it;
- `objects.<builder>` (tests/security/objects.py) gives its kwargs from the demo's real objects;
  add a builder there if none fits;
- the rule says what each role gets for a GET and for a POST of empty data. Start from the
  default that fits and name only the roles (or groups of roles) that differ:

    team_page(lead=OK, team=OK, manager=OK)        signed in and inside: the page; everyone else 404
    team_action(lead=(405, 302))                   POST only (GET is 405); everyone else's POST 404
    signed_in(200)                                 any signed-in user; anonymous to the sign-in page
    analysts_page() / analysts_action()            consultations: analysts (and the admin) in, others 403
    public(200)                                    no sign-in

  A value is (get_status, post_status); `LOGIN` means a 302 to the sign-in page; a single status
  means the same for both. Roles are in conftest.ROLES; groups are in GROUPS below.

A URL with no entry fails the matrix test, so no new page escapes it. The admin's URLs are one
rule (ADMIN_RULE): every one of them is matched by the "admin:" prefix.

The inspection pages are tried on South Gloucestershire's inspection (notified), whose DCS,
coordinator, police contributor and lead inspector are the roles of those names; the letter's on
Croydon's (its draft with the area); comments, the written statement of action and a request to
reopen the case audits' return on Central Bedfordshire's (published), which the demo's manager
leads: there `lead` (lead.inspector) is an inspector outside the team.

Three more local roles: `told_leader`, an agency's senior leader told of Central Bedfordshire's
inspection; `signed_up_contributor`, a health contributor in South Gloucestershire who made their
log-in through the sign-up link; `cross_border`, one log-in that is a health leader in South
Gloucestershire and in Croydon, told by both inspections. Every object is real: the case's file,
the uploaded document, the request to reopen and the written statement of action are made through
the services in tests/security/conftest.py.
"""

from __future__ import annotations

from tests.security import objects
from tests.security.conftest import ROLES

LOGIN = "sign-in"  # a 302 to the sign-in page, with ?next= the page asked for
OK = (200, 200)
FOUND = 302  # a redirect elsewhere than to sign in (after an action, or to a start page)

GROUPS = {
    "signed_in": tuple(r for r in ROLES if r != "anonymous"),
    "inspectors": ("lead", "team", "other_inspector", "manager"),
    "local": (
        "dcs",
        "coordinator",
        "contributor",
        "untold_leader",
        "other_area",
        "told_leader",
        "signed_up_contributor",
        "cross_border",
    ),
    "analysts": ("analyst", "admin"),
    # Of a published inspection's written statement of action: who reads it, who writes it.
    "readers": ("team", "manager", "told_leader"),
    "writers": ("dcs", "coordinator"),
}


def rule(default, /, **given) -> dict[str, tuple]:
    """{role: (get, post)}: the default for every role, then the groups named, then the roles named."""
    pair = lambda v: v if isinstance(v, tuple) else (v, v)  # noqa: E731
    table = {role: pair(default) for role in ROLES}
    for name, value in given.items():
        if name in GROUPS:
            table.update({role: pair(value) for role in GROUPS[name]})
    for name, value in given.items():
        if name not in GROUPS:
            assert name in ROLES, f"no role {name!r}"
            table[name] = pair(value)
    return table


def public(default=OK, **given):
    return rule(default, **given)


def signed_in(default=OK, **given):
    return rule(default, **{"anonymous": LOGIN, **given})


def team_page(**given):
    """Signed in and inside the inspection's reach: as given; everyone else a 404, never a 403."""
    return rule(404, **{"anonymous": LOGIN, **given})


def team_action(**given):
    """POST only (a GET is 405 once signed in); everyone outside the inspection's reach a 404."""
    return rule((405, 404), **{"anonymous": LOGIN, **given})


def analysts_page(**given):
    return rule(403, **{"anonymous": LOGIN, "analysts": OK, **given})


def analysts_action(**given):
    return rule((405, 403), **{"anonymous": (405, LOGIN), "analysts": (405, FOUND), **given})


# The case audits: the team and managers, the DCS, the coordinator and the contributors; not the
# area's other leaders, who may know the inspection but not its audits.
CASE_AUDITS_IN = dict(lead=OK, team=OK, manager=OK, dcs=OK, coordinator=OK, contributor=OK, signed_up_contributor=OK)
# The letter while it is with the area: the team and managers, the DCS, the coordinator and the
# agency leaders it tells (in Croydon, the one log-in in two areas).
LETTER_IN = dict(lead=OK, team=OK, manager=OK, dcs=OK, coordinator=OK, cross_border=OK)
# What makes the evidence pages work offline: for the team and managers, GET only.
OFFLINE_FILES = rule((404, 405), anonymous=LOGIN, lead=(200, 405), team=(200, 405), manager=(200, 405))

o = objects
TABLE: dict[str, tuple] = {
    # Site-wide
    "home": (o.none, signed_in(FOUND, anonymous=OK)),  # the public front door; signed in, your start page
    "healthz": (o.none, public()),
    "accessibility": (o.none, public()),
    "privacy": (o.none, public()),
    "contact": (o.none, public()),
    "login": (o.none, public(OK, signed_in=FOUND)),  # a signed-in user is sent on
    # GET: the page that asks to confirm when records wait in the browser (static/jtai/offline.js)
    "logout": (o.none, signed_in((200, LOGIN))),
    # A forgotten password (jtai/password_reset.py): the same answer for everyone
    "password_reset": (o.none, public()),
    "password_reset_done": (o.none, public((200, 405))),
    "password_reset_confirm": (o.password_reset_link, public()),  # a link that does not work says so
    "password_reset_complete": (o.none, public((200, 405))),
    # Second factor and account (jtai/sign_in.py, jtai/account.py, jtai/sessions.py)
    "sign_in_code": (o.none, public(LOGIN)),  # only after the password
    "sign_in_set_up": (o.none, public(LOGIN)),
    "signed_out": (o.none, public(OK, signed_in=FOUND)),
    "session_status": (o.none, public((200, 405))),
    "session_keep_alive": (o.none, public((405, FOUND))),
    "account": (o.none, signed_in(OK)),
    "account_password": (o.none, signed_in(OK)),
    "account_two_factor_set_up": (
        o.none,
        signed_in(FOUND, local=(200, FOUND)),
    ),  # by choice: local users; a POST before the page starts no key
    "account_backup_codes": (o.none, signed_in(FOUND)),  # shown once, then gone
    "account_backup_codes_new": (o.none, signed_in((405, FOUND), anonymous=(405, LOGIN))),
    "site_audit": (o.none, signed_in(404, admin=OK)),
    # The inspection (South Gloucestershire, notified)
    "inspections:programme": (o.none, signed_in(OK, analysts=403)),
    "inspections:plan": (o.none, signed_in(403, inspectors=(200, 400))),
    "inspections:audit": (o.notified, team_page(lead=OK, admin=OK)),
    "inspections:detail": (
        o.notified,
        team_page(lead=OK, team=OK, manager=OK, dcs=OK, coordinator=OK, cross_border=OK),
    ),
    "inspections:change_stage": (o.notified, team_action(lead=(405, 400), team=(405, 400), manager=(405, 400))),
    "inspections:reschedule": (o.notified, team_action(lead=(405, 400), team=(405, 400), manager=(405, 400))),
    "inspections:meetings": (o.notified, team_action(lead=(405, FOUND), team=(405, 403), manager=(405, FOUND))),
    "inspections:team": (o.notified, team_page(lead=(200, 400), team=403, manager=(200, 400))),
    "inspections:contacts": (o.notified, team_page(lead=(200, 400), team=(200, 403), manager=(200, 400))),
    "inspections:remove_contact": (
        o.notified_contact,
        team_action(lead=(405, FOUND), team=(405, 403), manager=(405, FOUND)),
    ),
    # Its messages and meetings
    "notifications:resend": (o.notified_message, team_action(lead=(405, FOUND), team=(405, 403), manager=(405, FOUND))),
    "notifications:meeting_calendar": (
        o.notified_meeting,
        team_page(lead=OK, team=OK, manager=OK, dcs=OK, coordinator=OK, cross_border=OK),
    ),
    # Its case audits
    # The evidence page's service worker, manifest and offline shell (inspections/fieldwork/offline.py):
    # the team's, GET only
    "fieldwork_offline:service_worker": (o.notified, OFFLINE_FILES),
    "fieldwork_offline:manifest": (o.notified, OFFLINE_FILES),
    "fieldwork_offline:shell": (o.notified, OFFLINE_FILES),
    "case_audits:invitation": (o.invitation, public()),  # the link is the key
    # POST only; an open link has no need of a new one, so every POST goes back to it.
    "case_audits:invitation_new_link": (o.invitation, public((405, FOUND))),
    "case_audits:overview": (o.notified, team_page(**CASE_AUDITS_IN)),
    "case_audits:nominate": (o.notified, team_page(lead=OK, manager=OK, dcs=OK)),
    "case_audits:contributors": (o.notified, team_page(lead=OK, manager=OK, coordinator=OK)),
    "case_audits:contributor_remove": (
        o.notified_contributor,
        team_action(
            lead=(405, FOUND),
            team=(405, 403),
            manager=(405, FOUND),
            dcs=(405, 403),
            coordinator=(405, FOUND),
            contributor=(405, 403),
            signed_up_contributor=(405, 403),
        ),
    ),
    "case_audits:request": (o.notified, team_page(lead=OK, manager=OK)),
    "case_audits:send": (o.notified, team_action(lead=(405, FOUND), manager=(405, FOUND))),
    "case_audits:case_add": (o.notified, team_page(lead=OK, manager=OK)),
    "case_audits:case": (
        o.notified_case,
        team_page(lead=OK, team=OK, manager=OK, coordinator=OK, contributor=OK, signed_up_contributor=OK),
    ),
    "case_audits:case_remove": (
        o.notified_case,
        team_action(
            lead=(405, FOUND),
            team=(405, 403),
            manager=(405, FOUND),
            coordinator=(405, 403),
            contributor=(405, 403),
            signed_up_contributor=(405, 403),
        ),
    ),
    "case_audits:evaluation": (
        o.notified_evaluation,
        team_page(lead=OK, team=OK, manager=OK, coordinator=OK, contributor=OK),
    ),
    "case_audits:attachment_add": (
        o.notified_case,
        team_action(
            lead=(405, 403),
            team=(405, 403),
            manager=(405, 403),
            coordinator=(405, 400),
            contributor=(405, 400),
            signed_up_contributor=(405, 400),
        ),
    ),
    "case_audits:sample": (o.notified_case, team_page(lead=OK, team=OK, manager=OK)),
    # The coordinator's file on the first case: its uploader, the coordinator, removes it; nobody else.
    "case_audits:attachment_remove": (
        o.notified_attachment,
        team_action(
            lead=(405, 403),
            team=(405, 403),
            manager=(405, 403),
            coordinator=(405, FOUND),
            contributor=(405, 403),
            signed_up_contributor=(405, 403),
        ),
    ),
    # A file attached to the first case (the police's and health's): whoever may see the case.
    "case_audits:attachment": (
        o.notified_attachment,
        team_page(lead=OK, team=OK, manager=OK, coordinator=OK, contributor=OK, signed_up_contributor=OK),
    ),
    "case_audits:document": (
        o.notified_document,
        team_page(lead=(200, 403), team=(200, 403), manager=(200, 403), coordinator=(200, 400)),
    ),
    "case_audits:document_file": (o.notified_document, team_page(lead=OK, team=OK, manager=OK, coordinator=OK)),
    "case_audits:submit": (o.notified, team_page(coordinator=(200, 400))),
    "case_audits:reopen": (o.notified, team_page(coordinator=OK)),
    # Central Bedfordshire's coordinator asks to reopen its submitted return; its lead (the manager) decides.
    "case_audits:reopen_decide": (o.published_reopen, team_page(manager=OK)),
    "case_audits:accept_late": (o.notified, team_action(lead=(405, FOUND), manager=(405, FOUND))),
    "case_audits:progress": (o.notified, team_page(lead=OK, team=OK, manager=OK, coordinator=OK)),
    "case_audits:access_log": (o.notified, team_page(lead=OK, manager=OK)),
    # The letter (Croydon: the draft is with the area)
    # The week on site: the team and managers only. South Gloucestershire is not on site yet, so
    # nobody records evidence there (a form sent is refused); the record pages are Liverpool's
    # (reporting), whose first record its lead made: only they, or its author, amend it.
    "fieldwork:records": (o.notified, team_page(lead=(200, 400), team=(200, 400), manager=(200, 400))),
    "fieldwork:board": (
        o.notified,
        team_page(signed_in=(404, 405), lead=(200, 405), team=(200, 405), manager=(200, 405)),
    ),
    "fieldwork:emerging": (o.notified, team_page()),
    "fieldwork:sync": (
        o.notified,
        rule((405, 404), anonymous=(405, 401), lead=(405, 400), team=(405, 400), manager=(405, 400)),
    ),
    "fieldwork:record": (
        o.evidence_record,
        team_page(signed_in=(404, 405), lead=(200, 405), team=(200, 405), manager=(200, 405)),
    ),
    "fieldwork:record_amend": (o.evidence_record, team_page(lead=(200, 400))),
    "reports:letter": (o.at_factual_accuracy, team_page(**LETTER_IN)),
    "reports:preview": (o.at_factual_accuracy, team_page(**LETTER_IN)),
    # Findings and recommendations no longer change while the draft is with the area.
    "reports:finding_add": (o.at_factual_accuracy, team_page(lead=403, team=403, manager=403)),
    "reports:finding_edit": (o.letter_finding, team_page(lead=403, team=403, manager=403)),
    "reports:finding_delete": (
        o.letter_finding,
        team_action(lead=(405, FOUND), team=(405, FOUND), manager=(405, FOUND)),
    ),
    "reports:recommendation_add": (o.at_factual_accuracy, team_page(lead=403, team=403, manager=403)),
    "reports:recommendation_edit": (o.letter_recommendation, team_page(lead=403, team=403, manager=403)),
    "reports:recommendation_delete": (
        o.letter_recommendation,
        team_action(lead=(405, FOUND), team=(405, FOUND), manager=(405, FOUND)),
    ),
    "reports:recommendation_move": (
        o.letter_recommendation,
        team_action(lead=(405, FOUND), team=(405, FOUND), manager=(405, FOUND)),
    ),
    "reports:render": (o.at_factual_accuracy, team_action(lead=(405, FOUND), team=(405, FOUND), manager=(405, FOUND))),
    "reports:version": (o.letter_version, team_page(**LETTER_IN)),
    "reports:version_pdf": (o.letter_version, team_page(**LETTER_IN)),
    "reports:send_draft": (o.at_factual_accuracy, team_page(lead=(200, 400), team=403, manager=(200, 400))),
    "reports:comments": (
        o.at_factual_accuracy,
        team_page(lead=(200, 403), team=(200, 403), manager=(200, 403), dcs=OK, coordinator=OK, cross_border=OK),
    ),
    "reports:respond": (
        o.at_factual_accuracy,
        team_action(
            lead=(405, 400),
            team=(405, 400),
            manager=(405, 400),
            dcs=(405, 400),
            coordinator=(405, 400),
            cross_border=(405, 400),
        ),
    ),
    # The draft still with the area: making the final letter is refused on its page; publishing
    # has no page until there is a final letter, and sends back to the letter.
    "reports:finalise": (o.at_factual_accuracy, team_page(lead=(200, 400), team=403, manager=(200, 400))),
    "reports:publish": (o.at_factual_accuracy, team_page(lead=FOUND, team=403, manager=FOUND)),
    # Comments and the written statement of action (Central Bedfordshire, published; led by the manager)
    # The comment is told_leader's agency's.
    "reports:comment_edit": (
        o.published_comment,
        team_page(team=OK, manager=OK, dcs=OK, coordinator=OK, told_leader=OK),
    ),
    "reports:comment_withdraw": (
        o.published_comment,
        team_action(
            team=(405, 403), manager=(405, 403), dcs=(405, FOUND), coordinator=(405, FOUND), told_leader=(405, 403)
        ),
    ),
    "reports:comment_merge": (
        o.published_comment,
        team_action(
            team=(405, FOUND),
            manager=(405, FOUND),
            dcs=(405, FOUND),
            coordinator=(405, FOUND),
            told_leader=(405, FOUND),
        ),
    ),
    # Deciding on comments is the team's: a local user gets the 404 of any team page.
    "reports:decide": (o.published_comment, team_page(team=403, manager=403)),
    # The written statement of action (the areas app): the partnership's response, read by every
    # partner told of the inspection; only the DCS or the coordinator writes and sends it, only the
    # lead or a manager reviews it (tests/inspections/areas/test_statements*.py). Readers who may
    # not act get a 403; an empty form is refused (400).
    "statements:statement": (o.published, team_page(team=OK, manager=OK, dcs=OK, coordinator=OK, told_leader=OK)),
    "statements:attachment": (
        o.published_statement_document,
        team_page(team=OK, manager=OK, dcs=OK, coordinator=OK, told_leader=OK),
    ),
    "statements:send": (o.published, team_action(readers=(405, 403), writers=(405, 400))),
    "statements:attach": (o.published, team_action(readers=(405, 403), writers=(405, 400))),
    "statements:review": (
        o.published,
        team_action(
            team=(405, 403), manager=(405, 400), dcs=(405, 403), coordinator=(405, 403), told_leader=(405, 403)
        ),
    ),
    "statements:action_add": (o.published_recommendation, team_page(readers=403, writers=(200, 400))),
    "statements:action_edit": (o.published_statement_action, team_page(readers=403, writers=(200, 400))),
    "statements:action_delete": (
        o.published_statement_action_only,
        team_action(readers=(405, 403), writers=(405, FOUND)),
    ),
    "statements:attachment_remove": (
        o.published_statement_document,
        team_action(readers=(405, 403), writers=(405, FOUND)),
    ),
    "reports:thematic": (o.theme, signed_in(403, manager=OK)),
    # The themes and their reports, in the navigation of inspectors and managers (read only)
    "reports:thematic_index": (o.none, signed_in(403, inspectors=OK)),
    # Published: no sign-in
    # An area's record (inspections/areas): inspectors read it, managers keep it and choose areas;
    # everyone else finds no page. The upload and records refuse an empty form (400).
    "areas:choosing": (o.none, team_page(manager=OK)),
    "areas:area": (o.area, team_page(inspectors=OK)),
    "areas:intelligence_note": (o.area, team_page(manager=(200, 400))),
    "areas:other_evaluation": (o.area, team_page(manager=(200, 400))),
    "areas:good_practice_note": (o.area, team_page(manager=(200, 400))),
    "areas:indicator_upload": (o.none, team_page(manager=(200, 400))),
    "areas:indicator_import": (o.indicator_import, team_page(manager=OK)),
    # The demo's file is imported already: a manager's decision is refused, and sent back to it.
    "areas:indicator_import_decide": (o.indicator_import, team_action(manager=(405, FOUND))),
    "published:index": (o.none, public()),
    "published:thematic": (o.theme, public()),
    "published:thematic_pdf": (o.theme, public()),
    "published:thematic_edition": (o.thematic_edition, public()),
    "published:thematic_edition_pdf": (o.thematic_edition, public()),
    "published:letter": (o.published, public()),
    "published:letter_pdf": (o.published, public()),
    # Consultations: analysts; the published outcome is public
    "consultations:index": (o.none, analysts_page()),
    "consultations:overview": (o.consultation, analysts_page()),
    "consultations:upload": (o.consultation, analysts_page()),
    "consultations:import_status": (o.consultation_import, analysts_page(analysts=404)),  # the demo has no upload
    "consultations:import_confirm": (o.consultation_import, analysts_action(analysts=(405, 404))),
    "consultations:coding": (o.consultation_question, analysts_page()),
    "consultations:coding_theme_add": (o.consultation_question, analysts_action(analysts=(405, 400))),
    "consultations:coding_answer_tag": (o.consultation_question, analysts_action(analysts=(405, 404))),
    "consultations:coding_quote": (o.consultation_question, analysts_action(analysts=(405, 404))),
    "consultations:apply_suggestions": (o.consultation_question, analysts_action()),
    "consultations:outcomes": (o.consultation, analysts_page()),
    "consultations:outcome_delete": (o.consultation_outcome, analysts_action()),
    "consultations:publish": (o.consultation, analysts_action()),
    "consultations:report": (o.consultation, public()),
    # The outcome report's PDF is made by a worker: until then, 503 with a page saying so.
    "consultations:report_pdf": (o.consultation, public(503)),
    "consultations:tables_csv": (o.consultation, public()),
    "consultations:tables_xlsx": (o.consultation, public()),
    # The read API (tests/api/ walks it by token): a session is no token, so every role gets the 401
    # of a missing one; its public part answers everyone; it reads only, so a POST is 405.
    "api_reference": (o.none, public((200, 405))),
    "api_v1": (o.none, public(FOUND)),  # to the reference page
    "api-v1:api-root": (o.none, public(FOUND)),  # the same address, as ninja names it
    "api-v1:openapi-json": (o.none, public()),  # the schema answers any method, and changes nothing
    "api-v1:programmes": (o.none, public((401, 405))),
    "api-v1:inspections": (o.none, public((401, 405))),
    "api-v1:inspection": (o.notified, public((401, 405))),
    "api-v1:changes": (o.none, public((401, 405))),
    "api-v1:published_letters": (o.none, public((200, 405))),
    "api-v1:published_letter": (o.published, public((200, 405))),
    "api-v1:thematic_reports": (o.none, public((200, 405))),
    "api-v1:consultations": (o.none, public((200, 405))),
    "api-v1:consultation": (o.consultation, public((200, 405))),
    # Calendar feeds: the address is the key (a made-up one is 404); the page is each user's own.
    "api_calendar": (lambda demo: {"token": "no-such-calendar"}, public((404, 405))),
    "api_calendar_feeds": (o.none, signed_in((200, 400))),  # an empty POST names no action
}

# Every URL of the admin site: the admin gets its pages; everyone else is sent to the admin's
# own sign-in page (a 302), a POST likewise, and nothing changes.
ADMIN_PREFIX = "admin:"
ADMIN_RULE = "admin only: others 302 to the admin's sign-in page"
