"""A package whose templates directory PackageLoader tests read."""
