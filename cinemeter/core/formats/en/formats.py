"""English: "9 August 1996", "9 Oct 2024", "9 Oct 2024, 20:15", "9 August 1996, 20:15"."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DATETIME_FORMAT = "j F Y, H:i"
