"""Document contexts built from rows (reads models, calls documents/)."""
