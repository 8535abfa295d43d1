"""The pages of an area's record: each reads through a selector and writes through a service."""
