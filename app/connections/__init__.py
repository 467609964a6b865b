"""Live database connections: stored sealed, fenced, tested and introspected into the model."""
