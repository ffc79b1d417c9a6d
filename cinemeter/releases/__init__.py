"""Home-video editions of titles (and, to come, soundtrack albums), above the catalogue."""
