"""Per-desa data in a real browser (issue 17): the Kasi Pemerintahan ticks 14 of the 20 desa for
March, attaches two LPJ scans to two desa, saves; the camat's drill-down shows the desa × month
matrix with 14 ticks in March."""

import re

import pytest

from tests.peramban import masuk

pytestmark = [
    pytest.mark.browser,
]


@pytest.fixture
def halaman(live_server, dunia_tx, settings, tmp_path, peramban):
    from iki.models import Realisasi, TahunIKI, UnitKerja
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_desa_contoh

    settings.MEDIA_ROOT = tmp_path
    unit = UnitKerja.objects.get(kode="ketapang")
    muat_desa_contoh(ketapang_2023, TahunIKI.objects.get(unit=unit, tahun=2023))  # as the demo command
    # March is open again: the demo year has it verified.
    Realisasi.objects.filter(variabel__indikator__tahun__unit=unit, variabel__pengisi__kode="kasi_pemerintahan",
                             bulan=3).delete()
    page = peramban.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.set_default_timeout(15000)
    yield page


def test_kasi_pemerintahan_ticks_14_of_20_desa_attaches_two_lpj_scans_and_the_matrix_shows_them(
    halaman, live_server, tmp_path
):
    from iki.models import BuktiDukung, Desa, Indikator, Realisasi
    from tests.test_berkas import pdf_minimal

    page = halaman
    url_maret = f"{live_server.url}/realisasi/ketapang/2023/3/"
    masuk(page, live_server, "staf_a")
    page.goto(url_maret)
    kartu = page.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
    kotak = kartu.locator("input.centang-desa")
    assert kotak.count() == 20
    desa = list(Desa.objects.filter(unit__kode="ketapang").order_by("urutan"))
    for d in desa[:14]:
        kartu.get_by_label(d.nama, exact=True).check()
    assert kartu.locator("output.jumlah-desa").inner_text() == "14"
    assert "14 dari 20" in kartu.locator("output[data-a]").inner_text()

    # The first LPJ scan, for Bunten Barat, saved with the ticks.
    kartu.locator("details.bukti-entri summary").click()
    kartu.get_by_label(re.compile("^Bukti untuk desa")).select_option(label="Bunten Barat")
    scan = tmp_path / "lpj-bunten-barat.pdf"
    scan.write_bytes(pdf_minimal())
    kartu.locator("input[type=file]").set_input_files(str(scan))
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(re.escape(url_maret) + r"(#indikator-\d+)?$"))
    assert "Draf Maret 2023 disimpan, dengan 1 berkas bukti dukung" in page.get_by_role("alert").first.inner_text()

    # The second, for Ketapang Barat.
    kartu = page.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
    assert kartu.locator("input.centang-desa:checked").count() == 14
    if not kartu.locator("details.bukti-entri").get_attribute("open") == "":
        kartu.locator("details.bukti-entri summary").click()
    kartu.get_by_label(re.compile("^Bukti untuk desa")).select_option(label="Ketapang Barat")
    scan2 = tmp_path / "lpj-ketapang-barat.pdf"
    scan2.write_bytes(pdf_minimal() + b"%kedua\n")
    kartu.locator("input[type=file]").set_input_files(str(scan2))
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(re.escape(url_maret) + r"(#indikator-\d+)?$"))
    assert "dengan 1 berkas bukti dukung" in page.get_by_role("alert").first.inner_text()

    r = Realisasi.objects.get(variabel__kode="desa_tertib_adm", variabel__indikator__tahun__unit__kode="ketapang",
                              bulan=3)
    assert r.nilai == 14 and r.desa_terpenuhi.count() == 14
    assert sorted(BuktiDukung.objects.filter(realisasi=r).values_list("desa__nama", flat=True)) == [
        "Bunten Barat", "Ketapang Barat"
    ]

    # The camat opens the indicator: March has 14 ticks in the matrix.
    masuk(page, live_server, "camat_a")
    i = Indikator.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode="desa_tertib")
    page.goto(f"{live_server.url}/dasbor/ketapang/2023/indikator/{i.pk}/")
    matriks = page.locator("table.tabel-desa-bulan").first
    assert matriks.is_visible()
    maret = matriks.locator("tbody tr td:nth-child(4)")  # Desa, Jan, Feb, Mar
    tanda = [t.strip() for t in maret.all_inner_texts()]
    assert sum(1 for t in tanda if t.startswith("✓")) == 14
    assert matriks.locator("tfoot td").nth(2).inner_text() == "14"
    assert page.get_by_role("heading", name="Per desa").is_visible()


def test_a_session_that_ended_gives_the_ticked_desa_back_after_login(halaman, live_server):
    """The ticks of a per-desa checklist are kept in the browser like typed counts: a session that
    ended on the server while the staf ticked gives them back after login, with the count."""
    from django.contrib.sessions.models import Session

    from iki.models import Desa, Realisasi

    page = halaman
    url_maret = f"{live_server.url}/realisasi/ketapang/2023/3/"
    masuk(page, live_server, "staf_a")
    page.goto(url_maret)
    kartu = page.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
    desa = list(Desa.objects.filter(unit__kode="ketapang").order_by("urutan"))
    for d in desa[:3]:
        kartu.get_by_label(d.nama, exact=True).check()
    Session.objects.all().delete()  # the session ends on the server while the staf ticks

    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(re.compile(r".*/masuk/\?next=.*"))
    assert not Realisasi.objects.filter(variabel__kode="desa_tertib_adm", bulan=3,
                                        variabel__indikator__tahun__unit__kode="ketapang").exists()
    masuk(page, live_server, "staf_a")
    page.goto(url_maret)
    assert page.locator("#isian-dipulihkan").is_visible()
    kartu = page.locator("section.kartu-indikator", has_text="desa yang tertib administrasi")
    assert [kartu.get_by_label(d.nama, exact=True).is_checked() for d in desa[:4]] == [True, True, True, False]
    assert kartu.locator("output.jumlah-desa").inner_text() == "3"
