"""The lifecycle engine: lifecycle data, machines, fire(), guards, effects, permissions."""
