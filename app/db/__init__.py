"""Database access: embedded server, bootstrap, engines and the per-request unit of work."""
