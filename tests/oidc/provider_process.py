"""Start the test OpenID Connect provider (tests/oidc/provider, npm's oidc-provider) on a
loopback port, and point the portal's OIDC settings at it."""

import shutil
import socket
import subprocess
from contextlib import contextmanager
from pathlib import Path

import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "portal"
CLIENT_SECRET = "portal-test-secret"  # noqa: S105 - the test provider's fixed client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _install():
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("The SSO tests need Node.js and npm: apt-get install nodejs npm")
    subprocess.run(  # noqa: S603 - fixed argv
        [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300
    )


@contextmanager
def running_provider(redirect_uri: str):
    """Yields the provider's discovery document; stops the provider afterwards."""
    _install()
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [shutil.which("node") or "node", "provider.mjs", str(port), redirect_uri],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        while line and not line.startswith("ready "):
            line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"The test OIDC provider did not start (exit {process.poll()}).")
        issuer = line.split()[1]
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
        yield discovery
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def configure(settings, discovery: dict, *, local_login: bool = True):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.OIDC_GROUP_ROLES = {
        "sres-architects": "SRES Architect",
        "service-owners": "Service Owner",
    }
    settings.LOCAL_LOGIN_ENABLED = local_login
    settings.AUTHENTICATION_BACKENDS = [
        "onboarding.integrations.oidc.PortalOIDCBackend",
        *(["onboarding.auth_backends.PortalModelBackend"] if local_login else []),
    ]
