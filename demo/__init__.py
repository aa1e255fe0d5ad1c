"""The demo campaigns `make run` serves: `manage.py load_demo`, allowed only with
GEOCONSULT_DEMO=1."""
