"""The working year (issue 13, item 5): copying a year moves no one; every role's screens open on
the unit's working year until the operator declares another; a year switcher wherever a year is
shown; the kabupaten view opens on the latest year with entered data."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iki.models import Realisasi, TahunIKI, pilih_tahun_kerja
from iki.set_iki import tahun as kelola

pytestmark = pytest.mark.django_db


# --- The rule (pure) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keadaan", "harapan"),
    [
        ([], None),
        # (tahun, ditandai, berisi)
        ([(2023, False, True), (2024, False, False)], 2023),  # a copied, empty year never wins
        ([(2023, False, True), (2024, True, False)], 2024),  # the declared year wins
        ([(2023, True, True), (2024, False, True)], 2023),  # even over a later year with data
        ([(2023, False, True), (2024, False, True)], 2024),  # the latest with data
        ([(2025, False, False), (2026, False, False)], 2026),  # none with data: this year
        ([(2026, False, False), (2027, False, False)], 2026),  # … not a future one
        ([(2026, False, True), (2027, False, True)], 2026),  # a fixed future year moves no one
        ([(2027, False, False)], 2027),  # only a future year: that one
    ],
)
def test_the_working_year_rule(keadaan, harapan):
    assert pilih_tahun_kerja(keadaan, tahun_ini=2026) == harapan


# --- Helpers ------------------------------------------------------------------------------------


@pytest.fixture
def tahun_2024(dunia):
    """Ketapang 2023 copied to 2024 by the operator, as the office does in December."""
    return kelola.salin_tahun(dunia.tahun_a, ke_tahun=2024, user=dunia.user("operator_a"))


def _kembalikan_satu(dunia):
    """One of the staf's November values returned by the verifier with a note."""
    r = Realisasi.objects.get(
        variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_usulan", bulan=11
    )
    r.status, r.catatan_verifikasi = Realisasi.DIKEMBALIKAN, "Jumlah usulan belum sesuai register."
    r.save()
    return r


def _tahun_di_layar(client, nama_url) -> int:
    """The year the menu's entry ``nama_url`` opens on (its redirect's path)."""
    respons = client.get(reverse(nama_url))
    assert respons.status_code == 302, respons
    tahun = [int(b) for b in respons["Location"].split("/") if b.isdigit() and len(b) == 4]
    return tahun[0]


def _jadikan(client, tahun_iki, dari_tahun):
    return client.post(
        reverse("set_iki_tahun_kerja", args=[tahun_iki.unit.kode, tahun_iki.tahun]), {"dari_tahun": dari_tahun}
    )


# --- Copying moves no one ---------------------------------------------------------------------------


def test_copying_leaves_the_staf_on_2023_with_the_returned_value_in_view(masuk, dunia, tahun_2024):
    _kembalikan_satu(dunia)
    c = masuk("staf_a")
    beranda = c.get("/").content.decode()
    assert "Tahun 2023" in beranda and "Tahun 2024" not in beranda
    assert "Jumlah usulan belum sesuai register." in beranda
    assert _tahun_di_layar(c, "entri_bulan_ini") == 2023
    entri = c.get(c.get(reverse("entri_bulan_ini"))["Location"]).content.decode()
    assert "Realisasi November 2023" in entri  # the earliest month owed: the returned one


def test_copying_leaves_the_verifier_on_2023_with_december_waiting(masuk, dunia, tahun_2024):
    c = masuk("verifikator_a")
    beranda = c.get("/").content.decode()
    assert "Tahun 2023" in beranda and "Desember" in beranda
    halaman = c.get(reverse("verifikasi_daftar")).content.decode()
    assert "Verifikasi realisasi 2023" in halaman
    assert "Desember" in halaman
    assert _tahun_di_layar(c, "dasbor_unit_terkini") == 2023


@pytest.mark.parametrize("username", ["operator_a", "camat_a"])
def test_copying_leaves_the_operator_and_camat_on_2023(masuk, dunia, tahun_2024, username):
    c = masuk(username)
    assert "Tahun 2023" in c.get("/").content.decode()
    for nama_url in ("dasbor_unit_terkini", "iki_unit_terkini", "dokumen_terkini"):
        assert _tahun_di_layar(c, nama_url) == 2023, nama_url
    if username == "operator_a":
        assert _tahun_di_layar(c, "entri_bulan_ini") == 2023
        assert _tahun_di_layar(c, "excel_terkini") == 2023
        assert "Verifikasi realisasi 2023" in c.get(reverse("verifikasi_daftar")).content.decode()


def test_copying_leaves_the_ikm_home_on_2023(masuk, dunia, tahun_2024):
    assert masuk("staf_a").get(reverse("ikm_terkini"))["Location"] == reverse("ikm_tahun", args=["ketapang", 2023])


def test_copying_leaves_the_pemantau_on_2023(masuk, dunia, tahun_2024):
    c = masuk("pemantau")
    assert c.get(reverse("dasbor_kabupaten_terkini"))["Location"] == reverse(
        "dasbor_kabupaten", args=["sampang", 2023]
    )
    daftar = c.get(reverse("daftar_unit")).content.decode()
    assert reverse("dasbor_unit", args=["ketapang", 2023]) in daftar
    assert reverse("dasbor_unit", args=["ketapang", 2024]) not in daftar


def test_the_copy_message_says_everyone_stays(masuk, dunia):
    c = masuk("operator_a")
    respons = c.post(reverse("dokumen_salin", args=["ketapang", 2023]), {"ke_tahun": "2024"}, follow=True)
    teks = respons.content.decode()
    assert "tetap dibuka pada tahun kerja 2023" in teks
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True).exists()


# --- Jadikan tahun kerja --------------------------------------------------------------------------


def test_the_confirm_page_names_what_is_still_open_in_the_old_year(masuk, dunia, tahun_2024):
    _kembalikan_satu(dunia)
    halaman = masuk("operator_a").get(reverse("set_iki_tahun_kerja", args=["ketapang", 2024])).content.decode()
    assert "Saat ini semua orang bekerja pada tahun" in halaman and "2023" in halaman
    assert "Bulan belum terverifikasi: November, Desember" in halaman
    assert "nilai menunggu verifikasi" in halaman
    assert "1 nilai dikembalikan dan belum diperbaiki" in halaman
    assert not TahunIKI.objects.get(pk=tahun_2024.pk).tahun_kerja  # a GET changes nothing


def test_after_jadikan_tahun_kerja_everyone_opens_on_2024(masuk, dunia, tahun_2024):
    c = masuk("operator_a")
    respons = _jadikan(c, tahun_2024, 2023)
    assert respons["Location"] == reverse("dokumen_pratinjau", args=["ketapang", 2024])
    pesan = c.get(respons["Location"]).content.decode()
    assert "Tahun 2024 sekarang tahun kerja" in pesan
    assert "Tahun 2023 masih terbuka: bulan belum terverifikasi: Desember" in pesan  # warned, not blocked
    assert list(TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True).values_list("tahun", flat=True)) == [2024]
    riwayat = TahunIKI.history.filter(id=tahun_2024.pk).order_by("-history_date").first()
    assert riwayat.tahun_kerja and riwayat.history_user.username == "operator_a"

    for username in ("staf_a", "verifikator_a", "operator_a", "camat_a"):
        c = masuk(username)
        assert "Tahun 2024" in c.get("/").content.decode(), username
        if username != "staf_a":
            assert _tahun_di_layar(c, "dasbor_unit_terkini") == 2024, username
    c = masuk("staf_a")
    assert _tahun_di_layar(c, "entri_bulan_ini") == 2024
    assert "Verifikasi realisasi 2024" in masuk("verifikator_a").get(reverse("verifikasi_daftar")).content.decode()


def test_the_flag_stays_one_per_unit_and_moves_back(masuk, dunia, tahun_2024):
    c = masuk("operator_a")
    _jadikan(c, tahun_2024, 2023)
    _jadikan(c, dunia.tahun_a, 2024)
    ditandai = TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True)
    assert list(ditandai.values_list("tahun", flat=True)) == [2023]
    lama = TahunIKI.history.filter(id=tahun_2024.pk).order_by("-history_date").first()
    assert lama.tahun_kerja is False  # the cleared flag is in the history too


def test_a_stale_confirmation_is_refused_showing_the_current_year(masuk, dunia, tahun_2024):
    c = masuk("operator_a")
    kelola.salin_tahun(dunia.tahun_a, ke_tahun=2025)
    _jadikan(c, tahun_2024, 2023)  # someone else moved the unit to 2024 …
    tahun_2025 = TahunIKI.objects.get(unit=dunia.unit_a, tahun=2025)
    respons = _jadikan(c, tahun_2025, 2023)  # … while this page still said 2023
    teks = respons.content.decode()
    assert "baru saja diubah oleh pengguna lain menjadi 2024" in teks
    assert list(TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True).values_list("tahun", flat=True)) == [2024]


def test_declaring_the_working_year_again_is_refused_with_a_message(dunia, tahun_2024):
    kelola.jadikan_tahun_kerja(tahun_2024, user=dunia.user("operator_a"), dari_tahun=2023)
    with pytest.raises(ValidationError, match="sudah menjadi tahun kerja"):
        kelola.jadikan_tahun_kerja(tahun_2024, user=dunia.user("operator_a"), dari_tahun=2024)


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "camat_a", "pemantau"])
def test_other_roles_get_403_and_nothing_moves(masuk, dunia, tahun_2024, username):
    c = masuk(username)
    url = reverse("set_iki_tahun_kerja", args=["ketapang", 2024])
    assert c.get(url).status_code == 403
    respons = _jadikan(c, tahun_2024, 2023)
    assert respons.status_code == 403
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True).exists()


def test_another_units_operator_gets_404_and_nothing_moves(masuk, dunia, tahun_2024):
    respons = _jadikan(masuk("operator_b"), tahun_2024, 2023)
    assert respons.status_code == 404
    assert not TahunIKI.objects.filter(unit=dunia.unit_a, tahun_kerja=True).exists()


def test_the_set_and_document_pages_show_the_working_year(masuk, dunia, tahun_2024):
    c = masuk("operator_a")
    dok_2024 = c.get(reverse("dokumen_pratinjau", args=["ketapang", 2024])).content.decode()
    assert "Tahun kerja unit ini:" in dok_2024 and "Jadikan 2024 tahun kerja" in dok_2024
    set_2023 = c.get(reverse("iki_unit", args=["ketapang", 2023])).content.decode()
    assert "Semua layar unit ini dibuka pada tahun 2023" in set_2023
    # A reader sees the working year but not the action.
    camat = masuk("camat_a").get(reverse("dokumen_pratinjau", args=["ketapang", 2024])).content.decode()
    assert "Tahun kerja unit ini:" in camat and "Jadikan 2024 tahun kerja" not in camat


# --- The kabupaten view ---------------------------------------------------------------------------------


def test_the_kabupaten_view_opens_on_the_latest_year_with_data_not_an_empty_set(masuk, dunia, tahun_2024):
    # Banyuates has an empty 2025 set; Ketapang has data in 2023 only.
    TahunIKI.objects.create(unit=dunia.unit_b, tahun=2025)
    c = masuk("pemantau")
    assert c.get(reverse("dasbor_kabupaten_terkini"))["Location"] == reverse(
        "dasbor_kabupaten", args=["sampang", 2023]
    )


# --- The year switcher -------------------------------------------------------------------------------


LAYAR_BERTAHUN = [
    # (user, URL of the screen in 2023, URL of the same screen in 2024)
    ("camat_a", ("dasbor_unit", ["ketapang", 2023]), ("dasbor_unit", ["ketapang", 2024])),
    ("staf_a", ("entri_bulan", ["ketapang", 2023, 5]), ("entri_bulan", ["ketapang", 2024, 5])),
    ("staf_a", ("excel_unggah", ["ketapang", 2023]), ("excel_unggah", ["ketapang", 2024])),
    ("operator_a", ("iki_unit", ["ketapang", 2023]), ("iki_unit", ["ketapang", 2024])),
    ("operator_a", ("dokumen_pratinjau", ["ketapang", 2023]), ("dokumen_pratinjau", ["ketapang", 2024])),
    ("operator_a", ("ikm_tahun", ["ketapang", 2023]), ("ikm_tahun", ["ketapang", 2024])),
]


@pytest.mark.parametrize(("username", "layar", "lain"), LAYAR_BERTAHUN, ids=[b[1][0] for b in LAYAR_BERTAHUN])
def test_each_screen_with_a_year_shows_the_switcher_and_its_link_works(masuk, dunia, tahun_2024, username, layar, lain):
    c = masuk(username)
    halaman = c.get(reverse(layar[0], args=layar[1])).content.decode()
    assert 'aria-label="Pilih tahun"' in halaman
    url_lain = reverse(lain[0], args=lain[1])
    assert f'href="{url_lain}"' in halaman
    assert "tahun kerja" in halaman  # 2023 marked as the working year
    sana = c.get(url_lain)
    assert sana.status_code == 200
    assert 'aria-current="page" data-tahun="2024"' in sana.content.decode()


def test_the_verification_switcher_keeps_the_screen(masuk, dunia, tahun_2024):
    c = masuk("verifikator_a")
    halaman = c.get(reverse("verifikasi_daftar")).content.decode()
    assert 'href="/realisasi/verifikasi/?tahun=2024"' in halaman
    assert "Verifikasi realisasi 2024" in c.get("/realisasi/verifikasi/?tahun=2024").content.decode()


def test_the_presensi_switcher_keeps_the_screen(masuk, dunia, tahun_2024):
    c = masuk("operator_a")
    halaman = c.get(reverse("presensi_unit", args=["ketapang"]) + "?tahun=2023").content.decode()
    assert 'aria-label="Pilih tahun"' in halaman
    assert 'href="/presensi/ketapang/?tahun=2024"' in halaman


def test_the_drill_down_switcher_goes_to_the_same_indicator_of_the_other_year(masuk, dunia, tahun_2024):
    ind_2023 = dunia.tahun_a.indikator.get(kode="adminduk")
    ind_2024 = tahun_2024.indikator.get(kode="adminduk")
    c = masuk("camat_a")
    halaman = c.get(reverse("dasbor_indikator", args=["ketapang", 2023, ind_2023.pk])).content.decode()
    url_2024 = reverse("dasbor_indikator", args=["ketapang", 2024, ind_2024.pk])
    assert f'href="{url_2024}"' in halaman
    assert ind_2024.nama in c.get(url_2024).content.decode()


def test_open_work_counts_only_months_that_have_begun(dunia):
    terbuka = kelola.pekerjaan_terbuka(dunia.tahun_a, hari_ini=date(2023, 6, 15))
    assert terbuka.bulan_belum == []  # January–June verified in the demo; later months not begun
    assert not terbuka.dikembalikan


# --- The demo leaves work open for each role ---------------------------------------------------------


@pytest.fixture
def demo(dunia):
    """The demo as `make demo` loads it (the command and the demo accounts), over the test world."""
    from django.core.management import call_command

    call_command("muat_ketapang", stdout=StringIO())
    call_command("buat_pengguna_demo", stdout=StringIO())
    return dunia


def _hasil_setahun(tahun_iki):
    from iki.capaian import data as capaian
    from iki.inti.perhitungan import Periode

    data = capaian.muat(tahun_iki, tanggal_acuan=date(2026, 12, 5))
    return {pk: data.hasil(pk, Periode.dari_kode("tahun")).nilai for pk in data.indikator}


def test_the_demo_opens_work_without_changing_any_figure(dunia):
    from iki.set_iki import muat
    from iki.set_iki.data import ketapang_2023

    sebelum = _hasil_setahun(dunia.tahun_a)
    diubah = muat.buka_pekerjaan_contoh(ketapang_2023, dunia.tahun_a)
    assert _hasil_setahun(dunia.tahun_a) == sebelum
    status = {(r.variabel.kode, r.bulan): r.status for r in diubah}
    assert status[("ktp_usulan", 11)] == Realisasi.DIKEMBALIKAN
    assert status[("ktp_tepat", 12)] == Realisasi.DRAFT
    assert muat.buka_pekerjaan_contoh(ketapang_2023, dunia.tahun_a) == []  # loading again undoes no one's work


def test_the_demo_staf_has_a_month_to_submit_and_a_returned_value_to_correct(masuk, demo):
    c = masuk("staf")
    beranda = c.get("/").content.decode()
    assert "Tahun 2023" in beranda
    assert "Jumlah usulan November belum sama dengan buku register pelayanan" in beranda
    # The returned November value comes first with a link to its card; December's draft after it.
    dikembalikan = beranda.index('id="tugas-dikembalikan"')
    assert beranda.index(reverse("entri_bulan", args=["ketapang", 2023, 11]) + "#indikator-") > dikembalikan
    assert beranda.index("Isi Desember") > dikembalikan
    lokasi = c.get(reverse("entri_bulan_ini"))["Location"]
    assert lokasi == reverse("entri_bulan", args=["ketapang", 2023, 11])
    entri = c.get(lokasi).content.decode()
    assert "Dikembalikan" in entri and 'inputmode="numeric"' in entri  # the returned value can be changed
    desember = c.get(reverse("entri_bulan", args=["ketapang", 2023, 12])).content.decode()
    assert "Ajukan" in desember

    # 2023 is past, yet its months stay open for entry (late): the staf can submit December.
    respons = c.post(reverse("entri_bulan", args=["ketapang", 2023, 12]), _isian_form(desember, aksi="ajukan"))
    assert respons.status_code == 302
    status = Realisasi.objects.filter(
        variabel__indikator__tahun=demo.tahun_a, variabel__pengisi__kode="kasi_pemerintahan", bulan=12
    ).values_list("status", flat=True)
    assert set(status) == {Realisasi.DIAJUKAN}


def _isian_form(html: str, *, aksi: str) -> dict:
    """The entry form's fields as the page filled them (inputs and hidden versions), with ``aksi``."""
    import re

    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        nama = re.search(r'name="([^"]+)"', tag)
        if not nama or 'type="file"' in tag or 'type="checkbox"' in tag:
            continue
        nilai = re.search(r'value="([^"]*)"', tag)
        data[nama.group(1)] = nilai.group(1) if nilai else ""
    for nama, isi in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[nama] = isi
    data["aksi"] = aksi
    return data


def test_the_demo_verifier_has_december_waiting(masuk, demo):
    c = masuk("verifikator")
    halaman = c.get(reverse("verifikasi_daftar")).content.decode()
    assert "Verifikasi realisasi 2023" in halaman
    assert "Kepala Seksi Ketentraman dan Ketertiban" in halaman and "Desember" in halaman
    assert "Setujui" in halaman or "Verifikasi" in halaman
