"""onboarding.bounds: what the portal accepts from outside, decided in one place."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError

from onboarding import bounds


@pytest.mark.parametrize("value", ["²", "٣", "1e3", "1.0", "", " ", True, 1.0, None, [1]])
def test_only_ascii_digits_or_a_json_integer_make_a_whole_number(value):
    with pytest.raises(bounds.OutOfBounds):
        bounds.whole_number(value, field="good")


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), ("42", 42), (" 7 ", 7), (2**63 - 1, 2**63 - 1)]
)
def test_whole_numbers_within_the_column_are_taken(value, expected):
    assert bounds.whole_number(value, field="good") == expected


@pytest.mark.parametrize("value", [2**63, 10**19, str(10**19), -1, "-1", "9" * 5000])
def test_whole_numbers_outside_the_column_are_refused_naming_the_field(value):
    with pytest.raises(bounds.OutOfBounds) as refused:
        bounds.whole_number(value, field="good")
    assert refused.value.field == "good"


@pytest.mark.parametrize(
    "value",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-1))),
        datetime(1999, 12, 31, 22, tzinfo=UTC),
        datetime.now(tz=UTC) + timedelta(hours=2),
        datetime(2026, 1, 1),  # no time zone
    ],
)
def test_timestamps_outside_2000_to_now_are_refused(value):
    with pytest.raises(bounds.OutOfBounds):
        bounds.timestamp(value, field="start")


def test_a_timestamp_is_returned_in_utc():
    value = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert bounds.timestamp(value, field="start") == datetime(2026, 1, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[" * 100000 + b"]" * 100000, "nests deeper than 32 levels"),
        (b'{"a": ' * 40 + b"1" + b"}" * 40, "nests deeper than 32 levels"),
        (b"x" * (bounds.JSON_MAX_BYTES + 1), "at most"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_json_bodies_are_refused_before_the_parser_can_fail(body, message):
    with pytest.raises(bounds.OutOfBounds, match=message):
        bounds.json_body(body)


def test_brackets_inside_strings_do_not_count_as_nesting():
    body = b'[{"note": "' + b"[" * 1000 + b'\\"["}]'
    assert bounds.json_body(body) == [{"note": "[" * 1000 + '"['}]


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb"])
def test_control_characters_are_refused(value):
    with pytest.raises(ValidationError):
        bounds.control_characters_refused(value)


def test_tabs_and_line_breaks_are_ordinary_text():
    bounds.control_characters_refused("a\tb\r\nc")


@pytest.mark.parametrize("value", ["a\r\nb", "a\nb", "a\u2028b", "a\x85b", "a\tb"])
def test_one_line_refuses_line_breaks(value):
    with pytest.raises(ValidationError):
        bounds.one_line(value)


def test_a_subject_line_is_one_line_whatever_it_is_built_from():
    assert bounds.subject_line("New\r\nBcc: x@evil.example\x00 intake") == (
        "New Bcc: x@evil.example intake"
    )
    assert len(bounds.subject_line("x" * 500)) == 200
