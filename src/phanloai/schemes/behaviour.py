"""Schemes: behaviour (being written)."""
