"""Liaison statements, attachments, relations and events."""
