"""gunicorn settings for the web pods; every value can be overridden by its environment variable.

Sync workers suit the portal: short server-rendered requests, PostgreSQL as the only slow
dependency. Scale out with more replicas rather than many workers per pod.
"""

import os
import shutil

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the pod only
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never takes a pod down.
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn's documented setting for containers
accesslog = "-"
errorlog = "-"
# The OpenShift router terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = "*"


def on_starting(server):
    """Start each pod with an empty multiprocess metrics directory."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
