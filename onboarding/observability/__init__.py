"""The portal's own metrics and health probes."""
