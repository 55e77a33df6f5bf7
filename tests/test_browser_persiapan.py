"""Issue 13's "done when", in a real browser on a phone, with the clock on 3 February 2027: the
operator of a new unit follows the first-day guide to the checklist, creates 2027 empty, fills the
unit's letterhead and one pegawai in the admin, makes the indicator on its page in office notation
(``selesai : masuk x 100 %``), sets its target on the targets grid (``92,5``), loads the national
holidays, watches each step turn selesai and fixes the set; then the staf enters January 2027 and
submits it.

The first-day guide's superuser steps (kabupaten, unit, operator account) and the master data an
admin form would take many clicks for (jabatan with tugas, sasaran, the indicator's row in the
jabatan's IKI table, the assignment and the pegawai's account) are made through the ORM; the admin's
own forms are covered by tests/test_admin.py."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.conftest import PASSWORD, bangun_dunia

pytestmark = [pytest.mark.browser]


@pytest.fixture
def dunia_hidup(live_server, django_db_blocker):
    from iki.models import Pengguna

    with django_db_blocker.unblock():
        if not Pengguna.objects.filter(username="operator_a").exists():
            bangun_dunia()
    return live_server


def _unit_baru():
    from iki.models import Kabupaten, Pengguna, UnitKerja
    from iki.umum.akun import pastikan_grup_operator

    unit = UnitKerja.objects.create(
        kabupaten=Kabupaten.objects.get(kode="sampang"), kode="robatal", nama="Kantor Kecamatan Robatal",
        nama_wilayah="Kecamatan Robatal", jabatan_pimpinan="Camat Robatal",
    )
    operator = Pengguna(username="op_robatal", peran="operator", unit=unit, is_staff=True)
    operator.set_password(PASSWORD)
    operator.save()
    operator.groups.add(pastikan_grup_operator())
    return unit


def _jabatan_dan_pegawai(tahun):
    from iki.models import Jabatan, Pegawai, Pengguna, Penugasan, Sasaran, UraianJabatan

    j = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekretaris Kecamatan")
    UraianJabatan.objects.create(jabatan=j, jenis="tugas", urutan=1, teks="Membantu camat")
    Sasaran.objects.create(tahun=tahun, teks="Meningkatnya pelayanan surat")
    pegawai = Pegawai.objects.get(nip="197502022001121002")
    Penugasan.objects.create(pegawai=pegawai, jabatan=j, mulai=date(2027, 1, 1))
    staf = Pengguna(username="sekcam_robatal", peran="staf", unit=tahun.unit, pegawai=pegawai)
    staf.set_password(PASSWORD)
    staf.save()


def _baris_iki(tahun):
    """The indicator's row in the jabatan's IKI table (the indicator page does not place it)."""
    from iki.models import BarisIKI, Indikator

    BarisIKI.objects.create(jabatan=tahun.jabatan.get(), sasaran=tahun.sasaran.get(),
                            indikator=Indikator.objects.get(tahun=tahun, kode="surat"), urutan=1)


@pytest.fixture
def februari_2027(monkeypatch):
    """The clock on Wednesday 3 February 2027, 09.00 WIB, for the live server too (same process):
    January 2027 has ended and may be entered; March has not begun."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2027, 2, 3, 2, 0, tzinfo=UTC))


def _keadaan(page, kode):
    return page.locator(f"#langkah-{kode}").get_attribute("data-selesai")


def test_new_unit_prepares_fixes_2027_and_staf_enters_january(dunia_hidup, februari_2027, peramban,
                                                               django_db_blocker):
    from iki.models import HariLibur, Indikator, Realisasi, TahunIKI, Target

    with django_db_blocker.unblock():
        unit = _unit_baru()
    url = dunia_hidup.url
    page = peramban.new_page(viewport={"width": 390, "height": 844})
    page.set_default_timeout(30000)
    page.goto(f"{url}/masuk/")
    page.get_by_label("Nama pengguna").fill("op_robatal")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{url}/")

    # The help page leads to the checklist; a unit with no year starts with its data and the year.
    page.goto(f"{url}/bantuan/")
    page.locator("#langkah-hari-pertama li", has_text="Buat tahun IKI").get_by_role("link", name="Buka").click()
    page.wait_for_url(f"{url}/iki/robatal/persiapan/")
    assert _keadaan(page, "unit") == "tidak"
    assert "alamat, kode surat" in page.locator("#langkah-unit").inner_text()

    # 2027, empty.
    page.get_by_label("Tahun baru").fill("2027")
    page.get_by_label("Isi awal").select_option("kosong")
    page.get_by_role("button", name="Buat tahun").click()
    page.wait_for_url(f"{url}/iki/robatal/2027/persiapan/")
    assert "IKI tahun 2027 dibuat kosong" in page.content()
    for kode in ("unit", "jabatan", "indikator", "target", "penugasan", "akun", "libur", "penetapan"):
        assert _keadaan(page, kode) == "tidak", kode

    # The letterhead, in the admin the step links to.
    page.locator("#langkah-unit").get_by_role("link", name="Buka").click()
    page.get_by_label("Alamat").fill("Jl. Raya Robatal No. 2")
    page.get_by_label("Kode unit pada nomor surat").fill("434.513")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(f"{url}/pengaturan/iki/unitkerja/")
    # One pegawai through the admin.
    page.goto(f"{url}/pengaturan/iki/pegawai/add/")
    page.get_by_label("NIP").fill("197502022001121002")
    page.get_by_label("Nama lengkap dengan gelar").fill("Drs. Ahmad Robatal")
    page.locator("#id_unit").select_option(label="Kantor Kecamatan Robatal")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(f"{url}/pengaturan/iki/pegawai/")

    with django_db_blocker.unblock():
        tahun = TahunIKI.objects.get(unit=unit, tahun=2027)
        _jabatan_dan_pegawai(tahun)

    # The indicator on its own page, its formula in the office's notation, checked as typed.
    page.goto(f"{url}/iki/robatal/2027/persiapan/")
    page.locator("#langkah-indikator").get_by_role("link", name="Buka").click()
    page.get_by_role("link", name="Tambah indikator").click()
    page.locator("#id_kode").fill("surat")
    page.locator("#id_nama").fill("Persentase surat selesai")
    page.locator("#id_sumber_data").fill("Buku agenda")
    for i, (kode, nama) in enumerate([("selesai", "Surat selesai"), ("masuk", "Surat masuk")]):
        page.locator(f"#id_variabel-{i}-kode").fill(kode)
        page.locator(f"#id_variabel-{i}-nama").fill(nama)
        page.locator(f"#id_variabel-{i}-pengisi").select_option(index=1)
    page.locator("#id_rumus").press_sequentially("selesai : masuk x 100 %")
    page.locator("#rumus-periksa").get_by_text("Rumus dapat dihitung").wait_for()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("tersimpan").wait_for()
    with django_db_blocker.unblock():
        indikator = Indikator.objects.get(tahun=tahun, kode="surat")
        assert indikator.rumus == "selesai : masuk x 100 %"
        _baris_iki(tahun)

    # Its target on the grid, typed the Indonesian way.
    page.goto(f"{url}/iki/robatal/2027/persiapan/")
    assert _keadaan(page, "target") == "tidak"
    page.locator("#langkah-target").get_by_role("link", name="Buka").click()
    page.locator(f"input[name='t{indikator.pk}_tahun']").press_sequentially("92,5")
    page.get_by_role("button", name="Simpan semua target").click()
    page.wait_for_load_state()
    assert "1 target disimpan" in page.locator("main").inner_text()
    with django_db_blocker.unblock():
        assert Target.objects.get(indikator=indikator, periode="tahun").nilai == Decimal("92.5")

    page.goto(f"{url}/iki/robatal/2027/persiapan/")
    for kode in ("unit", "tahun", "jabatan", "penugasan", "indikator", "target", "akun"):
        assert _keadaan(page, kode) == "ya", (kode, page.locator(f"#langkah-{kode}").inner_text())
    assert _keadaan(page, "libur") == "tidak"

    # Holidays: review the shipped 2027 list and load it.
    page.locator("#langkah-libur").get_by_role("link", name="Buka").click()
    page.get_by_role("link", name="Muat daftar libur nasional 2027").click()
    assert page.locator("#peringatan-perkiraan").is_visible()
    page.get_by_role("button", name="Muat tanggal yang dicentang").click()
    page.wait_for_url(f"{url}/presensi/robatal/libur/2027/")
    assert "hari libur dan cuti bersama 2027 dimuat" in page.content()
    with django_db_blocker.unblock():
        assert HariLibur.objects.filter(unit=unit, tanggal=date(2027, 1, 1)).exists()
    page.goto(f"{url}/iki/robatal/2027/persiapan/")
    assert _keadaan(page, "libur") == "ya"

    # Penetapan: the decree, then fix the set from the document page.
    page.locator("#langkah-penetapan").get_by_role("link", name="Buka").click()
    page.get_by_role("link", name="Nomor & tanggal Keputusan").click()
    page.get_by_label("Nomor Keputusan").fill("188/1/KEP/434.513/2027")
    page.get_by_label("Tanggal Keputusan").fill("2027-01-04")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Tetapkan IKI 2027").click()
    assert "IKI tahun 2027 ditetapkan" in page.content()
    with django_db_blocker.unblock():
        tahun.refresh_from_db()
        assert tahun.status == "ditetapkan"
    page.goto(f"{url}/iki/robatal/2027/persiapan/")
    assert _keadaan(page, "penetapan") == "ya"

    # The staf: January 2027 is owed on the home page; enters, sees the result, submits.
    page.context.clear_cookies()
    page.goto(f"{url}/masuk/")
    page.get_by_label("Nama pengguna").fill("sekcam_robatal")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{url}/")
    page.get_by_role("link", name=re.compile(r"Isi Januari")).click()
    page.wait_for_url(f"{url}/realisasi/robatal/2027/1/")
    page.get_by_label("Surat selesai", exact=True).fill("45")
    page.get_by_label("Surat masuk", exact=True).fill("50")
    assert page.locator("section.kartu-indikator").locator("output").inner_text() == "45 dari 50 = 90,00\u00a0%"
    page.get_by_role("button", name="Ajukan ke verifikator").click()
    assert "diajukan ke verifikator" in page.get_by_role("alert").first.inner_text()
    with django_db_blocker.unblock():
        nilai = dict(Realisasi.objects.filter(variabel__indikator=indikator, bulan=1)
                     .values_list("variabel__kode", "nilai"))
        assert nilai == {"selesai": Decimal("45"), "masuk": Decimal("50")}
        assert set(Realisasi.objects.filter(variabel__indikator=indikator).values_list("status", flat=True)) == {
            Realisasi.DIAJUKAN}
    # March has not come: it cannot be entered.
    page.goto(f"{url}/realisasi/robatal/2027/3/")
    assert "Bulan Maret 2027 belum dimulai" in page.get_by_role("status").first.inner_text()
    assert not page.get_by_label("Surat selesai", exact=True).is_editable()
    assert page.get_by_role("button", name="Ajukan ke verifikator").count() == 0
    from django.db import connections

    connections.close_all()
