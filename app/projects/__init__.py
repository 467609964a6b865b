"""Projects: a database schema a team works on, with its settings and history."""
