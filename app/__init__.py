"""Vizora API: the backend of a multi-tenant SaaS for understanding database schemas."""
