"""Deadlines as people write them: the grammar and the working calendar."""
