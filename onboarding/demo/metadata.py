"""Demo addons' managed-tenants metadata: believable values that pass the real schema."""

import base64
import zlib

from ..integrations.managed_tenants.png import solid_png


def demo_metadata(addon_id: str) -> dict:
    # One colour per addon, from its id, so the demo icons tell the addons apart.
    digest = zlib.crc32(addon_id.encode())
    colour = (digest & 0xFF, (digest >> 8) & 0xFF, (digest >> 16) & 0xFF)
    repo = "".join(c for c in addon_id if c.isalpha() or c == "-")
    return {
        "icon": base64.b64encode(solid_png(32, colour)).decode("ascii"),
        "link": f"https://docs.redhat.com/addons/{addon_id}",
        "quay_repo": f"quay.io/osd-addons/{repo}",
        "test_harness": f"quay.io/osd-addons/{repo}-test-harness:latest",
        "imageset_version": "latest",
        "namespace_labels": {"monitoring-key": "middleware"},
        "namespace_annotations": {},
        "addon_notifications": [],
        "pagerduty_secret_name": "pagerduty-api-key",
        "pagerduty_secret_namespace": f"redhat-{addon_id}",
    }
