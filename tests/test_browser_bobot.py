"""The entry page stays light on a phone: a page-weight budget in bytes (never in time), measured
as bench/bench_ponsel.py measures it (Playwright + Debian's chromium at 390 px, static files
collected and compressed by WhiteNoise as production serves them).

At the budget's making (December 2026) the first load was 45 KB (65 KB with Bootstrap's script,
332 KB before compression) and a repeat load 18 KB, the page itself.
"""

import pytest

from bench.bench_ponsel import BULAN, server_produksi, ukur_entri

pytestmark = [pytest.mark.browser]

ANGGARAN_PERTAMA_KB = 100
ANGGARAN_ULANG_KB = 40


def test_the_entry_page_on_a_phone_stays_within_its_byte_budget(dunia_tx, peramban):
    from iki.models import Realisasi

    Realisasi.objects.filter(variabel__indikator__tahun__unit__kode="ketapang", bulan=BULAN).delete()
    with server_produksi() as url_dasar:
        hasil = ukur_entri(peramban, url_dasar, f"/realisasi/ketapang/2023/{BULAN}/", "staf_a", lambat=False)
    pertama, ulang = hasil["pertama"], hasil["ulang"]
    assert (pertama["status"], ulang["status"]) == (200, 200)
    assert pertama["judul"].startswith("Realisasi Mei 2023")  # the entry page itself, not the login
    assert pertama["permintaan"] >= 4  # the page, its CSS and its scripts were all counted
    kb_pertama, kb_ulang = pertama["byte"] / 1024, ulang["byte"] / 1024
    assert kb_pertama <= ANGGARAN_PERTAMA_KB, f"muat pertama {kb_pertama:.1f} KB > {ANGGARAN_PERTAMA_KB} KB"
    # Again, only the page travels: the static files come from the cache (hashed names, long max-age).
    assert kb_ulang <= ANGGARAN_ULANG_KB, f"muat ulang {kb_ulang:.1f} KB > {ANGGARAN_ULANG_KB} KB"
    assert kb_ulang < kb_pertama / 2
