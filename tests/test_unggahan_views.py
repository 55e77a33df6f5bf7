"""Every damaged workbook uploaded to each of the four import screens: an answer in Indonesian,
never a server error, and nothing saved."""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from iki.ikm import hitung as ikm
from iki.models import Jabatan, PresensiBulan, Realisasi, RekapPresensi, TahunIKI
from iki.models.ikm import Kuesioner, SurveiIKM
from iki.realisasi.excel import tulis_workbook
from iki.set_iki import impor as impor_iki
from tests import workbook_rusak as rusak

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Layar:
    """One import screen: who uploads, a valid workbook for it, how it is sent, what saving changes."""

    nama: str
    pengguna: str
    buku: object  # (dunia) -> bytes
    kirim: object  # (client, dunia, berkas) -> response
    tersimpan: object  # (dunia, data_dir) -> anything that changes when something is saved or kept


def _berkas_disimpan(data_dir: Path) -> list[str]:
    """Uploads kept for a preview to be confirmed (realisasi and IKI set park them in storage)."""
    return sorted(str(p) for p in (data_dir / "media" / "parkir").rglob("*") if p.is_file())


def _survei(dunia) -> SurveiIKM:
    return SurveiIKM.objects.get_or_create(unit=dunia.unit_a, tahun=2023, jenis="tw", nomor=2)[0]


def _buku_realisasi(dunia) -> bytes:
    """The staf's May workbook, with May open again and one value filled in."""
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).delete()
    wb = load_workbook(io.BytesIO(tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 5)))
    wb["Mei"]["E2"] = 7
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _buku_presensi(dunia) -> bytes:
    return rusak.buku_contoh(
        ("Presensi", [["NIP", "Nama", "Tanggal", "Jam Masuk", "Jam Pulang"], ["198801012010011001", "Staf A",
                                                                                date(2023, 6, 5), "07:30", "16:00"]])
    )  # fmt: skip


def _buku_ikm(dunia) -> bytes:
    judul = ["No", "Tanggal", "Jenis Layanan", "Umur", "Jenis Kelamin", "Pendidikan", "Pekerjaan", *ikm.KODE_UNSUR]
    return rusak.buku_contoh(("Kuesioner", [judul, [1, date(2023, 4, 3), None, 30, "L", "SMA", "Swasta", *[4] * 9]]))


LAYAR = [
    Layar(
        "realisasi",
        "staf_a",
        _buku_realisasi,
        lambda client, dunia, berkas: client.post("/excel/ketapang/2023/unggah/", {"berkas": berkas}),
        lambda dunia, data_dir: (
            list(Realisasi.objects.order_by("pk").values_list("pk", "nilai", "versi")),
            _berkas_disimpan(data_dir),
        ),
    ),
    Layar(
        "set_iki",
        "operator_a",
        lambda dunia: impor_iki.tulis(dunia.tahun_a),
        lambda client, dunia, berkas: client.post("/dokumen/ketapang/impor/", {"tahun": "2024", "berkas": berkas}),
        lambda dunia, data_dir: (TahunIKI.objects.count(), Jabatan.objects.count(), _berkas_disimpan(data_dir)),
    ),
    Layar(
        "presensi",
        "operator_a",
        _buku_presensi,
        lambda client, dunia, berkas: client.post(
            "/presensi/ketapang/2023/6/impor/", {"berkas": berkas, "ganti": "on"}
        ),
        lambda dunia, data_dir: (PresensiBulan.objects.count(), RekapPresensi.objects.count()),
    ),
    Layar(
        "ikm",
        "operator_a",
        _buku_ikm,
        lambda client, dunia, berkas: client.post(f"/ikm/survei/{_survei(dunia).pk}/impor/", {"berkas": berkas}),
        lambda dunia, data_dir: Kuesioner.objects.count(),
    ),
]

# The attendance import also reads CSV: text named .xlsx is read as a table, and says what it misses.
PESAN_LAIN = {("presensi", "teks_biasa"): "Baris judul kolom tidak ditemukan"}


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def klien(client):
    client.raise_request_exception = False  # a crash is a 500 to assert on, like in production
    return client


@pytest.mark.parametrize("layar", LAYAR, ids=lambda x: x.nama)
@pytest.mark.parametrize(("kasus", "rusakkan", "pesan"), rusak.TABEL, ids=[t[0] for t in rusak.TABEL])
def test_a_damaged_workbook_gets_its_message_and_nothing_is_saved(
    klien, dunia, data_dir, layar, kasus, rusakkan, pesan
):
    klien.force_login(dunia.user(layar.pengguna), backend="django.contrib.auth.backends.ModelBackend")
    data = rusakkan(layar.buku(dunia))
    sebelum = layar.tersimpan(dunia, data_dir)
    response = layar.kirim(klien, dunia, SimpleUploadedFile("berkas.xlsx", data))
    assert response.status_code < 500
    assert PESAN_LAIN.get((layar.nama, kasus), pesan) in response.content.decode()
    assert layar.tersimpan(dunia, data_dir) == sebelum


@pytest.mark.parametrize("layar", LAYAR, ids=lambda x: x.nama)
def test_the_valid_workbook_of_each_screen_is_accepted(klien, dunia, data_dir, layar):
    """The control: the same screen, user and workbook, undamaged, is read to the end and
    saves (or keeps for the preview), so the test above sees a refusal and not a wrong setup."""
    klien.force_login(dunia.user(layar.pengguna), backend="django.contrib.auth.backends.ModelBackend")
    data = rusak.tulis_zip(rusak.bagian_dari(layar.buku(dunia)))  # the zip as the damaged ones are written
    sebelum = layar.tersimpan(dunia, data_dir)
    response = layar.kirim(klien, dunia, SimpleUploadedFile("berkas.xlsx", data))
    assert response.status_code in (200, 302)
    assert layar.tersimpan(dunia, data_dir) != sebelum
