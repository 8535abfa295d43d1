"""The read API for the inspectorates' own systems and the public (docs/decisions/0010)."""
