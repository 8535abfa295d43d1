"""Reference data every install needs: inspectorates, the 2016 framework versions, the first
deep-dive theme, the four scope areas and the first programme. Admins edit them afterwards; this never overwrites."""

import datetime

from django.db import migrations

INSPECTORATES = [
    ("ofsted", "Office for Standards in Education, Children's Services and Skills", "Ofsted"),
    ("cqc", "Care Quality Commission", "CQC"),
    ("hmic", "HM Inspectorate of Constabulary", "HMIC"),
    ("hmip", "HM Inspectorate of Probation", "HMI Probation"),
]

SCOPE_AREAS = [
    (
        "front-door",
        "The multi-agency response at the point of identification and referral",
        "How well agencies identify children who need help and protection and respond at the front door.",
    ),
    (
        "assessment",
        "The quality and impact of assessment and decision making",
        "Whether assessments, planning and decisions by all agencies make children safer.",
    ),
    (
        "deep-dive",
        "Deep dive: the experiences of children in the theme's cohort",
        "How well agencies work together for the children the deep-dive theme is about.",
    ),
    (
        "leadership",
        "Leadership, management and the local safeguarding children board",
        "Only as far as they affect the front door and the deep dive.",
    ),
]

COMMON_RULES = dict(
    notice_working_days=9,
    notice_convention="day0",
    notification_time=datetime.time(10, 0),
    conference_call_time=datetime.time(14, 0),
    case_audits_min=5,
    case_audits_max=7,
    case_audit_due_working_days_before_onsite=1,
    case_audit_due_time=datetime.time(17, 0),
    fieldwork_working_days=5,
    setup_meeting_time=datetime.time(9, 30),
    feedback_meeting_time=datetime.time(14, 0),
    draft_letter_working_days=15,
    factual_accuracy_working_days=5,
    publication_working_days=30,
    action_plan_working_days=70,
    effective_from=datetime.date(2016, 2, 1),
    is_current=True,
)

FRAMEWORKS = [
    (
        "jtai-2016",
        dict(
            name="Joint targeted area inspection framework 2016",
            kind="joint",
            reference_prefix="JTAI",
            notification_order="dcs_then_partners",
        ),
        ["ofsted", "cqc", "hmic", "hmip"],
    ),
    (
        "ofsted-targeted-2016",
        dict(
            name="Ofsted targeted inspection of a local authority 2016",
            kind="ofsted_only",
            reference_prefix="OTI",
            notification_order="council_only",
        ),
        ["ofsted"],
    ),
]

THEME = dict(
    slug="cse-and-missing",
    name="Child sexual exploitation and children missing from home, care or education",
    description=(
        "The multi-agency response to children at risk of, or experiencing, sexual exploitation, "
        "and to children missing from home, care or education."
    ),
    published_on=datetime.date(2016, 2, 1),
)


def load(apps, schema_editor):
    Inspectorate = apps.get_model("inspections", "Inspectorate")
    ScopeArea = apps.get_model("inspections", "ScopeArea")
    FrameworkVersion = apps.get_model("inspections", "FrameworkVersion")
    Theme = apps.get_model("inspections", "Theme")

    inspectorates = {}
    for code, name, short_name in INSPECTORATES:
        inspectorates[code], _ = Inspectorate.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name}
        )
    for order, (code, name, description) in enumerate(SCOPE_AREAS):
        ScopeArea.objects.get_or_create(code=code, defaults={"name": name, "description": description, "order": order})
    frameworks = []
    for slug, fields, codes in FRAMEWORKS:
        framework, created = FrameworkVersion.objects.get_or_create(slug=slug, defaults={**COMMON_RULES, **fields})
        if created:
            framework.inspectorates.set([inspectorates[c] for c in codes])
        frameworks.append(framework)
    theme, created = Theme.objects.get_or_create(slug=THEME["slug"], defaults=THEME)
    if created:
        theme.framework_versions.set(frameworks)
    # The seed's first programme: up to six joint inspections, February to September 2016.
    Programme = apps.get_model("inspections", "Programme")
    Programme.objects.get_or_create(
        slug="jtai-2016",
        defaults={
            "name": "First programme: February to September 2016",
            "kind": "joint",
            "starts_on": datetime.date(2016, 2, 1),
            "ends_on": datetime.date(2016, 9, 30),
            "max_inspections": 6,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
