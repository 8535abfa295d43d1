"""Demo for the consultations app: the 2015 JTAI consultation from the seed.

The respondents are made up so that their answers reproduce every count printed in Annex 1
of the outcome document (jtai-consultation-outcome-2016.txt). The tables are then computed
from those answers, never copied, so where the document's own arithmetic does not hold the
app shows what the data gives:

- Responses: the document prints 180 online + 72 webinar + 10 other = "272"; the channels
  add up to 262 (paragraph 6 says 190 online, which is where 272 comes from, but the
  sector table also totals 180). The app shows 262.
- Q1, second statement, "Don't know", total row: 15 of 234 is 6.4 %, printed as 7 %. The
  app shows 6 %.
Every other count and percentage in Annex 1 is reproduced exactly. The ten responses from
other channels (e-mails and letters) answered no closed question, as the totals show; here
they answer the free-text question Q9, whose answers Annex 2 summarises.
"""

import csv
import io
import json
from pathlib import Path

from django.contrib.auth import get_user_model

from .coding import coding_apply_suggestions, quote_choose, theme_save
from .definition import consultation_load
from .imports import responses_import
from .models import Answer, Outcome
from .outcomes import consultation_publish, outcome_add
from .permissions import analysts_group

DEFINITION = Path(__file__).parent / "seed" / "jtai-2015.json"
# bandit: the demo accounts' shared password; load_demo refuses to run with DEBUG=0.
DEMO_PASSWORD = "jtai-demo-2016"  # nosec B105

# Annex 1: responses per channel and online respondents by sector.
CHANNEL_COUNTS = {"online": 180, "webinar": 72, "other": 10}
SECTOR_COUNTS = {
    "Social care": 41,
    "Education": 19,
    "Health services": 27,
    "Policing": 20,
    "Probation services": 4,
    "Youth offending team": 3,
    "Community rehabilitation company": 2,
    "For a charity": 4,
    "For a voluntary sector organisation": 2,
    "Local safeguarding children board": 29,
    "Prefer not to say": 2,
    "": 27,  # did not answer
}
# Annex 1: counts per option, in the order of the question's options.
ANSWER_COUNTS = {
    "q1a": {"online": [167, 3, 5], "webinar": [49, 3, 6]},
    "q1b": {"online": [159, 5, 9], "webinar": [54, 1, 6]},
    "q1c": {"online": [164, 5, 6], "webinar": [51, 4, 5]},
    "q2": {"online": [129, 36, 8], "webinar": [36, 21, 3]},
    "q3": {"online": [98, 71, 6], "webinar": [19, 35, 5]},
    "q4": {"online": [54, 83, 17, 17], "webinar": [23, 21, 6, 7]},
    "q5": {"online": [130, 28, 17], "webinar": [51, 3, 4]},
    "q6": {"online": [149, 19, 5], "webinar": [52, 4, 2]},
    "q7": {"online": [7, 165, 3], "webinar": [13, 46, 1]},
    "q8": {"online": [96, 75, 3], "webinar": [43, 10, 0]},
    "q10": {"online": [95, 26, 21], "webinar": [28, 12, 17]},
}

# Q9 answers in respondents' words, built from the suggestions Annex 2 lists.
Q9_ANSWERS = [
    "Talk to children and families and to front-line practitioners: they know where practice is good.",
    "Ask representative groups and professional networks such as ADCS, SOLACE, the LGA and the "
    "Association of Independent LSCB Chairs.",
    "Use intelligence held by government departments and the Office of the Children's Commissioner.",
    "Performance data: bellwether indicators such as re-referrals and children subject to a child protection "
    "plan for a second time.",
    "Look at inspection reports, peer reviews, self-assessments and LSCB annual reports.",
    "Serious case reviews and peer reviews show where learning has changed practice.",
    "Encourage areas to keep best practice folders that the inspectorates can access.",
    "Where there is leadership and workforce stability, good practice usually follows.",
    "Research into practice already identifies examples of good practice; use it.",
    "Evaluations of projects funded by the social innovation programme.",
    "Areas that employ independent Parent Liaison Officers in multi-agency child sexual exploitation teams.",
    "Areas that offer return home interviews and use the intelligence from them to map risk, "
    "including in neighbouring boroughs.",
    "Ask charities and third-sector partners, who see several areas, and look at the performance data.",
    "Stable leadership and low workforce turnover, plus a good record in inspection reports.",
    "Listen to front-line practitioners and to young people through the children in care council.",
    "Data on re-referrals and repeat child protection plans, read with the LSCB annual report.",
]
# Letters and e-mails from other channels, including the Who Cares? Trust report.
OTHER_ANSWERS = [
    "Young people's views: review feedback from young people via e-mail or have your say forms, and speak "
    "with service users both in and out of the children in care council.",
    "Young people's views: speak to the advocacy service and to the IROs, and interview participation workers.",
    "Look at placement breakdowns and moves, the use of the Staying Put policy and how many care leavers are "
    "in education or employment.",
    "Ask the Office of the Children's Commissioner and government departments what intelligence they hold.",
    "Return home interviews: areas that map risk from them are worth visiting.",
    "Peer reviews and self-assessments, checked against inspection reports.",
    "Ask families and representative groups where help is good.",
    "Social innovation programme evaluations.",
    "Workforce stability is the best single sign of good practice.",
    "Performance data on re-referrals.",
]

THEMES = [
    (
        "Views of children, families and practitioners",
        "children and families, young people, front-line, service users, families",
    ),
    (
        "Representative groups and partners",
        "ADCS, SOLACE, LGA, Association, charities, third-sector, representative groups",
    ),
    (
        "Intelligence held by government and others",
        "government departments, Children's Commissioner, intelligence they hold",
    ),
    ("Performance data", "performance data, bellwether, re-referrals, repeat child protection, data on"),
    (
        "Other evaluations of performance",
        "inspection reports, peer reviews, self-assessments, annual report, serious case",
    ),
    ("Best practice folders", "best practice folders"),
    (
        "Leadership and workforce stability",
        "workforce stability, leadership and workforce, stable leadership, workforce turnover",
    ),
    ("Research and project evaluations", "research, social innovation"),
    ("Parent Liaison Officers", "parent liaison"),
    ("Return home interviews", "return home interviews"),
    ("Care leavers and placements", "care leavers, placement breakdowns, staying put"),
]

# Quotes the report publishes: chosen explicitly, as an analyst would (the respondents are made up).
QUOTES = [
    ("Performance data", "Performance data on re-referrals."),
    ("Leadership and workforce stability", "Workforce stability is the best single sign of good practice."),
]

YOU_SAID_WE_DID = [
    (
        "q3",
        "Notification should go to the Director of Children's Services (DCS), the local operational lead for child "
        "protection, or the Chief Executive: LSCB chairs work limited days and have few resources.",
        "We will notify the DCS of the start of the inspection, followed by senior leaders in the other local "
        "agencies, rather than the Chair of the LSCB.",
    ),
    (
        "q4",
        "The number of cases an area can jointly audit should take account of its size; views varied widely.",
        "We will ask the area to evaluate five to seven cases before inspectors arrive, with flexibility for the "
        "size of the area and the structure of local systems.",
    ),
    (
        "q5",
        "A joint set-up meeting is desirable but hard to arrange with only eight days' notice.",
        "We increased the notice period from eight to nine working days, and offer a conference call for all "
        "senior leaders on the afternoon of notification and a joint meeting on the first day on site.",
    ),
    (
        "q7",
        "Recommendations should say which issues need priority or urgent action.",
        "We will separate recommendations into 'areas for priority action' and 'areas for development'.",
    ),
    (
        "q8",
        "The DCS or Chief Executive, not the LSCB Chair, should coordinate the factual accuracy check.",
        "We will still ask for a single factual accuracy response, coordinated by the DCS rather than the Chair "
        "of the LSCB.",
    ),
    (
        "q2",
        "Many were concerned that a continued focus on child sexual exploitation could neglect other areas.",
        "The first deep dive stays on child sexual exploitation and missing children, a ministerial priority, but "
        "the deep-dive theme is published separately from the framework so future themes can change.",
    ),
]


def _rows(definition: dict) -> list[list[str]]:
    questions = definition["questions"]
    options = {q["code"]: q.get("options", []) for q in questions}
    sectors = [label for label, n in SECTOR_COUNTS.items() for _ in range(n)]
    rows = []
    for channel, total in CHANNEL_COUNTS.items():
        # Per question, the answers this channel gave, blanks for the rest; rotated per question so
        # that the respondents who skipped a question differ from question to question.
        columns = {}
        for i, q in enumerate(questions):
            code = q["code"]
            if code in ANSWER_COUNTS and channel in ANSWER_COUNTS[code]:
                values = [
                    opt for opt, n in zip(options[code], ANSWER_COUNTS[code][channel], strict=True) for _ in range(n)
                ]
            elif code == "q9" and channel == "online":
                values = [Q9_ANSWERS[j % len(Q9_ANSWERS)] for j in range(64)]
            elif code == "q9" and channel == "other":
                values = OTHER_ANSWERS
            else:
                values = []
            values = values + [""] * (total - len(values))
            shift = (7 * i) % total
            columns[code] = values[shift:] + values[:shift]
        for n in range(total):
            sector = sectors[n] if channel == "online" else ""
            rows.append([f"{channel}-{n + 1:03d}", channel, sector] + [columns[q["code"]][n] for q in questions])
    return rows


ANALYST = {"first_name": "Sam", "last_name": "Whitfield", "email": "analyst@jtai.example"}


def _analyst():
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username="analyst", defaults=ANALYST)
    if created:
        # Only on creation: a second run must not change the stored hash.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    changed = [field for field, value in ANALYST.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, ANALYST[field])
        user.save(update_fields=changed)
    user.groups.add(analysts_group())
    # Drop cached permissions so the checks below see the group just granted.
    return user_model.objects.get(pk=user.pk)


def load(out) -> None:
    analyst = _analyst()
    definition = json.loads(DEFINITION.read_text())
    consultation = consultation_load(data=definition, user=analyst)

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["respondent_id", "channel", "sector"] + [q["code"] for q in definition["questions"]])
    writer.writerows(_rows(definition))
    result = responses_import(consultation=consultation, file=io.BytesIO(buffer.getvalue().encode()), user=analyst)

    q9 = consultation.questions.get(code="q9")
    existing = set(q9.themes.values_list("name", flat=True))
    for name, keywords in THEMES:
        if name not in existing:
            theme_save(question=q9, name=name, keywords=keywords, user=analyst)
    tagged = coding_apply_suggestions(question=q9, user=analyst)
    themes = {t.name: t for t in q9.themes.all()}
    for theme_name, text in QUOTES:
        answer = Answer.objects.filter(question=q9, text=text, codings__theme=themes[theme_name]).order_by("id").first()
        quote_choose(answer=answer, theme=themes[theme_name], user=analyst)

    questions = {q.code: q for q in consultation.questions.all()}
    for code, you_said, we_did in YOU_SAID_WE_DID:
        if not Outcome.objects.filter(consultation=consultation, we_did=we_did).exists():
            outcome_add(
                consultation=consultation, question=questions[code], you_said=you_said, we_did=we_did, user=analyst
            )
    if not consultation.is_published:
        consultation_publish(consultation=consultation, user=analyst)
    out.write(
        f"Consultation {consultation.slug}: {result.created} respondents imported, {result.unchanged} unchanged, "
        f"{tagged} Q9 tags added; report at /consultations/{consultation.slug}/report/ (user analyst)\n"
    )
    out.write(f"Demo accounts (password {DEMO_PASSWORD}):\n")
    out.write(f"  {'analyst':<20} {ANALYST['first_name']} {ANALYST['last_name']}: consultation analyst\n")
