"""An intake field as people read it: its label and its value, the one definition that the
review page, the review round's snapshot and its diff share."""

from ..models import Addon


def field_label(name: str) -> str:
    return "Owner team" if name == "team" else str(Addon._meta.get_field(name).verbose_name)


def field_value(addon: Addon, name: str) -> str | None:
    """A choice's label, Yes or No, the text; None while the question is not answered."""
    field = Addon._meta.get_field(name)
    value = getattr(addon, name)
    if field.choices:
        return getattr(addon, f"get_{name}_display")() or ""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def field_shown(addon: Addon, name: str) -> str:
    """The value on the review page: "Not answered yet" and "—" for what is not there."""
    value = field_value(addon, name)
    return "Not answered yet" if value is None else (value or "—")
