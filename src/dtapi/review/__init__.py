"""Review teams, requests, assignments and reviewer settings."""
