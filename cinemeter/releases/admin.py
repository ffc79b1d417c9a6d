"""The releases app's admin, by concern: Django's autodiscovery imports this module."""

from cinemeter.releases.editions import admin as editions_admin

__all__ = ["editions_admin"]
