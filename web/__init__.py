"""HTTP layer: the GraphQL view, request limits and browser assets."""
