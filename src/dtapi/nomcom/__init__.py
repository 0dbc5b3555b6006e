"""Nominating committees: positions, nominees, feedback, volunteers."""
