"""Exporting a canonical model back to text: SQL DDL per dialect, JSON and diagrams."""
