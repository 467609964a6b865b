"""The Query and Mutation fields, one module per domain; ``graphql_schema.schema`` merges them."""
