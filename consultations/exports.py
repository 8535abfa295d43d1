"""The tables as CSV (one tidy row per figure) and XLSX (one sheet per table, as printed)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import Tables

CSV_HEADER = ["table", "question", "channel", "option", "count", "answered", "percentage"]


def tables_csv(tables: Tables) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for code, _, n in tables.responses:
        writer.writerow(["responses", "", code, "", n, "", ""])
    for label, n in tables.sectors:
        writer.writerow(["sectors", "", "", label, n, "", ""])
    for question in tables.questions:
        for row in question.rows:
            for option, count, pct in row.cells:
                writer.writerow(["question", question.code, row.channel, option, count, row.answered, pct])
    return out.getvalue()


def tables_xlsx(tables: Tables) -> bytes:
    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    sheet.title = "Responses"
    sheet.append(["Channel", "Number of responses"])
    for _, label, n in tables.responses:
        sheet.append([label, n])
    sheet = book.create_sheet("Sectors")
    sheet.append(["Sector", "Number of responses"])
    for label, n in tables.sectors:
        sheet.append([label, n])
    sheet.append(["Total", tables.sector_total])
    for question in tables.questions:
        sheet = book.create_sheet(question.code[:31])
        sheet.append([question.text])
        sheet.append(["Channel", "Answered"] + [f"{o} ({kind})" for o in question.options for kind in ("n", "%")])
        for row in question.rows:
            sheet.append([row.label, row.answered] + [v for _, n, pct in row.cells for v in (n, pct)])
    for ws in book.worksheets:
        for cell in ws[1 if ws.title in ("Responses", "Sectors") else 2]:
            cell.font = bold
        ws.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
