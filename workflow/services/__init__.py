"""Use cases: each takes a session inside the caller's transaction or opens its own."""
