"""Reading YAML that people paste or upload: plain documents only.

PyYAML's safe loader still follows aliases (a few lines of anchors become a document whose
walk takes forever: "billion laughs") and recurses once per nesting level (a deep enough
document exhausts the stack). addon.yaml files use neither, so both are refused.
"""

import yaml
from yaml.events import AliasEvent

MAX_DEPTH = 50


class PlainLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here", self.peek_event().start_mark
            )
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_plain_yaml(text: str):
    """The document; yaml.YAMLError when it is not plain YAML."""
    loader = PlainLoader(text)  # a SafeLoader: no Python objects, and no aliases
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
