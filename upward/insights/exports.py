"""CSV and XLSX exports of a program's aggregates (the same numbers as the dashboard)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from upward.exports import safe_row
from upward.feedback.selectors.results import SUPPRESSED_MESSAGE
from upward.insights.selectors.metrics import ProgramMetrics
from upward.mentoring.selectors.health import STATUS_LABELS

# The columns and the first three fields of each row are keys for whoever reads the file with
# a program: they stay in English. Only what a person reads as a sentence is translated.
HEADER = ["section", "measure", "group", "value"]
Row = tuple[str, str, str, object]


def metric_rows(m: ProgramMetrics) -> Iterator[Row]:
    yield ("program", "name", "", m.program_name)
    yield ("program", "phase", "", m.phase)
    yield ("program", "cohort", "", m.cohort or "all")
    yield ("program", "generated on", "", m.generated_on.isoformat())
    yield ("program", "anonymity threshold", "", m.anonymity_threshold)
    for f in m.funnel:
        yield ("participation", f.stage, "leaders", f.leaders)
        yield ("participation", f.stage, "mentors", f.mentors)
    for key, value in m.pairs.items():
        yield ("pairs", key, "", value)
    for key, value in m.meetings.items():
        yield ("meetings", key.replace("_", " "), "", "" if value is None else value)
    for key, value in m.actions.items():
        yield ("actions", key.replace("_", " "), "", value)
    for key, value in m.behaviour_change.items():
        yield ("behaviour change", key.replace("_", " "), "", value)
    for t in m.survey_trends:
        for label, mean, suppressed, n in (
            ("3-month", t.checkin_3, t.suppressed_3, t.n_3),
            ("6-month", t.checkin_6, t.suppressed_6, t.n_6),
        ):
            shown: object = (
                str(SUPPRESSED_MESSAGE) if suppressed else ("" if mean is None else mean)
            )
            yield ("survey trend", f"{t.label} ({label}, n={n})", f"{t.role}s", shown)
    for r in m.survey_response_rates:
        yield ("survey responses", r["title"], "asked", r["asked"])
        yield ("survey responses", r["title"], "answered", r["answered"])
    ret = m.retention
    yield ("retention", "period", "", f"{ret.period_start or ''} to {ret.period_end}")
    yield ("retention", "levels compared", "", ", ".join(str(v) for v in ret.levels))
    yield ("retention", "people", "mentors in the program", ret.participants)
    yield (
        "retention",
        "still employed %",
        "mentors in the program",
        str(SUPPRESSED_MESSAGE)
        if ret.suppressed
        else ("" if ret.participants_rate is None else ret.participants_rate),
    )
    yield ("retention", "people", "same levels, not in the program", ret.others)
    yield (
        "retention",
        "still employed %",
        "same levels, not in the program",
        "" if ret.others_rate is None else ret.others_rate,
    )
    for status, n in m.health.items():
        yield ("health", str(STATUS_LABELS[status]), "pairs", n)


def metrics_csv(m: ProgramMetrics) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in metric_rows(m):
        writer.writerow(safe_row(row))
    return buffer.getvalue()


def metrics_xlsx(m: ProgramMetrics) -> bytes:
    # openpyxl is heavy and only this download needs it: load it here, not in every web process.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Aggregates")[:31]  # Excel caps sheet names at 31 characters
    ws.append(HEADER)  # our own words: no formula-like text
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in metric_rows(m):
        # openpyxl stores any text starting with "=" as a formula: neutralise like the CSV.
        ws.append(safe_row(row))
    for column, width in zip("ABCD", (20, 48, 34, 24), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
