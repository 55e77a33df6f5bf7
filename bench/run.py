"""Run every benchmark under bench/ and print one JSON line per figure.

Each ``bench/bench_*.py`` has ``run() -> list[dict]`` returning figures as
``{"name": ..., "value": ..., "unit": ...}``; ``bench/run.py ponsel dasbor`` runs only those.
Benchmarks run against a throw-away SQLite
database (or DATABASE_URL when set), never the development database.
"""

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="iki-bench-")
    os.environ.setdefault("IKI_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kecamatan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection

    nama_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("migrate", verbosity=0)
        dipilih = sys.argv[1:]
        for path in sorted((ROOT / "bench").glob("bench_*.py")):
            if dipilih and path.stem.removeprefix("bench_") not in dipilih:
                continue
            modul = importlib.import_module(f"bench.{path.stem}")
            for figure in modul.run():
                print(json.dumps(figure), flush=True)
    finally:
        connection.creation.destroy_test_db(nama_db, verbosity=0)


if __name__ == "__main__":
    main()
