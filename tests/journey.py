"""Tests bring addons to any state the way the demo data does: through the real services."""

from onboarding.demo.workflow import add_slo_with_data, bring_to, pass_gate, sign_off

__all__ = ["add_slo_with_data", "bring_to", "pass_gate", "sign_off"]
