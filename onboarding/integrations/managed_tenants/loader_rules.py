"""The managed-tenants-cli loader's own rules: what the schema lets through but the loader
refuses when it loads an addon (managedtenants/core/addons_loader/addon.py, commit
a0b639fb06682202ce9e9598967ecafa70a1abd5).

- `addonImageSetVersion` must be `latest`: "Pointing to a specific version is not allowed"
  (MTSRE-453; managed-tenants loads addons with imageset_latest_only).
- `config.secrets` names are unique, and `pullSecretName` is one of them.
- `additionalCatalogSources` names are unique.
"""

IMAGESET_VERSION = "latest"
IMAGESET_MESSAGE = "Pointing to a specific imageset version is not allowed; use latest (MTSRE-453)."


def imageset_version_problem(value) -> str:
    """Why managed-tenants refuses this addonImageSetVersion; "" when it loads it."""
    if value in ("", None, IMAGESET_VERSION):
        return ""
    return IMAGESET_MESSAGE


def _names(items) -> list:
    return [item.get("name") for item in items or [] if isinstance(item, dict)]


def loader_failures(doc: dict) -> list[tuple[str, str]]:
    """[(addon.yaml property, message)] for each loader rule the document breaks."""
    failures = []
    if problem := imageset_version_problem(doc.get("addonImageSetVersion")):
        failures.append(("addonImageSetVersion", problem))
    secrets = _names((doc.get("config") or {}).get("secrets"))
    if len(set(secrets)) != len(secrets):
        failures.append(("config.secrets", "Secrets should have a unique name."))
    pull_secret = doc.get("pullSecretName")
    if pull_secret and pull_secret not in secrets:
        failures.append(("pullSecretName", "pullSecretName should be one of the secrets' names."))
    sources = _names(doc.get("additionalCatalogSources"))
    if len(set(sources)) != len(sources):
        failures.append(
            ("additionalCatalogSources", "Additional catalog sources should have unique names.")
        )
    return failures
