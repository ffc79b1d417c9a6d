"""Template context shared by every page."""

from django.http import HttpRequest

from cinemeter.core.counters import counters_read


def site_counters(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never show the counters never read them.
    return {"site_counters": counters_read}
