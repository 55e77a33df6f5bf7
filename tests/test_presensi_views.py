"""Presensi screens: the operator does everything, camat and pemantau read, others are refused."""

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import (
    AturanPotongan,
    BerkasPaket,
    BesaranTpp,
    HariLibur,
    PaketPresensi,
    Pegawai,
    PengaturanPresensi,
    PresensiBulan,
    RekapPresensi,
    SuratKeluar,
)
from iki.presensi import surat
from tests.test_surat import siapkan_mei_2023

pytestmark = pytest.mark.django_db

NIP_AHMAD = "198001012005011001"
NIP_SITI = "198502022010012002"


@pytest.fixture
def mei(dunia, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    bulan = siapkan_mei_2023(dunia.unit_a)
    libur = HariLibur.objects.get(unit=dunia.unit_a, tanggal=date(2023, 5, 1))
    aturan = AturanPotongan.objects.create(unit=dunia.unit_a, jenis="izin", persen=Decimal("1"))
    ahmad = Pegawai.objects.get(nip=NIP_AHMAD)
    paket = paket_tersimpan(bulan, date(2023, 6, 5))
    berkas = paket.berkas.get(jenis="pdf")

    class Mei:
        pass

    m = Mei()
    m.bulan, m.libur, m.aturan, m.ahmad, m.paket, m.berkas = bulan, libur, aturan, ahmad, paket, berkas
    return m


def paket_tersimpan(bulan, tanggal):
    """A package as buat_paket stores it, without rendering PDFs (fast); rendering is tested in test_surat."""
    from django.core.files.base import ContentFile

    s = surat.ambil_nomor(unit=bulan.unit, tanggal=tanggal, klasifikasi="800", hal="Permohonan", tujuan="BKPSDM")
    paket = PaketPresensi.objects.create(presensi=bulan, surat=s, jumlah_pegawai=4)
    for jenis, isi in (("pdf", b"%PDF-1.7 isi paket " + s.nomor.encode()), ("zip", b"PK\x05\x06" + b"\x00" * 18)):
        b = BerkasPaket(
            paket=paket,
            jenis=jenis,
            nama_unduh=f"paket-{s.nomor_urut}.{jenis}",
            jenis_konten="application/pdf" if jenis == "pdf" else "application/zip",
            ukuran=len(isi),
            sha256=hashlib.sha256(isi).hexdigest(),
        )
        b.berkas.save(f"paket.{jenis}", ContentFile(isi), save=False)
        b.save()
    return paket


def url(nama, m, **lain):
    """Every presensi URL of Ketapang, with the objects of the fixture filled in."""
    args = {
        "presensi_unit": ["ketapang"],
        "presensi_bulan": ["ketapang", 2023, 5],
        "presensi_impor": ["ketapang", 2023, 5],
        "presensi_rekap_pegawai": ["ketapang", 2023, 5, m.ahmad.pk],
        "presensi_paket_buat": ["ketapang", 2023, 5],
        "presensi_unduh": ["ketapang", m.berkas.pk],
        "presensi_pengaturan": ["ketapang"],
        "presensi_libur": ["ketapang", 2023],
        "presensi_libur_hapus": ["ketapang", m.libur.pk],
        "presensi_aturan": ["ketapang"],
        "presensi_aturan_hapus": ["ketapang", m.aturan.pk],
        "presensi_tpp": ["ketapang"],
        "presensi_surat": ["ketapang", 2023],
        "presensi_nomor_terakhir": ["ketapang", 2023],
    }[nama]
    return reverse(nama, args=args)


HALAMAN = [
    "presensi_unit",
    "presensi_bulan",
    "presensi_rekap_pegawai",
    "presensi_unduh",
    "presensi_pengaturan",
    "presensi_libur",
    "presensi_aturan",
    "presensi_tpp",
    "presensi_surat",
]
TULIS = [
    "presensi_impor",
    "presensi_rekap_pegawai",
    "presensi_paket_buat",
    "presensi_pengaturan",
    "presensi_libur",
    "presensi_libur_hapus",
    "presensi_aturan",
    "presensi_aturan_hapus",
    "presensi_tpp",
    "presensi_surat",
    "presensi_nomor_terakhir",
]


# --- Who may do what -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["operator_a", "camat_a", "pemantau"])
@pytest.mark.parametrize("nama", HALAMAN)
def test_operator_camat_and_pemantau_can_read(masuk, mei, username, nama):
    response = masuk(username).get(url(nama, mei))
    assert response.status_code == 200
    if nama == "presensi_unduh":
        assert hashlib.sha256(response.getvalue()).hexdigest() == mei.berkas.sha256
    else:
        assert f"<title>{JUDUL[nama]}" in response.content.decode()


# The start of each page's title: the page of this unit and month, not merely a page.
JUDUL = {
    "presensi_unit": "Presensi Kecamatan Ketapang ",
    "presensi_bulan": "Presensi Mei 2023 · Kecamatan Ketapang",
    "presensi_rekap_pegawai": "Rekap Ahmad Fauzi, S.Sos. Mei 2023",
    "presensi_pengaturan": "Pengaturan presensi · Kecamatan Ketapang",
    "presensi_libur": "Hari libur 2023 · Kecamatan Ketapang",
    "presensi_aturan": "Aturan potongan TPP · Kecamatan Ketapang",
    "presensi_tpp": "TPP dasar · Kecamatan Ketapang",
    "presensi_surat": "Agenda surat keluar 2023 · Kecamatan Ketapang",
}


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
@pytest.mark.parametrize("nama", HALAMAN)
def test_staf_and_verifikator_are_refused(masuk, mei, username, nama):
    assert masuk(username).get(url(nama, mei)).status_code == 403


@pytest.mark.parametrize("username", ["camat_a", "pemantau", "staf_a", "verifikator_a"])
@pytest.mark.parametrize("nama", TULIS)
def test_only_the_operator_writes(masuk, mei, username, nama):
    jumlah_libur = HariLibur.objects.count()
    assert (
        masuk(username).post(url(nama, mei), {"nomor": 999, "tanggal": "2023-05-17", "keterangan": "x"}).status_code
        == 403
    )
    assert HariLibur.objects.count() == jumlah_libur
    assert surat.nomor_terakhir(mei.bulan.unit, 2023) == 1


@pytest.mark.parametrize("nama", HALAMAN)
def test_another_units_operator_gets_404_on_pages(masuk, mei, nama):
    assert masuk("operator_b").get(url(nama, mei)).status_code == 404


@pytest.mark.parametrize("nama", TULIS)
def test_another_units_operator_gets_404_on_writes(masuk, mei, nama):
    assert masuk("operator_b").post(url(nama, mei), {"nomor": 999}).status_code == 404
    assert surat.nomor_terakhir(mei.bulan.unit, 2023) == 1


def test_another_units_file_is_404_under_its_own_unit_too(masuk, mei):
    kode_b = reverse("presensi_unduh", args=["banyuates", mei.berkas.pk])
    assert masuk("operator_b").get(kode_b).status_code == 404


@pytest.mark.parametrize(
    ("nama", "metode"),
    [
        ("presensi_impor", "get"),
        ("presensi_paket_buat", "get"),
        ("presensi_unduh", "post"),
        ("presensi_unit", "post"),
        ("presensi_bulan", "post"),
        ("presensi_pengaturan", "put"),
        ("presensi_libur_hapus", "get"),
        ("presensi_aturan_hapus", "get"),
        ("presensi_nomor_terakhir", "get"),
        ("presensi_surat", "delete"),
    ],
)
def test_wrong_method_is_405(masuk, mei, nama, metode):
    assert getattr(masuk("operator_a"), metode)(url(nama, mei)).status_code == 405


def test_anonymous_is_sent_to_login(client, mei):
    response = client.get(url("presensi_bulan", mei))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_home_sends_a_unit_user_to_their_unit_and_lists_units_for_pemantau(masuk):
    assert masuk("camat_a").get(reverse("presensi_beranda"))["Location"] == reverse("presensi_unit", args=["ketapang"])
    html = masuk("pemantau").get(reverse("presensi_beranda")).content.decode()
    assert "Kantor Kecamatan Ketapang" in html and "Kantor Kecamatan Banyuates" in html


def test_month_out_of_range_is_404(masuk):
    assert masuk("operator_a").get(reverse("presensi_bulan", args=["ketapang", 2023, 13])).status_code == 404


# --- Reading ---------------------------------------------------------------------------------------


def test_month_page_shows_the_recap_rincian_and_history(masuk, mei):
    html = masuk("camat_a").get(url("presensi_bulan", mei)).content.decode()
    assert '<span id="jumlah-hari-kerja">21</span>' in html
    assert "Ahmad Fauzi, S.Sos." in html and "Rp 2.500.000" in html and "Rp 1.234.567" in html
    assert "Rp 10.034.567" in html  # total base
    assert "800/1/434.512/2023" in html  # the package sent
    assert 'name="berkas"' not in html  # no import form for the camat
    assert "Buat paket" not in html


def test_without_rules_the_page_says_so_and_shows_no_deduction(masuk, mei):
    AturanPotongan.objects.all().delete()
    html = masuk("operator_a").get(url("presensi_bulan", mei)).content.decode()
    assert 'id="tanpa-aturan"' in html
    assert "TPP Diterima" not in html


def test_user_text_is_escaped(masuk, mei):
    Pegawai.objects.filter(pk=mei.ahmad.pk).update(nama="<script>alert(1)</script>")
    html = masuk("operator_a").get(url("presensi_bulan", mei)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_month_page_queries_do_not_grow_with_pegawai(masuk, mei):
    client = masuk("operator_a")
    client.get(url("presensi_bulan", mei))
    with CaptureQueriesContext(connection) as sedikit:
        client.get(url("presensi_bulan", mei))
    for i in range(15):
        p = Pegawai.objects.create(unit=mei.bulan.unit, nip=f"19910101201601{i:04d}", nama=f"Pegawai {i}")
        BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2023, berlaku_bulan=1, jumlah=1_000_000)
        RekapPresensi.objects.create(presensi=mei.bulan, pegawai=p, hari_kerja=21, hadir=21)
    Pegawai.objects.create(unit=mei.bulan.unit, nip="199202022017020001", nama="Belum direkap")
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(url("presensi_bulan", mei)).content.decode()
    assert "Pegawai 14" in html
    assert len(banyak) == len(sedikit)


def test_year_page_lists_months_and_packages_with_constant_queries(masuk, mei):
    client = masuk("operator_a")
    with CaptureQueriesContext(connection) as sedikit:
        html = client.get(url("presensi_unit", mei) + "?tahun=2023").content.decode()
    assert "800/1/434.512/2023" in html
    paket_tersimpan(mei.bulan, date(2023, 6, 6))
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(url("presensi_unit", mei) + "?tahun=2023").content.decode()
    assert "800/2/434.512/2023" in html
    assert len(banyak) == len(sedikit)


# --- Import ----------------------------------------------------------------------------------------


def unggah(client, m, isi: bytes, nama="mei.csv", **lain):
    return client.post(url("presensi_impor", m), {"berkas": SimpleUploadedFile(nama, isi, "text/csv"), **lain})


CSV_BAIK = (
    "NIP;Nama;Tanggal;Jam Masuk;Jam Pulang;Keterangan\n"
    f"{NIP_AHMAD};Ahmad;02/05/2023;07:45;16:00;\n"
    f"{NIP_AHMAD};Ahmad;03/05/2023;;;S\n"
    f"{NIP_SITI};Siti;02/05/2023;07:20;15:00;\n"
).encode("cp1252")


def test_operator_imports_a_csv_and_it_replaces_the_recap(masuk, mei):
    client = masuk("operator_a")
    response = unggah(client, mei, CSV_BAIK, ganti="on")
    assert response.status_code == 302
    rekap = {r.pegawai.nip: r for r in RekapPresensi.objects.filter(presensi=mei.bulan).select_related("pegawai")}
    assert set(rekap) == {NIP_AHMAD, NIP_SITI}
    assert (rekap[NIP_AHMAD].hadir, rekap[NIP_AHMAD].sakit, rekap[NIP_AHMAD].menit_terlambat) == (1, 1, [15])
    assert rekap[NIP_SITI].menit_pulang_cepat == [60]
    mei.bulan.refresh_from_db()
    assert (mei.bulan.sumber, mei.bulan.nama_berkas) == ("impor", "mei.csv")
    html = client.get(response["Location"]).content.decode()
    assert "2 pegawai dari 3 baris" in html
    assert "tidak ada dalam berkas" in html  # the camat and Moh. Hasan are not in the file


def test_importing_over_an_existing_recap_needs_confirmation(masuk, mei):
    response = unggah(masuk("operator_a"), mei, CSV_BAIK)
    assert response.status_code == 200
    assert "Centang kotak ini" in response.content.decode()
    assert RekapPresensi.objects.filter(presensi=mei.bulan).count() == 4


def test_a_bad_file_shows_every_located_error_and_saves_nothing(masuk, mei):
    sebelum = list(RekapPresensi.objects.filter(presensi=mei.bulan).values_list("pegawai_id", "hadir"))
    isi = (
        CSV_BAIK
        + b"199912312020121001;X;02/05/2023;07:00;16:00;\n"
        + f"{NIP_SITI};Siti;02/05/2023;08:00;16:00;\n".encode()
    )
    response = unggah(masuk("operator_a"), mei, isi, ganti="on")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Baris 5, kolom NIP: NIP 199912312020121001 tidak terdaftar" in html
    assert "Baris 6: Baris ganda: Siti Ma’rufah tanggal 2 Mei 2023 sudah ada di baris 4" in html
    assert "Tidak ada yang disimpan" in html
    assert list(RekapPresensi.objects.filter(presensi=mei.bulan).values_list("pegawai_id", "hadir")) == sebelum


def test_a_file_for_a_month_without_recap_creates_it(masuk, mei):
    isi = f"NIP,Tanggal,Jam Masuk,Jam Pulang\n{NIP_AHMAD},2023-06-05,07:30,16:00\n".encode()
    response = masuk("operator_a").post(
        reverse("presensi_impor", args=["ketapang", 2023, 6]), {"berkas": SimpleUploadedFile("juni.csv", isi)}
    )
    assert response.status_code == 302
    assert RekapPresensi.objects.get(presensi__bulan=6, pegawai=mei.ahmad).hadir == 1


def test_an_import_with_no_file_is_a_form_error(masuk, mei):
    response = masuk("operator_a").post(url("presensi_impor", mei), {"ganti": "on"})
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong" in response.content.decode()


# --- Manual recap ----------------------------------------------------------------------------------


def test_operator_keys_in_a_pegawai_month(masuk, mei):
    data = {
        "hadir": 18,
        "izin": 1,
        "sakit": 1,
        "cuti": 0,
        "dinas_luar": 0,
        "tanpa_keterangan": 1,
        "tidak_finger_masuk": 0,
        "tidak_finger_pulang": 1,
        "menit_terlambat": "5, 50",
        "menit_pulang_cepat": "",
        "catatan": "Tugas ke kabupaten",
    }
    response = masuk("operator_a").post(url("presensi_rekap_pegawai", mei), data)
    assert response.status_code == 302
    r = RekapPresensi.objects.get(presensi=mei.bulan, pegawai=mei.ahmad)
    assert (r.hadir, r.izin, r.tanpa_keterangan, r.menit_terlambat, r.catatan) == (
        18,
        1,
        1,
        [5, 50],
        "Tugas ke kabupaten",
    )
    assert r.tanggal_tidak_finger_pulang == ["2023-05-09"]  # the date known from before is kept
    assert r.history.first().history_user.username == "operator_a"


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"hadir": 20, "sakit": 2}, "melebihi 21 hari kerja"),
        ({"hadir": -1}, "lebih besar dari atau sama dengan 0"),
        ({"hadir": "dua"}, "Masukkan keseluruhan angka"),
        ({"hadir": 2, "tidak_finger_masuk": 3}, "melebihi hari hadir"),
        ({"menit_terlambat": "=1+1"}, "bilangan bulat positif"),
        ({"hadir": 10**9}, "lebih kecil dari atau sama dengan 31"),
    ],
)
def test_impossible_manual_recaps_are_refused(masuk, mei, ubah, pesan):
    data = {
        "hadir": 19,
        "izin": 0,
        "sakit": 0,
        "cuti": 0,
        "dinas_luar": 0,
        "tanpa_keterangan": 0,
        "tidak_finger_masuk": 0,
        "tidak_finger_pulang": 0,
        "menit_terlambat": "",
        "menit_pulang_cepat": "",
    }
    data.update(ubah)
    response = masuk("operator_a").post(url("presensi_rekap_pegawai", mei), data)
    assert response.status_code == 200
    assert pesan in response.content.decode()
    assert RekapPresensi.objects.get(presensi=mei.bulan, pegawai=mei.ahmad).hadir == 19  # unchanged from the fixture


def test_another_units_pegawai_is_404_in_the_manual_form(masuk, mei, dunia):
    lain = Pegawai.objects.create(unit=dunia.unit_b, nip="199505052019051005", nama="Pegawai Banyuates")
    response = masuk("operator_a").get(reverse("presensi_rekap_pegawai", args=["ketapang", 2023, 5, lain.pk]))
    assert response.status_code == 404


# --- A month that has not ended --------------------------------------------------------------------

HARI_INI = date(2026, 12, 5)


@pytest.fixture
def lima_desember_2026(monkeypatch):
    """Views ask ``timezone.localdate()`` for today: make it 5 December 2026 whatever the clock says."""
    from django.utils import timezone

    asli = timezone.localdate

    def localdate(value=None, timezone=None):
        return HARI_INI if value is None else asli(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def csv_hari(*tanggal: str) -> bytes:
    baris = "".join(f"{NIP_AHMAD};Ahmad;{t};07:30;16:00;\n" for t in tanggal)
    return ("NIP;Nama;Tanggal;Jam Masuk;Jam Pulang;Keterangan\n" + baris).encode()


def test_importing_a_month_that_has_not_come_is_refused_and_stores_nothing(masuk, mei, lima_desember_2026):
    response = masuk("operator_a").post(
        reverse("presensi_impor", args=["ketapang", 2027, 1]),
        {"berkas": SimpleUploadedFile("januari.csv", csv_hari("04/01/2027", "05/01/2027"))},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bulan Januari 2027 belum tiba (hari ini 5 Desember 2026)" in html
    assert "Tidak ada yang disimpan" in html
    assert not PresensiBulan.objects.filter(tahun=2027).exists()
    assert not RekapPresensi.objects.filter(presensi__tahun=2027).exists()


def test_importing_the_current_month_on_the_5th_counts_no_day_ahead_as_absent(masuk, mei, lima_desember_2026):
    isi = csv_hari("01/12/2026", "02/12/2026", "03/12/2026", "04/12/2026")
    response = masuk("operator_a").post(
        reverse("presensi_impor", args=["ketapang", 2026, 12]), {"berkas": SimpleUploadedFile("desember.csv", isi)}
    )
    html = response.content.decode()
    assert "Bulan Desember 2026 belum selesai (hari ini 5 Desember 2026)" in html
    assert "mulai 1 Januari 2027" in html
    assert not PresensiBulan.objects.filter(tahun=2026, bulan=12).exists()
    assert not RekapPresensi.objects.filter(presensi__tahun=2026, tanpa_keterangan__gt=0).exists()


@pytest.mark.parametrize(("tahun", "bulan", "pesan"), [(2027, 1, "belum tiba"), (2026, 12, "belum selesai")])
def test_the_manual_recap_of_a_month_that_has_not_ended_is_refused(masuk, mei, lima_desember_2026, tahun, bulan, pesan):
    alamat = reverse("presensi_rekap_pegawai", args=["ketapang", tahun, bulan, mei.ahmad.pk])
    client = masuk("operator_a")
    html = client.get(alamat).content.decode()
    assert pesan in html and 'name="hadir"' not in html
    data = {k: 0 for k in ("izin", "sakit", "cuti", "dinas_luar", "tidak_finger_masuk", "tidak_finger_pulang")}
    response = client.post(alamat, {**data, "hadir": 0, "tanpa_keterangan": 20, "menit_terlambat": ""})
    assert response.status_code == 200 and pesan in response.content.decode()
    assert not PresensiBulan.objects.filter(tahun=tahun, bulan=bulan).exists()
    assert not RekapPresensi.objects.filter(presensi__tahun=tahun, presensi__bulan=bulan).exists()


def test_the_month_screen_of_a_month_that_has_not_come_offers_no_entry(masuk, mei, lima_desember_2026):
    html = masuk("operator_a").get(reverse("presensi_bulan", args=["ketapang", 2027, 1])).content.decode()
    assert "Bulan Januari 2027 belum tiba (hari ini 5 Desember 2026)" in html
    assert 'name="berkas"' not in html  # no import form
    assert reverse("presensi_rekap_pegawai", args=["ketapang", 2027, 1, mei.ahmad.pk]) not in html  # no manual entry


def test_a_package_for_a_month_still_running_takes_no_number(masuk, mei, lima_desember_2026):
    """A recap of December stored before months were checked still cannot be sent on the 5th."""
    bulan = PresensiBulan.objects.create(unit=mei.bulan.unit, tahun=2026, bulan=12, hari_kerja=22)
    RekapPresensi.objects.create(presensi=bulan, pegawai=mei.ahmad, hari_kerja=22, hadir=4, tanpa_keterangan=18)
    response = masuk("operator_a").post(
        reverse("presensi_paket_buat", args=["ketapang", 2026, 12]),
        {"tanggal_surat": "2026-12-05", "klasifikasi": "800"},
    )
    assert response.status_code == 200
    assert "Bulan Desember 2026 belum selesai" in response.content.decode()
    assert not PaketPresensi.objects.filter(presensi=bulan).exists()
    assert surat.nomor_terakhir(mei.bulan.unit, 2026) == 0


# --- Package and history ---------------------------------------------------------------------------


def test_operator_generates_the_package_with_one_action(masuk, mei):
    response = masuk("operator_a").post(
        url("presensi_paket_buat", mei), {"tanggal_surat": "2023-06-07", "klasifikasi": "800"}
    )
    assert response.status_code == 302
    paket = PaketPresensi.objects.order_by("-id").first()
    assert paket.surat.nomor == "800/2/434.512/2023" and paket.surat.tanggal == date(2023, 6, 7)
    assert paket.berkas.count() == 2
    html = masuk("operator_a").get(response["Location"]).content.decode()
    assert "Nomor 800/2/434.512/2023" in html and "7 Juni 2023" in html


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        ({"tanggal_surat": "2023-04-30", "klasifikasi": "800"}, "tidak dapat bertanggal sebelum"),
        ({"tanggal_surat": "bukan tanggal", "klasifikasi": "800"}, "tanggal"),
        ({"tanggal_surat": "2023-06-05", "klasifikasi": "<b>"}, "Kode klasifikasi"),
    ],
)
def test_bad_package_input_takes_no_number(masuk, mei, data, pesan):
    response = masuk("operator_a").post(url("presensi_paket_buat", mei), data)
    assert response.status_code == 200 and pesan in response.content.decode()
    assert surat.nomor_terakhir(mei.bulan.unit, 2023) == 1


def test_a_month_without_recap_cannot_make_a_package(masuk, mei):
    response = masuk("operator_a").post(
        reverse("presensi_paket_buat", args=["ketapang", 2023, 7]),
        {"tanggal_surat": "2023-08-05", "klasifikasi": "800"},
    )
    assert response.status_code == 200 and "masih kosong" in response.content.decode()
    assert not SuratKeluar.objects.filter(tahun=2023, tanggal__month=8).exists()


def test_download_is_the_stored_file_byte_for_byte_and_never_regenerated(masuk, mei, monkeypatch):
    tersimpan = Path(mei.berkas.berkas.path).read_bytes()
    monkeypatch.setattr(surat, "dokumen_pdf", lambda *a, **k: pytest.fail("downloads must not render"))
    RekapPresensi.objects.filter(presensi=mei.bulan).update(catatan="berubah")
    for username in ("operator_a", "camat_a", "pemantau"):
        response = masuk(username).get(url("presensi_unduh", mei))
        assert response.status_code == 200
        assert response.content == tersimpan
        assert hashlib.sha256(response.content).hexdigest() == mei.berkas.sha256
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"] == f'attachment; filename="{mei.berkas.nama_unduh}"'


def test_a_tampered_file_is_not_served(masuk, mei):
    Path(mei.berkas.berkas.path).write_bytes(b"%PDF-1.7 palsu")
    response = masuk("camat_a").get(url("presensi_unduh", mei))
    assert response.status_code == 409 and "SHA-256 berbeda" in response.content.decode()


def test_a_missing_file_is_404(masuk, mei):
    Path(mei.berkas.berkas.path).unlink()
    assert masuk("camat_a").get(url("presensi_unduh", mei)).status_code == 404


# --- Settings, holidays, rules, TPP, register ------------------------------------------------------


def test_operator_sets_office_hours_and_cap(masuk, mei):
    data = {
        "jam_masuk": "07:30",
        "jam_pulang": "16:00",
        "jam_pulang_jumat": "11:00",
        "batas_potongan_persen": "46",
        "kode_klasifikasi": "800",
        "tempat_surat": "",
        "tujuan_surat": "",
        "tempat_tujuan": "",
    }
    assert masuk("operator_a").post(url("presensi_pengaturan", mei), data).status_code == 302
    p = PengaturanPresensi.objects.get(unit=mei.bulan.unit)
    assert p.batas_potongan_persen == Decimal("46") and str(p.jam_pulang_jumat) == "11:00:00"


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"jam_pulang": "07:00"}, "Jam pulang harus setelah jam masuk"),
        ({"batas_potongan_persen": "150"}, "100"),
        ({"batas_potongan_persen": "-1"}, "0"),
        ({"jam_masuk": "25:00"}, "waktu"),
    ],
)
def test_bad_settings_are_refused(masuk, mei, ubah, pesan):
    data = {"jam_masuk": "07:30", "jam_pulang": "16:00", "kode_klasifikasi": "800"}
    data.update(ubah)
    response = masuk("operator_a").post(url("presensi_pengaturan", mei), data)
    assert response.status_code == 200 and pesan in response.content.decode()
    assert not PengaturanPresensi.objects.filter(unit=mei.bulan.unit).exists()


def test_holidays_are_added_and_removed(masuk, mei):
    client = masuk("operator_a")
    assert (
        client.post(
            url("presensi_libur", mei), {"tanggal": "2023-06-01", "keterangan": "Hari Lahir Pancasila"}
        ).status_code
        == 302
    )
    assert HariLibur.objects.filter(unit=mei.bulan.unit, tanggal=date(2023, 6, 1)).exists()
    for tanggal, pesan in (
        ("2023-05-06", "Sabtu/Minggu"),
        ("2023-05-01", "sudah tercatat"),
        ("2024-01-01", "tahun 2023"),
    ):
        response = client.post(url("presensi_libur", mei), {"tanggal": tanggal, "keterangan": "x"})
        assert response.status_code == 200 and pesan in response.content.decode()
    assert client.post(url("presensi_libur_hapus", mei)).status_code == 302
    assert not HariLibur.objects.filter(pk=mei.libur.pk).exists()


def test_holidays_change_the_working_days_shown(masuk, mei):
    client = masuk("operator_a")
    client.post(url("presensi_libur", mei), {"tanggal": "2023-05-19", "keterangan": "Cuti bersama"})
    html = client.get(url("presensi_bulan", mei)).content.decode()
    assert '<span id="jumlah-hari-kerja">20</span>' in html
    assert "Rekap disimpan dengan 21 hari kerja" in html


def test_rules_are_added_and_overlaps_refused(masuk, mei):
    client = masuk("operator_a")
    assert (
        client.post(
            url("presensi_aturan", mei),
            {"jenis": "terlambat", "menit_dari": 1, "menit_sampai": 30, "persen": "0,5".replace(",", ".")},
        ).status_code
        == 302
    )
    response = client.post(
        url("presensi_aturan", mei), {"jenis": "terlambat", "menit_dari": 30, "menit_sampai": "", "persen": "1"}
    )
    assert response.status_code == 200 and "bertumpang tindih" in response.content.decode()
    response = client.post(url("presensi_aturan", mei), {"jenis": "tanpa_keterangan", "menit_dari": 5, "persen": "3"})
    assert "hanya untuk terlambat" in response.content.decode()
    response = client.post(url("presensi_aturan", mei), {"jenis": "izin", "persen": "2"})
    assert "hanya boleh ada satu" in response.content.decode()
    assert AturanPotongan.objects.filter(unit=mei.bulan.unit).count() == 2
    assert client.post(url("presensi_aturan_hapus", mei)).status_code == 302
    assert not AturanPotongan.objects.filter(pk=mei.aturan.pk).exists()


def test_another_units_rule_cannot_be_deleted(masuk, mei, dunia):
    lain = AturanPotongan.objects.create(unit=dunia.unit_b, jenis="izin", persen=Decimal("1"))
    assert masuk("operator_a").post(reverse("presensi_aturan_hapus", args=["ketapang", lain.pk])).status_code == 404
    assert AturanPotongan.objects.filter(pk=lain.pk).exists()


def test_operator_sets_base_tpp_from_a_month(masuk, mei):
    siti = Pegawai.objects.get(nip=NIP_SITI)
    data = {
        "berlaku_bulan": 6,
        "berlaku_tahun": 2023,
        f"tpp_{mei.ahmad.pk}": "2.750.000",
        f"tpp_{siti.pk}": "Rp 1.234.567",
    }
    response = masuk("operator_a").post(url("presensi_tpp", mei) + "?tahun=2023&bulan=6", data)
    assert response.status_code == 302
    assert BesaranTpp.objects.get(pegawai=mei.ahmad, berlaku_tahun=2023, berlaku_bulan=6).jumlah == 2_750_000
    assert not BesaranTpp.objects.filter(pegawai=siti, berlaku_bulan=6).exists()  # unchanged, nothing new
    assert surat.tpp_dasar_bulan([mei.ahmad.pk], 2023, 5) == {mei.ahmad.pk: Decimal("2500000")}


@pytest.mark.parametrize("nilai", ["-5", "abc", "1.5", "99999999999999", "=1+1"])
def test_bad_base_tpp_is_refused_and_nothing_saved(masuk, mei, nilai):
    jumlah = BesaranTpp.objects.count()
    data = {
        "berlaku_bulan": 6,
        "berlaku_tahun": 2023,
        f"tpp_{mei.ahmad.pk}": nilai,
        f"tpp_{Pegawai.objects.get(nip=NIP_SITI).pk}": "1.000.000",
    }
    assert masuk("operator_a").post(url("presensi_tpp", mei), data).status_code == 200
    assert BesaranTpp.objects.count() == jumlah


def test_register_takes_numbers_and_continues_from_paper(masuk, mei):
    client = masuk("operator_a")
    assert client.post(url("presensi_nomor_terakhir", mei), {"nomor": 120}).status_code == 302
    data = {"tanggal": "2023-06-10", "klasifikasi": "005", "hal": "Undangan rapat <b>", "tujuan": "Kepala Desa"}
    assert client.post(url("presensi_surat", mei), data).status_code == 302
    s = SuratKeluar.objects.get(hal="Undangan rapat <b>")
    assert s.nomor == "005/121/434.512/2023"
    html = client.get(url("presensi_surat", mei)).content.decode()
    assert "Undangan rapat &lt;b&gt;" in html and '<strong id="nomor-terakhir">121</strong>' in html
    client.post(url("presensi_nomor_terakhir", mei), {"nomor": 3})
    assert surat.nomor_terakhir(mei.bulan.unit, 2023) == 121
    response = client.post(url("presensi_surat", mei), {**data, "tanggal": "2024-01-02"})
    assert response.status_code == 200 and "tahun 2023" in response.content.decode()


def test_berkas_rows_keep_their_hash(mei):
    for b in BerkasPaket.objects.filter(paket=mei.paket):
        assert hashlib.sha256(Path(b.berkas.path).read_bytes()).hexdigest() == b.sha256
    assert PresensiBulan.objects.get(pk=mei.bulan.pk).paket.count() == 1
