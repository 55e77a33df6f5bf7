"""Issue 17's "done when" as one journey in a real browser, as new users would try it:

1. the Kasi Pemerintahan (staf_a, on a phone) ticks 14 of the 20 desa for March 2023 and attaches
   two LPJ scans to two desa, saving twice;
2. the camat opens the indicator's drill-down: the desa × month matrix has those 14 ticks in March;
3. the camat prints the laporan kinerja 2023 as PDF and as DOCX, with last year's column filled
   from a 2022 copied through the application's own ``salin_tahun`` (a few verified values);
4. the staf downloads their e-Kinerja sheet from Capaian saya and finds their own IKI rows in it;
5. the pemantau opens the kabupaten ranking, sorts the units by capaian and exports it to Excel.

The clock is not fixed: the journey works in 2023, a past year, where every month has begun
(``realisasi.kalender.bulan_terbuka``) and no rule closes it later; March is opened again by
deleting the demo's verified values, as tests/test_browser_desa.py does. Every wait is on a URL,
a download or an element, never a sleep.
"""

import io
import re
import subprocess
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook

from tests import peramban as peramban_
from tests.test_laporan_kinerja import PDFTOTEXT, teks_docx

pytestmark = [pytest.mark.browser]

# Last year's figures of "adminduk": 83 of 97 documents on time, each month of 2022.
TEPAT_2022, USULAN_2022 = Decimal(83), Decimal(97)


def rapi(teks: str) -> str:
    return " ".join(teks.replace("\u00a0", " ").split())


@pytest.fixture
def dunia_perjalanan(live_server, dunia_tx, settings, tmp_path):
    """The shared world, plus: the demo's per-desa form (as ``make run``), March of the Kasi
    Pemerintahan open again, and Ketapang 2022 copied from 2023 with a verified year of
    "adminduk". Returns the expected 2022 realisasi of that indicator as printed."""
    from iki.capaian import data as capaian
    from iki.inti import angka
    from iki.inti.perhitungan import Periode
    from iki.models import Indikator, Realisasi, TahunIKI, Variabel
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_desa_contoh
    from iki.set_iki.tahun import salin_tahun

    settings.MEDIA_ROOT = tmp_path
    t23 = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    muat_desa_contoh(ketapang_2023, t23)
    Realisasi.objects.filter(variabel__indikator__tahun=t23, variabel__pengisi__kode="kasi_pemerintahan",
                             bulan=3).delete()

    t22 = salin_tahun(t23, ke_tahun=2022)
    ind22 = Indikator.objects.get(tahun=t22, kode="adminduk")
    # Copied backwards, so no link: the two years' "adminduk" are the same indicator by its code.
    assert ind22.asal is None
    for kode, nilai in (("ktp_tepat", TEPAT_2022), ("ktp_usulan", USULAN_2022)):
        v = Variabel.objects.get(indikator=ind22, kode=kode)
        for bulan in range(1, 13):
            Realisasi.objects.create(variabel=v, bulan=bulan, nilai=nilai, status=Realisasi.DIVERIFIKASI)
    nilai_lalu = capaian.muat(t22).hasil(ind22.pk, Periode("tahun", 0)).nilai
    assert abs(nilai_lalu - TEPAT_2022 / USULAN_2022 * 100) < Decimal("0.01")
    return angka.format_ringkas(nilai_lalu)


def masuk(peramban, url: str, username: str, *, ponsel: bool = False):
    """A fresh browser (phone-sized for the staf) signed in through the login page."""
    ukuran = {"width": 390, "height": 844} if ponsel else {"width": 1366, "height": 900}
    page = peramban.new_context(viewport=ukuran, accept_downloads=True).new_page()
    page.set_default_timeout(30000)
    peramban_.masuk(page, url, username)
    return page


def teks_pdf(berkas) -> str:
    return rapi(subprocess.run([PDFTOTEXT, str(berkas), "-"], capture_output=True, check=True).stdout.decode())


def test_issue_17_journey_desa_ticks_matrix_laporan_kinerja_ekinerja_and_ranking(
    dunia_perjalanan, live_server, peramban, tmp_path
):
    from iki.models import BarisIKI, BuktiDukung, Desa, Indikator, Realisasi
    from tests.test_berkas import pdf_minimal

    url = live_server.url
    nilai_lalu = dunia_perjalanan

    # --- 1. The Kasi Pemerintahan ticks 14 of 20 desa for March and attaches two LPJ scans. ---------
    staf = masuk(peramban, url, "staf_a", ponsel=True)
    url_maret = f"{url}/realisasi/ketapang/2023/3/"
    staf.goto(url_maret)
    kartu = staf.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
    assert kartu.locator("input.centang-desa").count() == 20
    desa = list(Desa.objects.filter(unit__kode="ketapang").order_by("urutan"))
    for d in desa[:14]:
        kartu.get_by_label(d.nama, exact=True).check()
    assert kartu.locator("output.jumlah-desa").inner_text() == "14"
    assert "14 dari 20" in kartu.locator("output[data-a]").inner_text()

    for n, nama in enumerate(("Bunten Barat", "Ketapang Barat")):
        kartu = staf.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
        assert kartu.locator("input.centang-desa:checked").count() == 14
        if kartu.locator("details.bukti-entri").get_attribute("open") is None:
            kartu.locator("details.bukti-entri summary").click()
        kartu.get_by_label(re.compile("^Bukti untuk desa")).select_option(label=nama)
        scan = tmp_path / f"lpj-{nama.lower().replace(' ', '-')}.pdf"
        scan.write_bytes(pdf_minimal() + b"%" + str(n).encode() + b"\n")  # two different files
        kartu.locator("input[type=file]").set_input_files(str(scan))
        staf.get_by_role("button", name="Simpan draf").click()
        staf.wait_for_url(re.compile(re.escape(url_maret) + r"(#indikator-\d+)?$"))
        assert "dengan 1 berkas bukti dukung" in staf.get_by_role("alert").first.inner_text()

    r = Realisasi.objects.get(variabel__kode="desa_tertib_adm", variabel__indikator__tahun__unit__kode="ketapang",
                              variabel__indikator__tahun__tahun=2023, bulan=3)
    assert r.nilai == 14 and r.status == Realisasi.DRAFT
    assert set(r.desa_terpenuhi.values_list("desa_id", flat=True)) == {d.pk for d in desa[:14]}
    assert sorted(BuktiDukung.objects.filter(realisasi=r).values_list("desa__nama", flat=True)) == [
        "Bunten Barat", "Ketapang Barat"
    ]

    # --- 2. The camat's drill-down: the desa × month matrix with the 14 ticks in March. -----------
    camat = masuk(peramban, url, "camat_a")
    ind = Indikator.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode="desa_tertib")
    camat.goto(f"{url}/dasbor/ketapang/2023/")
    camat.goto(f"{url}/dasbor/ketapang/2023/indikator/{ind.pk}/")
    assert camat.get_by_role("heading", name="Per desa").is_visible()
    matriks = camat.locator("table.tabel-desa-bulan").first
    maret = [t.strip() for t in matriks.locator("tbody tr td:nth-child(4)").all_inner_texts()]  # Desa, Jan, Feb, Mar
    assert len(maret) == 20 and sum(1 for t in maret if t.startswith("✓")) == 14
    ditandai = {b.locator("th").inner_text().removesuffix("data contoh").strip()
                for b in matriks.locator("tbody tr").all()
                if b.locator("td:nth-child(4)").inner_text().strip().startswith("✓")}
    assert ditandai == {d.nama for d in desa[:14]}
    assert matriks.locator("tfoot td").nth(2).inner_text() == "14"

    # --- 3. The camat prints the laporan kinerja 2023: PDF and DOCX, last year's column filled. ----
    camat.goto(f"{url}/dasbor/ketapang/2023/")
    camat.get_by_role("link", name="Cetak laporan kinerja (PDF / DOCX)").click()
    camat.wait_for_url(f"{url}/dasbor/ketapang/2023/laporan/kinerja/cetak/")
    assert "Cetak Laporan Kinerja Tahunan 2023" in camat.locator("h1").inner_text()
    adminduk = Indikator.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode="adminduk").nama

    with camat.expect_download() as unduhan:
        camat.get_by_role("button", name="Unduh PDF").click()
    assert unduhan.value.suggested_filename == "laporan-kinerja-ketapang-2023-a4.pdf"
    pdf = tmp_path / "laporan-kinerja.pdf"
    unduhan.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    if PDFTOTEXT:
        teks = teks_pdf(pdf)
        assert "KANTOR KECAMATAN KETAPANG" in teks and "Realisasi tahun lalu" in teks
        # 2022's realisasi of "adminduk" (a figure no 2023 cell has: checked in the DOCX's row below).
        assert nilai_lalu in teks

    with camat.expect_download() as unduhan:
        camat.get_by_role("button", name="Unduh DOCX (dapat disunting)").click()
    assert unduhan.value.suggested_filename == "laporan-kinerja-ketapang-2023-a4.docx"
    berkas = tmp_path / "laporan-kinerja.docx"
    unduhan.value.save_as(berkas)
    dokumen = docx.Document(io.BytesIO(berkas.read_bytes()))  # opens
    assert "Realisasi tahun lalu" in teks_docx(berkas.read_bytes())
    baris_adminduk = next(
        [c.text for c in row.cells] for t in dokumen.tables for row in t.rows
        if any(c.text.strip() == adminduk for c in row.cells)
    )
    assert nilai_lalu in baris_adminduk, baris_adminduk
    assert teks_docx(berkas.read_bytes()).count(nilai_lalu) == 1

    # --- 4. The staf downloads their e-Kinerja sheet from Capaian saya. ---------------------------
    staf.get_by_role("button", name="Buka menu").click()
    staf.locator("#menu").get_by_role("link", name="Capaian saya").click()
    staf.wait_for_url(f"{url}/dasbor/ketapang/2023/saya/")
    with staf.expect_download() as unduhan:
        staf.get_by_role("link", name="Unduh e-Kinerja (Excel)").click()
    assert unduhan.value.suggested_filename == "ekinerja-198801012010011001-2023.xlsx"
    lembar = tmp_path / unduhan.value.suggested_filename
    unduhan.value.save_as(lembar)
    ws = load_workbook(lembar).active
    assert ws["B3"].value == "Staf A" and ws["B4"].value == "198801012010011001"
    judul = [c.value for c in ws[14]]
    assert judul[:5] == ["No", "Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Satuan"]
    assert "Realisasi TW I" in judul and "Realisasi TW IV" in judul
    miliknya = {  # the rows of their IKI as printed (a row may word its indicator its own way)
        b.nama_indikator for b in BarisIKI.objects.filter(
            jabatan__tahun__unit__kode="ketapang", jabatan__tahun__tahun=2023, jabatan__kode="kasi_pemerintahan"
        ).select_related("indikator")
    }
    di_lembar = {row[2] for row in ws.iter_rows(min_row=15, values_only=True) if row[2]}
    assert di_lembar == miliknya and len(miliknya) >= 5

    # --- 5. The pemantau sorts the units by capaian and exports the ranking. ---------------------
    pemantau = masuk(peramban, url, "pemantau")
    pemantau.goto(f"{url}/dasbor/kabupaten/")
    pemantau.get_by_role("link", name="Peringkat capaian unit kerja").click()
    pemantau.wait_for_url(re.compile(r".*/dasbor/kabupaten/sampang/2023/peringkat/.*"))
    pemantau.get_by_role("link", name=re.compile("^Capaian unit")).click()
    pemantau.wait_for_url(re.compile(r".*urut=-?capaian.*"))
    assert pemantau.locator("#peringkat-kabupaten th.kolom-capaian").get_attribute("aria-sort") in (
        "ascending", "descending"
    )
    unit_layar = [u.split(" data contoh")[0].strip()
                  for u in pemantau.locator("#peringkat-kabupaten tbody tr th").all_inner_texts()]
    assert unit_layar == ["Kecamatan Ketapang", "Kecamatan Banyuates"]  # without data: last
    capaian_ketapang = pemantau.locator('tr[data-unit="ketapang"] td.kolom-capaian').inner_text()
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}\s*%", capaian_ketapang.replace("\u00a0", " ").strip())

    with pemantau.expect_download() as unduhan:
        pemantau.get_by_role("link", name="Unduh Excel").click()
    xlsx = tmp_path / unduhan.value.suggested_filename
    unduhan.value.save_as(xlsx)
    assert xlsx.name.startswith("peringkat-sampang-2023-")
    baris = list(load_workbook(xlsx)["Peringkat"].iter_rows(min_row=6, values_only=True))
    assert [b[1] for b in baris] == unit_layar
    ketapang, banyuates = baris
    assert ketapang[0] == 1 and isinstance(ketapang[3], float)
    assert f"{ketapang[3]:.2f}".replace(".", ",") in capaian_ketapang
    assert banyuates[0] == "–" and banyuates[3] == "belum ada data"
