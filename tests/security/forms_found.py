"""The forms a page offers, read from its HTML: where each submits and the names it sends."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

FIELD_TAGS = ("input", "textarea", "select", "button")
NOT_FIELDS = (None, "csrfmiddlewaretoken")


@dataclass
class Form:
    action: str
    method: str
    fields: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self._open = Form(action.split("#")[0], (attrs.get("method") or "get").upper())
            self.forms.append(self._open)
        elif self._open and tag in FIELD_TAGS and attrs.get("name") not in NOT_FIELDS:
            self._open.fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def forms_in(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
