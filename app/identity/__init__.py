"""Identity: users, sessions, API keys, and who is calling."""
