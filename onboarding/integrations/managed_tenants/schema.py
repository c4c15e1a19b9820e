"""The managed-tenants metadata JSON schema, vendored in onboarding/integrations/contracts/managed_tenants.

managed-tenants-cli validates every addon.yaml with jsonschema (Draft 7) against this schema
and its shared/*.json; the portal does the same before it serves a document, and its form
fields borrow the schema's rule for the property they map to.
"""

import functools
import json
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

CONTRACT_DIR = Path(__file__).resolve().parent.parent / "contracts" / "managed_tenants"


@functools.cache
def metadata_schema() -> dict:
    return yaml.safe_load((CONTRACT_DIR / "metadata.schema.yaml").read_text())


@functools.cache
def _validator() -> Draft7Validator:
    # The schema's $refs are relative ("shared/config.json") and it has no $id, so the shared
    # files are registered under exactly those relative names.
    registry = Registry().with_resources(
        (
            f"shared/{path.name}",
            Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT7),
        )
        for path in sorted((CONTRACT_DIR / "shared").glob("*.json"))
    )
    schema = metadata_schema()
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry)


def _where(error) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    return path or "(document)"


def document_errors(document: dict) -> list[str]:
    """Every way the document breaks the schema, as 'path: message', in a stable order."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [f"{_where(e)}: {e.message}" for e in errors]


def property_schema(pointer: str) -> dict:
    """The subschema of a property, e.g. 'addonOwner', 'pagerduty.secretName' or
    'deadmanssnitch.tags.items' (an array's items)."""
    node = metadata_schema()
    for part in pointer.split("."):
        node = node["items"] if part == "items" else node["properties"][part]
    return node


@deconstructible
class SchemaRule:
    """A field validator: the value must pass the schema's rule for one addon.yaml property."""

    def __init__(self, pointer: str, message: str):
        self.pointer = pointer
        self.message = message

    def __call__(self, value) -> None:
        if value in ("", None):
            return  # required-ness is the document's business, not the field's
        if not Draft7Validator(property_schema(self.pointer)).is_valid(value):
            raise ValidationError(self.message, code="managed_tenants_schema")

    def __eq__(self, other):
        return (
            isinstance(other, SchemaRule)
            and self.pointer == other.pointer
            and self.message == other.message
        )
