"""Prometheus: its HTTP API, PromQL checks and recording-rule names."""
