"""Thin functions from GraphQL arguments to a service or loader call, one module per domain."""
