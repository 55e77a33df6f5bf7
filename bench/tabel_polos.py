"""The load test's bare page: the same tables as a unit's dashboard, rendered by a Django template
inside the same base page, with the same login, role and unit checks, but nothing computed.

The cells are the dashboard's own, read once from the real page by the load test and written to
the JSON file named by ``IKI_BEBAN_TABEL`` (``{"judul": …, "tabel": [[[cell, …], …], …]}``, a
cell being ``[text, title, class]``). Taking them from the page, not from the dashboard's code,
keeps the comparison fair whatever the dashboard does inside (a cache, another layout): the ratio
dashboard ÷ bare page is the cost of computing it.
"""

import json
import os
from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

from iki.umum import akses

TEMPLAT = """{% extends "base.html" %}
{% block judul %}{{ judul }}{% endblock %}
{% block isi %}<h1 class="h3 tabel-polos">{{ judul }}</h1>
{% for tabel in daftar_tabel %}<div class="table-responsive"><table class="table table-sm">
<tbody>{% for baris in tabel %}<tr>{% for teks, title, kelas in baris %}
<td class="{{ kelas }}" title="{{ title }}">{{ teks }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>
{% endfor %}{% endblock %}"""


@cache
def _templat():
    return engines["django"].from_string(TEMPLAT)


@cache
def _isi(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@require_GET
@akses.untuk("dasbor")
def tabel_polos(request, kode: str, tahun: int):
    akses.tahun_sah_atau_404(tahun)
    akses.tahun_atau_404(request.user, kode, tahun)
    isi = _isi(os.environ["IKI_BEBAN_TABEL"])
    return HttpResponse(_templat().render({"judul": isi["judul"], "daftar_tabel": isi["tabel"]}, request))
