"""Tenancy: organizations, workspaces, members and roles."""
