"""French formats as French typography writes them: "7 décembre 2026, 18 h 30".

Django's own French formats are kept for everything not named here. The first day of a
month, "1er", needs a rule no format string can say: `core.templatetags.dates`.
"""

# No-break spaces keep "18 h 30" on one line.
DATETIME_FORMAT = "j F Y, H\u00a0\\h\u00a0i"
TIME_FORMAT = "H\u00a0\\h\u00a0i"
