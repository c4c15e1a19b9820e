"""The demo: `make run`'s data (seed.py), and the walk through the workflow tests reuse.

Everything here goes through the real services and takes "now" from its caller.
"""
