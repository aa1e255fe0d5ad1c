"""Django set-up shared by the benchmark scripts, run from the repository root."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoconsult.settings")

import django

django.setup()
