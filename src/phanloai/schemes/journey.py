"""Schemes: journey (being written)."""
