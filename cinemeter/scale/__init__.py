"""Synthetic catalogues at MovieMeter's scale, for benchmarks: `manage.py generate_scale`."""
