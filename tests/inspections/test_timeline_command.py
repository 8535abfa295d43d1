import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("inspection_timeline", *args, stdout=out)
    return out.getvalue()


def test_json_from_onsite_start_has_the_documented_shape():
    document = json.loads(run("--onsite-start", "2016-03-07", "--format", "json"))
    assert document["framework"] == "jtai-2016"
    keys = [m["key"] for m in document["milestones"]]
    assert keys == [
        "notification",
        "conference_call",
        "case_audit_deadline",
        "onsite_start",
        "setup_meeting",
        "onsite_end",
        "feedback_meeting",
        "draft_letter_due",
        "factual_accuracy_due",
        "publication_due",
        "action_plan_due",
    ]
    first = document["milestones"][0]
    assert first == {
        "key": "notification",
        "date": "2016-02-22",
        "time": "10:00",
        "label": "Notification to the Director of Children's Services",
    }
    onsite = next(m for m in document["milestones"] if m["key"] == "onsite_start")
    assert onsite["date"] == "2016-03-07" and onsite["time"] is None


def test_json_from_notification_date_and_other_framework():
    document = json.loads(
        run("--notification-date", "2016-04-22", "--framework", "ofsted-targeted-2016", "--format", "json")
    )
    assert document["framework"] == "ofsted-targeted-2016"
    dates = {m["key"]: m["date"] for m in document["milestones"]}
    assert dates["onsite_start"] == "2016-05-09"  # over the early May bank holiday


def test_text_lists_each_milestone_with_its_date():
    text = run("--onsite-start", "2016-03-07")
    assert "Notification to the Director of Children's Services  Mon 22 Feb 2016 10:00" in text
    assert "First day on site" in text and "Mon 07 Mar 2016" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--onsite-start", "2016-03-28"],
            "The first day on site Monday 28 March 2016 is not a working day (Easter Monday).",
        ),
        (["--onsite-start", "2016-13-01"], "--onsite-start '2016-13-01' is not a date in the form YYYY-MM-DD."),
        (["--notification-date", "7/3/2016"], "--notification-date '7/3/2016' is not a date in the form YYYY-MM-DD."),
        (["--onsite-start", "20160307"], "--onsite-start '20160307' is not a date in the form YYYY-MM-DD."),
        (["--onsite-start", "2016-W10-1"], "--onsite-start '2016-W10-1' is not a date in the form YYYY-MM-DD."),
        (["--onsite-start", "9999-12-30"], "That date is too far in the future to count working days from."),
        (["--onsite-start", "2016-03-07", "--framework", "nope"], "No framework version 'nope'; known:"),
    ],
)
def test_refusals_name_the_problem(args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value).startswith(message)


@pytest.mark.slow
def test_a_refusal_on_the_command_line_is_one_line_and_a_non_zero_exit(tmp_path):
    # A real process: what an operator sees, with no traceback. Needs the schema, so a migrated file database.
    env_db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    env = {**os.environ, "DATABASE_URL": env_db}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, check=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "inspection_timeline", "--onsite-start", "2016-03-05"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "CommandError: The first day on site Saturday 5 March 2016 is not a working day (a weekend)."
    )
    assert "Traceback" not in result.stderr
