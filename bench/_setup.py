"""Django set-up shared by the benchmark scripts, run from the repository root."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoconsult.settings")
# Generating and exporting large datasets runs past the web's query timeouts.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
os.environ.setdefault("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", "0")

import django

django.setup()
