"""Home-video editions: a title's VHS, DVD, Blu-ray and 4K releases and their features."""
