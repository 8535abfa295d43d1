"""What the team did on site, counted from its records: the letter's "how the inspection was done"
and the thematic report's totals read these. Once the retention rule has erased an inspection's
records, their counts (`EvidenceTally`) stand in for them, so the totals do not change.

- children and young people heard: conversations with a child or young person;
- families heard: conversations with a parent or carer;
- meetings with practitioners, managers and leaders;
- cases sampled by each inspectorate: the audited cases it sampled jointly (its case samples and its
  case-sampling records, each case once).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from .models import EvidenceKind, EvidenceRecord, EvidenceTally

# The case audit's samples, reached through the record's relation: the letter's counts are read by
# the API, which imports nothing of case audits.
CaseSample = EvidenceRecord._meta.get_field("case_sample").related_model


@dataclass(frozen=True)
class FieldworkCounts:
    records: int = 0
    children: int = 0
    families: int = 0
    meetings: int = 0
    # inspectorate id -> distinct cases sampled
    cases_sampled: dict[int, int] = field(default_factory=dict)


def sampled_cases(inspection_ids: Iterable[int]) -> dict[int, dict[int, set[int]]]:
    """inspection id -> inspectorate id -> the audited cases it sampled, from the case samples and
    the case-sampling records. Two queries."""
    found: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    samples = CaseSample.objects.filter(case__request__inspection_id__in=inspection_ids).values_list(
        "case__request__inspection_id", "inspectorate_id", "case_id"
    )
    records = EvidenceRecord.objects.filter(
        inspection_id__in=inspection_ids, kind=EvidenceKind.CASE_SAMPLING, case_sample__isnull=False
    ).values_list("inspection_id", "inspectorate_id", "case_sample__case_id")
    for rows in (samples, records):
        for inspection_id, inspectorate_id, case_id in rows:
            found[inspection_id][inspectorate_id].add(case_id)
    return found


def counts_for(inspection_ids: Iterable[int]) -> FieldworkCounts:
    """The counts across these inspections, their records and the tallies of erased ones. Four
    queries whatever the number of records."""
    ids = list(inspection_ids)
    kinds: Counter = Counter(
        dict(
            EvidenceRecord.objects.filter(inspection_id__in=ids)
            .order_by()
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
    )
    cases: Counter = Counter()
    for by_inspectorate in sampled_cases(ids).values():
        for inspectorate_id, case_ids in by_inspectorate.items():
            cases[inspectorate_id] += len(case_ids)
    tallies = (
        EvidenceTally.objects.filter(inspection_id__in=ids)
        .order_by()
        .values("kind", "inspectorate_id")
        .annotate(records=Sum("records"), cases=Sum("cases"))
    )
    for tally in tallies:
        kinds[tally["kind"]] += tally["records"]
        if tally["cases"]:
            cases[tally["inspectorate_id"]] += tally["cases"]
    return FieldworkCounts(
        records=sum(kinds.values()),
        children=kinds[EvidenceKind.CHILD],
        families=kinds[EvidenceKind.FAMILY],
        meetings=kinds[EvidenceKind.MEETING],
        cases_sampled={pk: n for pk, n in cases.items() if n},
    )
