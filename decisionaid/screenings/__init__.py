"""Saved screenings: the store (SQLite or PostgreSQL), its audit trail, and recording walks."""
