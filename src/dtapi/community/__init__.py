"""Community document lists, search rules and email subscriptions."""
