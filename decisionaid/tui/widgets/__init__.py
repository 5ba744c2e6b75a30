"""Widgets for answering questions: choices, checklists, numbers."""
