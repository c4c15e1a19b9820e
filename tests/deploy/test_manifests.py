"""deploy/ stays well-formed: every Kubernetes manifest validates against the Kubernetes schema
(kubernetes-validate ships them, offline), the OpenShift Route has its required keys, and the
probes, images and commands point at what the portal really serves and runs."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from onboarding.observability.metrics import PROBES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES_VERSION = "1.37.0"
MANIFESTS = sorted((DEPLOY / "k8s").glob("*.yaml"))


def _documents():
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text()):
            yield path.name, doc


def _by_kind():
    found = {}
    for _, doc in _documents():
        found.setdefault(doc["kind"], []).append(doc)
    return found


def _containers(doc):
    return doc["spec"]["template"]["spec"]["containers"]


@pytest.mark.parametrize(
    ("name", "doc"), list(_documents()), ids=lambda v: getattr(v, "get", lambda k: v)("kind")
)
def test_manifest_is_valid(name, doc):
    if doc["apiVersion"] == "route.openshift.io/v1":
        # OpenShift's own API: not in the Kubernetes schemas, so check what the router needs.
        assert doc["metadata"]["name"]
        assert doc["spec"]["to"] == {"kind": "Service", "name": "portal-web", "weight": 100}
        assert doc["spec"]["port"]["targetPort"] == "http"
        assert doc["spec"]["tls"]["termination"] == "edge"
        return
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_every_expected_object_exists():
    kinds = _by_kind()
    deployments = {d["metadata"]["name"]: d for d in kinds["Deployment"]}
    assert set(deployments) == {"portal-web", "portal-worker", "portal-beat"}
    assert deployments["portal-beat"]["spec"]["replicas"] == 1
    assert [s["metadata"]["name"] for s in kinds["Service"]] == ["portal-web"]
    assert [j["metadata"]["name"] for j in kinds["Job"]] == ["portal-migrate"]
    assert {"ConfigMap", "Secret", "Route"} <= set(kinds)


def test_web_probes_hit_the_portals_health_endpoints():
    web = next(d for d in _by_kind()["Deployment"] if d["metadata"]["name"] == "portal-web")
    container = _containers(web)[0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"/readyz", "/healthz"} <= set(PROBES)


def test_every_container_has_resource_requests_and_limits_and_runs_as_non_root():
    for kind in ("Deployment", "Job"):
        for doc in _by_kind()[kind]:
            assert doc["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
            for container in _containers(doc):
                assert {"cpu", "memory"} <= set(container["resources"]["requests"])
                assert {"cpu", "memory"} <= set(container["resources"]["limits"])


def test_every_pod_gets_the_config_and_the_secret():
    config = _by_kind()["ConfigMap"][0]["metadata"]["name"]
    secret = _by_kind()["Secret"][0]["metadata"]["name"]
    for kind in ("Deployment", "Job"):
        for doc in _by_kind()[kind]:
            for container in _containers(doc):
                refs = container["envFrom"]
                assert {"configMapRef": {"name": config}} in refs
                assert {"secretRef": {"name": secret}} in refs


def test_secret_example_names_every_secret_setting():
    secret = _by_kind()["Secret"][0]["stringData"]
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "METRICS_TOKEN"} <= set(
        secret
    )


def test_containerfile_is_multi_stage_non_root_and_collects_static():
    text = (DEPLOY / "Containerfile").read_text()
    assert text.count("FROM python:3.11-slim") == 2
    assert "COPY --from=build" in text
    assert "\nUSER 1001\n" in text
    assert "collectstatic --noinput" in text
    assert (
        'CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "portal.wsgi:application"]' in text
    )


def test_gunicorn_config_loads_and_serves_the_probe_port():
    namespace = {}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    assert namespace["bind"].endswith(":8000")
    assert namespace["workers"] >= 1
    web = next(d for d in _by_kind()["Deployment"] if d["metadata"]["name"] == "portal-web")
    assert _containers(web)[0]["ports"][0]["containerPort"] == 8000


def test_production_static_storage_collects_the_vendored_assets(settings, tmp_path):
    # What the Containerfile's collectstatic step does, with the production storage.
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.storage.PortalStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/htmx/htmx.min.js" in manifest
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
