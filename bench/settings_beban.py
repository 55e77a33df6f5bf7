"""Settings of the load test's app server (bench/bench_beban.py): the app's own settings, with a
URLconf that adds the bench-only bare table page. Never used in production: only the load test
starts gunicorn with ``DJANGO_SETTINGS_MODULE=bench.settings_beban``."""

from kecamatan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_beban"
