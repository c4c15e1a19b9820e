"""Counting a page's elements and ids the way a browser's DOM would hold them."""

from collections import Counter
from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        self.count += 1
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def element_count(html: str) -> int:
    """What `document.getElementsByTagName('*').length` gives for the page."""
    return elements(html).count


def duplicate_ids(html: str) -> list[str]:
    return sorted(i for i, n in elements(html).ids.items() if n > 1)
