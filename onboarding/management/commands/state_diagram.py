"""Print the Addon workflow as a Mermaid state diagram, generated from the django-fsm transitions.

README.md embeds this output; tests/docs/test_readme_diagram.py fails when the two drift apart.
"""

from django.core.management.base import BaseCommand
from django_fsm import ANY_OTHER_STATE, ANY_STATE

from onboarding.models import Addon


def _edges(field):
    states = [str(value) for value, _label in field.choices]
    for t in field.get_all_transitions(Addon):
        if t.target is None:
            continue
        target = str(t.target)
        if t.source == ANY_STATE:
            sources = states
        elif t.source == ANY_OTHER_STATE:
            sources = [s for s in states if s != target]
        else:
            sources = [str(t.source)]
        for source in sources:
            yield source, target, t.name


def state_diagram():
    field = Addon._meta.get_field("state")
    edges = sorted(set(_edges(field)))
    with_exit = {source for source, _target, _name in edges}
    finals = sorted({target for _source, target, _name in edges} - with_exit)
    lines = ["stateDiagram-v2", f"    [*] --> {field.default}"]
    lines += [f"    {source} --> {target}: {name}" for source, target, name in edges]
    lines += [f"    {state} --> [*]" for state in finals]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print the Addon state machine as a Mermaid stateDiagram-v2."

    def handle(self, *args, **options):
        self.stdout.write(state_diagram(), ending="")
