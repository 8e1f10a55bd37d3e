"""Schemes: profile (being written)."""
