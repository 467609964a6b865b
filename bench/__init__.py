"""Benchmarks: measured, not asserted. See bench/README.md."""
