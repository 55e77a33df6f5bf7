"""The operator of a new unit, in a real browser, from no year at all to a fixed (ditetapkan) 2027
IKI set: create 2027 empty on the checklist, fill the unit's letterhead and one pegawai in the
admin, load the national holidays, watch each step turn selesai, and fix the set.

The first-day guide's superuser steps (kabupaten, unit, operator account) and the master data an
admin form would take many clicks for (jabatan with tugas, sasaran, an indicator with its variables,
its target, the assignment and the pegawai's account) are made through the ORM; the admin's own
forms are covered by tests/test_admin.py."""

from datetime import date
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


def _isi_set(tahun):
    from iki.models import (
        BarisIKI,
        Indikator,
        Jabatan,
        Pegawai,
        Pengguna,
        Penugasan,
        Sasaran,
        Target,
        UraianJabatan,
        Variabel,
    )

    j = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekretaris Kecamatan")
    UraianJabatan.objects.create(jabatan=j, jenis="tugas", urutan=1, teks="Membantu camat")
    s = Sasaran.objects.create(tahun=tahun, teks="Meningkatnya pelayanan surat")
    ind = Indikator.objects.create(tahun=tahun, kode="surat", nama="Persentase surat selesai",
                                  rumus="selesai / masuk * 100", sumber_data="Buku agenda")
    Variabel.objects.create(indikator=ind, kode="selesai", nama="Surat selesai", pengisi=j)
    Variabel.objects.create(indikator=ind, kode="masuk", nama="Surat masuk", pengisi=j)
    BarisIKI.objects.create(jabatan=j, sasaran=s, indikator=ind, urutan=1)
    Target.objects.create(indikator=ind, periode="tahun", nilai=Decimal("90"))
    pegawai = Pegawai.objects.get(nip="197502022001121002")
    Penugasan.objects.create(pegawai=pegawai, jabatan=j, mulai=date(2027, 1, 1))
    staf = Pengguna(username="sekcam_robatal", peran="staf", unit=tahun.unit, pegawai=pegawai)
    staf.set_password(PASSWORD)
    staf.save()


def _keadaan(page, kode):
    return page.locator(f"#langkah-{kode}").get_attribute("data-selesai")


def test_operator_of_a_new_unit_prepares_and_fixes_2027(dunia_hidup, peramban, django_db_blocker):
    from iki.models import HariLibur, TahunIKI

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
        _isi_set(tahun)

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
    from django.db import connections

    connections.close_all()
