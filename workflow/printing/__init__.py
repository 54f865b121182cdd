"""Document contexts from rows, frozen signed-ready files, control reports (reads models, calls documents/)."""
