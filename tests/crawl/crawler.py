"""A bounded breadth-first walk of the portal as one logged-in person.

From a start page it follows every same-site link and submits every GET form with the values
the form shows (its defaults, the first option of a select), the way someone clicking around
would. Each URL is fetched once; a path is visited with at most `variants` query strings so
paginated and filtered lists cannot run away; the whole walk stops after `limit` pages.
"""

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit


class InvalidVariable(str):
    """TEMPLATES' string_if_invalid during the crawl: printed where a page shows a variable its
    context does not have, yet falsy like Django's default "", so `{% with %}`, `{% if %}` and
    `|default` behave exactly as they do in production."""

    def __bool__(self):
        return False


INVALID = InvalidVariable("INVALID-TEMPLATE-VARIABLE")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    select: str | None = None  # name of the <select> being read
    select_value: str | None = None


class PageParser(HTMLParser):
    """Links (`<a href>`), GET forms with the values they would submit, and repeated ids."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._ids: set[str] = set()
        self.duplicate_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            # Two elements with one id: a label, aria-* or fragment link points at the wrong one.
            if a["id"] in self._ids:
                self.duplicate_ids.append(a["id"])
            self._ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action") or "", method=(a.get("method") or "get"))
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "file"}:
                self._form.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._form.select, self._form.select_value = a["name"], None
        elif tag == "option" and self._form.select:
            value = a.get("value", "")
            if self._form.select_value is None or "selected" in a:
                self._form.select_value = value
        elif tag == "textarea" and a.get("name"):
            self._form.fields.append((a["name"], ""))

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._form.select:
            self._form.fields.append((self._form.select, self._form.select_value or ""))
            self._form.select = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


@dataclass
class Problem:
    url: str
    found_on: str
    what: str

    def __str__(self):
        return f"{self.url} (linked from {self.found_on}): {self.what}"


@dataclass
class Walk:
    visited: list[tuple[str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _same_site(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def _key(url: str) -> str:
    return url.split("#", 1)[0]


def crawl(client, start="/", *, limit=250, variants=3, skip=("/static/",)) -> Walk:
    """Walk from `start`; every 4xx/5xx, exception, template error or repeated id is a Problem."""
    walk = Walk()
    queue = deque([(start, "(start)")])
    seen: set[str] = {start}
    per_path: dict[str, int] = {}
    while queue and len(walk.visited) < limit:
        url, found_on = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # a view that raises is what this crawl looks for
            walk.problems.append(Problem(url, found_on, f"{type(error).__name__}: {error}"))
            continue
        walk.visited.append((url, response.status_code))
        if response.status_code >= 400:
            # 5xx: broken; 4xx: a page offered a link or form this person cannot use.
            walk.problems.append(Problem(url, found_on, f"HTTP {response.status_code}"))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            if INVALID in html:
                where = html.index(INVALID)
                snippet = html[max(0, where - 80) : where + 80].replace("\n", " ")
                walk.problems.append(Problem(url, found_on, f"template error near {snippet!r}"))
            parser = PageParser()
            parser.feed(html)
            if parser.duplicate_ids:
                ids = ", ".join(sorted(set(parser.duplicate_ids)))
                walk.problems.append(Problem(url, found_on, f"duplicate ids: {ids}"))
            targets = _targets(parser)
        else:
            continue
        for target in targets:
            target = _key(urljoin(url, target))
            if not _same_site(target) or target in seen or target.startswith(skip):
                continue
            path = urlsplit(target).path
            if per_path.get(path, 0) >= variants:
                continue
            per_path[path] = per_path.get(path, 0) + 1
            seen.add(target)
            queue.append((target, url))
    return walk


def _targets(parser: PageParser) -> list[str]:
    found = list(parser.links)
    for form in parser.forms:
        if form.method.lower() != "get":
            continue
        query = urlencode(form.fields)
        found.append(f"{form.action or ''}?{query}" if query else form.action or "")
    return found
