"""The catalogue's pages that other apps add to, as panels (`cinemeter.core.panels`).

`title.py` and `person.py` each hold the page's subject (what the page is about, loaded only
when a panel that misses the cache needs it), the selectors of the catalogue's own panels and
their registration, called from `CatalogConfig.ready()`. Other apps register their panels for
the same pages in their own `ready()`.
"""
