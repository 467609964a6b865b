"""Strawberry types, inputs and payloads, one module per domain, assembled in ``schema.py``."""
