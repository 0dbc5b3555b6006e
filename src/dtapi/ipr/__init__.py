"""IPR disclosures, their documents, relations and events."""
