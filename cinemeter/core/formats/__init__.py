"""The site's own date formats per language (settings.FORMAT_MODULE_PATH), over Django's.

Both languages write the day before the month ("9 August 1996", "9 augustus 1996"); Dutch
abbreviates months in lower case ("9 okt 2024"), which Django's "M" would capitalise.
"""
