"""Saved screenings: the store, and starting, saving and resuming a screening."""
