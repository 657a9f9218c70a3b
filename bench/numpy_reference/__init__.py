"""A reference implementation of the jimsim model in NumPy (see README.md here)."""
