"""What the portal accepts from outside, in one place: counts, timestamps, text, JSON bodies.

Every limit is what storage can hold or what makes sense for the domain, so a value that
passes here can be stored and summed without an error deep inside the database driver:
- counts fit a signed 64-bit column (PostgreSQL bigint, SQLite integer);
- timestamps lie between 2000-01-01 and now (year 1 or 9999 overflow on a time-zone shift);
- text has no NUL (PostgreSQL refuses it) nor other control characters, and names and e-mail
  subjects are one line (a line break in a header is an injection);
- integers are ASCII digits: Python's isdigit() and int() also take '²' or Arabic-Indic digits;
- JSON bodies are size- and depth-limited before the parser sees them (deep nesting is a
  RecursionError in json.loads).
"""

import json
import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

BIGINT_MAX = 2**63 - 1
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
JSON_MAX_BYTES = 1024 * 1024
JSON_MAX_DEPTH = 32

# Long enough to say "too large" rather than "not a number"; short enough for int() to be cheap.
_ASCII_WHOLE = re.compile(r"[0-9]{1,40}")
# C0 controls and DEL; tab, line feed and carriage return are ordinary in multi-line text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\x85\u2028\u2029]")


class OutOfBounds(ValueError):
    """A value refused here; `field` names the input it came from."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def whole_number(value, *, field: str, minimum: int = 0, maximum: int = BIGINT_MAX) -> int:
    """An int from a JSON number or a string of ASCII digits, within [minimum, maximum]."""
    if isinstance(value, str):
        text = value.strip()
        negative = text.startswith("-")
        if not _ASCII_WHOLE.fullmatch(text.removeprefix("-")):
            raise OutOfBounds(field, "must be a whole number written with the digits 0-9.")
        value = -int(text[1:]) if negative else int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise OutOfBounds(field, "must be a whole number.")
    if value < minimum:
        raise OutOfBounds(field, f"must be at least {minimum}.")
    if value > maximum:
        raise OutOfBounds(field, f"must be at most {maximum}.")
    return value


def timestamp(value: datetime, *, field: str, now: datetime | None = None) -> datetime:
    """An aware datetime in UTC, not before 2000 and not in the future."""
    if value.tzinfo is None:
        raise OutOfBounds(field, "must give its time zone (e.g. Z or +00:00).")
    # Compare before converting: astimezone() itself overflows at year 1 and 9999.
    if value.year < EARLIEST.year - 1 or value.year > 9998:
        raise OutOfBounds(field, f"must lie between {EARLIEST:%Y-%m-%d} and now.")
    value = value.astimezone(UTC)
    if value < EARLIEST:
        raise OutOfBounds(field, f"must not be before {EARLIEST:%Y-%m-%d}.")
    if value > (now or timezone.now()):
        raise OutOfBounds(field, "must not be in the future.")
    return value


def control_characters_refused(value: str) -> None:
    """A Django validator: NUL and other control characters (tab and line breaks allowed)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(
            "Remove the control characters (such as NUL) from this text.", code="control"
        )


def one_line(value: str) -> None:
    """A Django validator for names, titles and subjects: one line, no control characters."""
    control_characters_refused(value)
    if isinstance(value, str) and (_LINE_BREAK.search(value) or "\t" in value):
        raise ValidationError("Keep this to one line (no line breaks).", code="one_line")


def subject_line(text: str, limit: int = 200) -> str:
    """An e-mail subject built from stored text: one line whatever the text holds."""
    return " ".join(_CONTROL.sub(" ", _LINE_BREAK.sub(" ", text)).split())[:limit]


def control_character_in(value: str) -> bool:
    return bool(_CONTROL.search(value))


def _depth(body: bytes) -> int:
    """The deepest nesting of [ and { outside strings, counted without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > JSON_MAX_DEPTH:
                    return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def json_body(body: bytes, *, max_bytes: int = JSON_MAX_BYTES):
    """The parsed JSON body; OutOfBounds('body', ...) when too large, too deep or not JSON."""
    if len(body) > max_bytes:
        raise OutOfBounds("body", f"is {len(body)} bytes; at most {max_bytes}.")
    if _depth(body) > JSON_MAX_DEPTH:
        raise OutOfBounds("body", f"nests deeper than {JSON_MAX_DEPTH} levels.")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise OutOfBounds("body", "is not valid JSON.") from exc
