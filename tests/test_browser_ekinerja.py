"""A staf's journey to their e-Kinerja sheet, in a real browser on a phone-sized screen: sign in,
open Capaian saya from the menu, download the Excel sheet, and find their own IKI rows in it."""

import pytest
from openpyxl import load_workbook

from tests.peramban import dunia_hidup, masuk  # noqa: F401  (dunia_hidup: the live world fixture)

pytestmark = [pytest.mark.browser]


def test_a_staf_downloads_their_ekinerja_sheet_from_capaian_saya(dunia_hidup, peramban, django_db_blocker, tmp_path):  # noqa: F811
    from iki.models import BarisIKI

    with django_db_blocker.unblock():
        baris = list(
            BarisIKI.objects.filter(jabatan__tahun__unit__kode="ketapang", jabatan__tahun__tahun=2023,
                                    jabatan__kode="kasi_pemerintahan").select_related("indikator")
        )
    indikator = {b.nama_indikator for b in baris}

    url = dunia_hidup.url
    halaman = peramban.new_page(viewport={"width": 390, "height": 844}, accept_downloads=True)
    halaman.set_default_timeout(30000)
    masuk(halaman, url, "staf_a")

    # The menu folds on a phone: open it, then Capaian saya.
    halaman.get_by_role("button", name="Buka menu").click()
    halaman.locator("#menu").get_by_role("link", name="Capaian saya").click()
    halaman.wait_for_url(f"{url}/dasbor/ketapang/2023/saya/")

    with halaman.expect_download() as unduhan:
        halaman.get_by_role("link", name="Unduh e-Kinerja (Excel)").click()
    berkas = unduhan.value
    assert berkas.suggested_filename == "ekinerja-198801012010011001-2023.xlsx"
    tujuan = tmp_path / berkas.suggested_filename
    berkas.save_as(tujuan)

    ws = load_workbook(tujuan).active
    assert ws["B3"].value == "Staf A" and ws["B4"].value == "198801012010011001"
    kolom_indikator = {r[2] for r in ws.iter_rows(min_row=15, values_only=True) if r[2]}
    assert kolom_indikator == indikator and len(indikator) >= 5
    judul = [c.value for c in ws[14]]
    assert judul[:5] == ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Satuan"]
    assert "Realisasi TW IV" in judul
