from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration(value):
    """A timedelta as the two largest units: '3d 4h', '5h 12m', '40s'; '—' for None."""
    if value is None:
        return "—"
    if not isinstance(value, timedelta):
        value = timedelta(seconds=float(value))
    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"
