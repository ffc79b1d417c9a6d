"""Soundtrack albums: release groups, releases, media, tracks and recordings."""
