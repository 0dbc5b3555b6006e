"""dtapi: an open, wire-compatible implementation of the IETF Datatracker API."""

__version__ = "0.1.0"
