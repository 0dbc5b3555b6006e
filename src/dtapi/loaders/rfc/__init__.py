"""RFC metadata: records and text cleaning, author matching, group index, the importer."""
