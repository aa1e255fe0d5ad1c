"""Django set-up shared by the benchmark scripts, run from the repository root."""

import os
import secrets
import sys
from pathlib import Path

# The checkout to set up: this one, or another one a script measures (warm_tile_cpu.py --tree).
sys.path.insert(0, os.environ.get("BENCH_TREE") or str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoconsult.settings")
# Generating and exporting large datasets runs past the web's query timeouts.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
os.environ.setdefault("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT", "0")
# The servers the benchmarks start run with DEBUG off, which refuses the public default key
# and console e-mails (geoconsult/production.py): a throwaway key, e-mails kept in memory.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()
