"""Filtering levels, as the original's resources declare them (and its schema shows them)."""

ALL = 1  # any lookup on the field itself
ALL_WITH_RELATIONS = 2  # any lookup, and traversal into the related resource's filtering

# The HTTP methods every resource advertises (writes are refused anyway).
ADVERTISED_METHODS = ("get", "post", "put", "delete", "patch")
