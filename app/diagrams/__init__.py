"""Diagrams of a schema model: automatic layout of table boxes, and their drawings (SVG and
Mermaid ``erDiagram`` text). Everything here is pure: a model and positions in, values out."""
