"""The releases app's admin, by concern: Django's autodiscovery imports this module."""

from cinemeter.releases.editions import admin as editions_admin
from cinemeter.releases.music import admin as music_admin

__all__ = ["editions_admin", "music_admin"]
