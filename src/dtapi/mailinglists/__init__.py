"""Mailing lists, subscriptions and allowlisted senders."""
