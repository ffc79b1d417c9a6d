"""Dutch: "9 augustus 1996", "9 okt 2024", "9 okt 2024, 20:15", "9 augustus 1996, 20:15"."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
DATETIME_FORMAT = "j F Y, H:i"
