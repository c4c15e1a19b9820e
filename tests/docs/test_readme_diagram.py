"""README.md shows the workflow exactly as the code defines it."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_shows_the_current_state_diagram():
    out = StringIO()
    call_command("state_diagram", stdout=out)

    block = f"```mermaid\n{out.getvalue()}```"
    assert block in README.read_text(), (
        "README.md's state diagram is out of date; replace its ```mermaid block with the "
        "output of `python manage.py state_diagram`."
    )
