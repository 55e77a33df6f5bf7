"""Persiapan tahun: the checklist of a unit's year (iki.set_iki.persiapan), its page, creating a
year empty or copied, and the penetapan refused while a required step is missing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iki.models import (
    BarisIKI,
    HariLibur,
    Indikator,
    Jabatan,
    Pegawai,
    Pengguna,
    Penugasan,
    Sasaran,
    TahunIKI,
    Target,
    UnitKerja,
    UraianJabatan,
    Variabel,
)
from iki.set_iki import persiapan
from iki.set_iki import tahun as kelola

pytestmark = pytest.mark.django_db

URL = "/iki/ketapang/2023/persiapan/"
URL_UNIT = "/iki/ketapang/persiapan/"


def langkah(tahun):
    return {lk.kode: lk for lk in persiapan.periksa(tahun)}


def siap_keputusan(tahun):
    tahun.nomor_keputusan = "188/1/KEP/434.512/2027"
    tahun.tanggal_keputusan = date(2027, 1, 4)
    tahun.save()
    return tahun


def isi_tahun(tahun, *, dengan_target=True, dengan_penugasan=True):
    """A small set that satisfies every step required for penetapan."""
    j = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekretaris Kecamatan")
    UraianJabatan.objects.create(jabatan=j, jenis="tugas", urutan=1, teks="Membantu camat")
    UraianJabatan.objects.create(jabatan=j, jenis="fungsi", urutan=1, teks="Koordinasi")
    s = Sasaran.objects.create(tahun=tahun, teks="Meningkatnya pelayanan")
    ind = Indikator.objects.create(tahun=tahun, kode="surat", nama="Persentase surat selesai",
                                  rumus="selesai / masuk * 100", sumber_data="Buku agenda")
    Variabel.objects.create(indikator=ind, kode="selesai", nama="Surat selesai", pengisi=j)
    Variabel.objects.create(indikator=ind, kode="masuk", nama="Surat masuk", pengisi=j)
    BarisIKI.objects.create(jabatan=j, sasaran=s, indikator=ind, urutan=1)
    if dengan_target:
        Target.objects.create(indikator=ind, periode="tahun", nilai=Decimal("90"))
    if dengan_penugasan:
        p = Pegawai.objects.create(unit=tahun.unit, nip="197001012000011001", nama="Pak Sekcam")
        Penugasan.objects.create(pegawai=p, jabatan=j, mulai=date(tahun.tahun, 1, 1))
    return j, ind


@pytest.fixture
def tahun_baru(dunia):
    return TahunIKI.objects.create(unit=dunia.unit_a, tahun=2027)


# --- The steps ------------------------------------------------------------------------------------


def test_an_empty_year_lists_what_is_missing_in_words(tahun_baru):
    lk = langkah(tahun_baru)
    assert lk["tahun"].selesai and lk["unit"].selesai  # the demo unit has its letterhead
    assert not lk["jabatan"].selesai and lk["jabatan"].pesan == "Belum ada jabatan."
    assert not lk["indikator"].selesai and "Belum ada sasaran." in lk["indikator"].pesan
    assert not lk["target"].selesai and not lk["libur"].selesai and not lk["penetapan"].selesai
    assert "Belum dapat ditetapkan" in lk["penetapan"].pesan
    assert lk["libur"].url == "/presensi/ketapang/libur/2027/"
    assert lk["jabatan"].url.endswith("/iki/jabatan/?tahun__tahun=2027")


def test_every_step_has_a_kind_and_the_required_ones_are_the_documents(tahun_baru):
    sifat = {lk.kode: lk.sifat for lk in persiapan.periksa(tahun_baru)}
    assert [k for k, s in sifat.items() if s == persiapan.PENETAPAN] == [
        "unit", "tahun", "jabatan", "indikator", "target", "penetapan"
    ]
    assert [k for k, s in sifat.items() if s == persiapan.PENGISIAN] == ["penugasan", "akun"]


def test_a_filled_year_turns_its_steps_done(tahun_baru):
    isi_tahun(tahun_baru)
    lk = langkah(tahun_baru)
    for kode in ("jabatan", "penugasan", "indikator", "target"):
        assert lk[kode].selesai, (kode, lk[kode].pesan)
    assert not lk["akun"].selesai and "Pak Sekcam" in lk["akun"].pesan
    Pengguna.objects.create(username="sekcam27", peran="verifikator", unit=tahun_baru.unit,
                            pegawai=Pegawai.objects.get(nip="197001012000011001"))
    HariLibur.objects.create(unit=tahun_baru.unit, tanggal=date(2027, 1, 1), keterangan="Tahun Baru")
    lk = langkah(tahun_baru)
    assert lk["akun"].selesai and lk["libur"].selesai
    assert lk["penetapan"].pesan == "Isi nomor Keputusan dan tanggal Keputusan, lalu tetapkan pada halaman Dokumen IKI."


@pytest.mark.parametrize(
    ("ubah", "kode", "pesan"),
    [
        (lambda j, ind: ind.target.all().delete(), "target", "Belum ada target tahunan: Persentase surat selesai."),
        (lambda j, ind: ind.variabel.filter(kode="masuk").update(pengisi=None), "indikator",
         "Belum ada jabatan pengisi untuk: Surat masuk."),
        (lambda j, ind: Indikator.objects.filter(pk=ind.pk).update(rumus="selesai / keluar"), "indikator", "keluar"),
        (lambda j, ind: j.uraian.filter(jenis="tugas").delete(), "jabatan", "Tanpa tugas: Sekretaris Kecamatan."),
        (lambda j, ind: j.penugasan.update(mulai=date(2028, 1, 1)), "penugasan",
         "Jabatan tanpa pemegang pada 2027: Sekretaris Kecamatan."),
        (lambda j, ind: UnitKerja.objects.filter(pk=j.tahun.unit_id).update(alamat=""), "unit", "alamat"),
    ],
)
def test_what_is_wrong_is_said_in_the_step(tahun_baru, ubah, kode, pesan):
    j, ind = isi_tahun(tahun_baru)
    ubah(j, ind)
    lk = langkah(tahun_baru)[kode]
    assert not lk.selesai and pesan in lk.pesan


# --- Penetapan refused while a required step is missing ----------------------------------------------


def test_penetapan_is_refused_naming_the_missing_steps(tahun_baru, dunia):
    isi_tahun(siap_keputusan(tahun_baru), dengan_target=False)
    with pytest.raises(ValidationError) as e:
        kelola.tetapkan(tahun_baru, user=dunia.user("operator_a"))
    assert "Target setiap indikator" in e.value.messages[0]
    tahun_baru.refresh_from_db()
    assert tahun_baru.status == "draf"


def test_assignments_do_not_hold_the_penetapan_back(tahun_baru, dunia):
    isi_tahun(siap_keputusan(tahun_baru), dengan_penugasan=False)
    kelola.tetapkan(tahun_baru, user=dunia.user("operator_a"))
    tahun_baru.refresh_from_db()
    assert tahun_baru.status == "ditetapkan"
    assert langkah(tahun_baru)["penetapan"].selesai


def test_the_demo_year_satisfies_the_required_steps(dunia):
    assert persiapan.kurang_untuk_penetapan(dunia.tahun_a) == []


def test_fungsi_is_a_note_as_the_original_gives_the_kasi_only_tugas(tahun_baru):
    j, _ = isi_tahun(tahun_baru)
    j.uraian.filter(jenis="fungsi").delete()
    lk = langkah(tahun_baru)["jabatan"]
    assert lk.selesai and "Tanpa fungsi: Sekretaris Kecamatan." in lk.pesan


def test_the_document_screen_names_the_missing_steps(tahun_baru, masuk):
    isi_tahun(siap_keputusan(tahun_baru), dengan_target=False)
    html = masuk("operator_a").post("/dokumen/ketapang/2027/tetapkan/", follow=True).content.decode()
    assert "langkah persiapan yang belum selesai: Target setiap indikator." in html


# --- The page -------------------------------------------------------------------------------------


def test_operator_sees_each_step_with_its_state_and_link(dunia, masuk):
    html = masuk("operator_a").get(URL).content.decode()
    assert "Persiapan IKI Kecamatan Ketapang tahun 2023" in html
    assert 'id="langkah-target" data-selesai="ya"' in html
    assert 'id="langkah-libur" data-selesai="tidak"' in html
    assert "wajib sebelum penetapan" in html and "/presensi/ketapang/libur/2023/" in html


def test_camat_reads_the_checklist_without_the_buttons_to_change(masuk):
    html = masuk("camat_a").get(URL).content.decode()
    assert 'id="langkah-jabatan"' in html and "Buat tahun berikutnya" not in html
    assert masuk("camat_a").post(URL_UNIT, {"tahun": "2027", "sumber": "kosong"}).status_code == 403
    assert not TahunIKI.objects.filter(unit__kode="ketapang", tahun=2027).exists()


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a", "pemantau"])
def test_other_roles_are_refused(masuk, username):
    assert masuk(username).get(URL).status_code == 403
    assert masuk(username).get(URL_UNIT).status_code == 403


def test_another_units_operator_gets_404(masuk):
    assert masuk("operator_b").get(URL).status_code == 404
    assert masuk("operator_b").post(URL_UNIT, {"tahun": "2027", "sumber": "kosong"}).status_code == 404
    assert not TahunIKI.objects.filter(unit__kode="ketapang", tahun=2027).exists()


def test_the_menu_entry_opens_the_current_year(masuk):
    response = masuk("operator_a").get("/iki/persiapan/")
    assert response["Location"] == URL


def test_the_set_and_the_document_link_the_checklist(masuk):
    client = masuk("operator_a")
    assert URL in client.get("/iki/ketapang/2023/").content.decode()
    assert URL in client.get("/dokumen/ketapang/2023/").content.decode()
    assert URL not in masuk("staf_a").get("/iki/ketapang/2023/").content.decode()


# --- Creating a year ------------------------------------------------------------------------------


def test_operator_creates_an_empty_year(dunia, masuk):
    response = masuk("operator_a").post(URL_UNIT, {"tahun": "2027", "sumber": "kosong"}, follow=True)
    baru = TahunIKI.objects.get(unit=dunia.unit_a, tahun=2027)
    assert baru.status == "draf" and not baru.jabatan.exists() and not baru.tahun_kerja
    html = response.content.decode()
    assert "IKI tahun 2027 dibuat kosong" in html and 'id="langkah-jabatan" data-selesai="tidak"' in html


def test_operator_creates_a_year_copied_from_another(dunia, masuk):
    masuk("operator_a").post(URL_UNIT, {"tahun": "2024", "sumber": "2023"})
    baru = TahunIKI.objects.get(unit=dunia.unit_a, tahun=2024)
    assert baru.jabatan.count() == dunia.tahun_a.jabatan.count()


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"tahun": "2023", "sumber": "kosong"}, "Ketapang tahun 2023 sudah ada; tahun baru tidak dibuat"),
        ({"tahun": "2023", "sumber": "2023"}, "sudah ada; salinan tidak dibuat"),
        ({"tahun": "abc", "sumber": "kosong"}, "Masukkan keseluruhan angka"),
        ({"tahun": "1999", "sumber": "kosong"}, "2000"),
        ({"tahun": "2027", "sumber": "2019"}, "Masukkan pilihan yang valid"),
    ],
)
def test_a_year_that_cannot_be_made_is_refused_with_the_reason(dunia, masuk, data, pesan):
    jumlah = TahunIKI.objects.count()
    response = masuk("operator_a").post(URL_UNIT, data)
    html = response.content.decode()
    assert pesan in html, html[html.find("invalid-feedback") - 200:][:600]
    assert f'value="{data["tahun"]}"' in html
    assert TahunIKI.objects.count() == jumlah


def test_a_unit_without_a_year_shows_its_first_steps(dunia, client):
    unit = UnitKerja.objects.create(kabupaten=dunia.unit_a.kabupaten, kode="robatal", nama="Kantor Kecamatan Robatal",
                                    nama_wilayah="Kecamatan Robatal", jabatan_pimpinan="Camat Robatal")
    client.force_login(Pengguna.objects.create(username="op_robatal", peran="operator", unit=unit, is_staff=True))
    assert client.get("/iki/persiapan/")["Location"] == "/iki/robatal/persiapan/"
    html = client.get("/iki/robatal/persiapan/").content.decode()
    assert "belum memiliki tahun IKI" in html and 'id="langkah-unit" data-selesai="tidak"' in html
    assert "Buat tahun" in html and "Belum diisi: alamat, kode surat." in html


# --- Help -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["staf_a", "operator_a", "camat_a", "pemantau"])
def test_every_signed_in_user_reads_the_first_day_guide(masuk, username):
    html = masuk(username).get("/bantuan/").content.decode()
    assert "Hari pertama: dari basis data kosong sampai unit mengisi bulan pertamanya" in html
    assert ("/iki/persiapan/" in html) == (username == "operator_a")  # the steps of their menu


def test_the_guide_in_the_app_is_the_guide_in_the_readme():
    from pathlib import Path

    from django.conf import settings

    from iki.beranda import LANGKAH_HARI_PERTAMA

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    bagian = readme.split("## Hari pertama: dari basis data kosong sampai unit mengisi bulan pertamanya", 1)[1]
    for judul, _, _ in LANGKAH_HARI_PERTAMA:
        assert judul in bagian, judul
