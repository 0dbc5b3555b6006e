"""Synthetic benchmark data at the real Datatracker's size (``dtapi bench-data``)."""
