"""Schemes: rfm (being written)."""
