"""Schemes: clusters (being written)."""
