"""The HTTP edge: middleware, the GraphQL endpoint and operational routes."""
