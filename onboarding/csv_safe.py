"""CSV cells that a spreadsheet shows as text, never runs as a formula.

OWASP's CSV-injection guidance: a cell starting with = + - @, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (=HYPERLINK(...) can send the sheet's
contents away). Such a cell is prefixed with a single quote, which the spreadsheet shows as
text; every other cell is written unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def row(values) -> list[str]:
    return [cell(v) for v in values]
