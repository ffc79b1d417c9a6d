"""The paste guard: is a long message mostly a copy of a text the site already knows?

`models` holds the fingerprint index (`TextFingerprint`, `TextBand`), `guard` the MinHash and
LSH code and the writes that keep the index in step with plots and messages.
"""
