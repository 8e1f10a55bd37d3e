"""Schemes: b2b (being written)."""
