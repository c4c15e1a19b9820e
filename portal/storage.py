"""Static files storage for production: hashed, compressed names (whitenoise).

The vendored Bootstrap and Swagger UI files end in `sourceMappingURL` comments naming .map files
their npm packages do not ship; Django's manifest storage would refuse to collect them. Source
map references are left as they are (browsers fetch maps only with devtools open).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
