"""Hostile GraphQL operations generated from the schema, and what must never come back.

Shared by the bounded fuzz test (tests/foundation/test_fuzz.py) and the longer run against a
real server (bench/fuzz.py): ``operations`` generates them, ``tenant`` seeds the data their
IDs point at, ``fuzzer`` sends them and judges the answers.
"""
