"""The three case worlds. Each module exposes ``generate(params, n, rng) -> World``."""
