"""`make lint`'s dependency audit: a finding fails the build unless the reviewed allow-list explains
it; vulnerability data out of reach says so on one line and lets the build go on."""

import datetime
import json

import pytest

from scripts.pip_audit import ALLOWLIST, AllowlistError, command, judge, read_allowlist


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def audited(name, version, *vulns):
    return {"name": name, "version": version, "vulns": list(vulns)}


def skipped(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})"}


def test_a_vulnerability_fails_the_build_naming_the_package_the_id_and_the_fix():
    outcome = judge(
        1,
        report(
            audited("django", "5.2.19", {"id": "PYSEC-2026-1", "fix_versions": ["5.2.20"]}),
            audited("celery", "5.7.0"),
        ),
        "",
    )
    assert outcome.exit_code == 1
    assert "django 5.2.19: PYSEC-2026-1 (fixed in 5.2.20)" in outcome.message
    assert "security/pip-audit-allowlist.txt" in outcome.message


def test_a_clean_audit_passes_and_names_packages_it_could_not_look_up():
    outcome = judge(0, report(audited("django", "5.2.19"), skipped("honcho", "2.0.0")), "")
    assert outcome.exit_code == 0
    assert outcome.message.startswith("pip-audit: 1 pinned packages, no known vulnerabilities")
    assert "not checked: honcho" in outcome.message


def test_an_index_without_the_data_for_any_package_is_not_checked_and_says_so():
    outcome = judge(0, report(skipped("django", "5.2.19"), skipped("celery", "5.7.0")), "")
    assert outcome.exit_code == 0
    assert outcome.message.startswith("pip-audit: NOT CHECKED: cannot reach the vulnerability data")
    assert "none of the 2 pinned packages" in outcome.message


@pytest.mark.parametrize(
    "stderr",
    [
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries "
        "exceeded with url: /v1/query (Caused by NameResolutionError(...))",
        "ERROR:pip_audit._cli:Could not connect to PyPI's vulnerability feed\n"
        "ERROR:pip_audit._cli:Tip: your network may be blocking this service.",
    ],
)
def test_an_unreachable_index_is_not_checked_and_says_so(stderr):
    outcome = judge(1, "", stderr)
    assert outcome.exit_code == 0
    assert outcome.message.startswith("pip-audit: NOT CHECKED: cannot reach the vulnerability data")


def test_any_other_failure_fails_the_build():
    outcome = judge(1, "", "ERROR:pip_audit._cli:invalid requirements input: requirements.txt")
    assert outcome.exit_code == 1
    assert "invalid requirements input" in outcome.message


def test_each_allowed_id_is_passed_to_pip_audit_and_both_requirement_files_are_audited():
    allowed = read_allowlist(
        "# reviewed entries\n\nGHSA-aaaa-bbbb-cccc 2026-11-27 Windows only; we deploy on Linux.\n"
        "PYSEC-2026-2   2026-10-01   The vulnerable parser is never called.\n"
    )
    assert [(a.id, a.reviewed) for a in allowed] == [
        ("GHSA-aaaa-bbbb-cccc", datetime.date(2026, 11, 27)),
        ("PYSEC-2026-2", datetime.date(2026, 10, 1)),
    ]
    args = command(allowed)
    assert args[args.index("GHSA-aaaa-bbbb-cccc") - 1] == "--ignore-vuln"
    assert args[args.index("PYSEC-2026-2") - 1] == "--ignore-vuln"
    files = [args[i + 1] for i, a in enumerate(args) if a == "-r"]
    assert [f.rsplit("/", 1)[-1] for f in files] == ["requirements.txt", "requirements-dev.txt"]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("GHSA-aaaa-bbbb-cccc", "line 1: expected 'VULNERABILITY-ID YYYY-MM-DD reason'"),
        ("GHSA-aaaa-bbbb-cccc 2026-11-27", "line 1: expected 'VULNERABILITY-ID YYYY-MM-DD reason'"),
        ("GHSA-aaaa-bbbb-cccc 2026-13-40 A reason.", "line 1: '2026-13-40' is not a date"),
    ],
)
def test_an_allowlist_line_without_its_review_date_or_reason_is_refused(line, error):
    with pytest.raises(AllowlistError, match=error):
        read_allowlist(line)


def test_the_repository_allowlist_reads():
    for entry in read_allowlist(ALLOWLIST.read_text()):
        assert entry.reason
