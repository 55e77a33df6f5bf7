"""Files in storage and their rows: the daily sweep of files no row references, and the restore
check of rows whose file is missing (iki.umum.penyimpanan, manage.py bersihkan_berkas)."""

import hashlib
import io
import os
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from iki.models import (
    BerkasPaket,
    BuktiDukung,
    PaketPresensi,
    Pengguna,
    PresensiBulan,
    Realisasi,
    SuratKeluar,
    UnitKerja,
    Variabel,
)
from iki.umum.penyimpanan import bersihkan_berkas, periksa_penyimpanan
from tests.test_berkas import pdf_minimal

DUA_HARI = 2 * 24 * 3600


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def berkas_di(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in Path(media).rglob("*") if p.is_file())


def tua(media, nama, detik=DUA_HARI):
    """Make a stored file look written ``detik`` seconds ago."""
    lama = time.time() - detik
    os.utime(Path(media) / nama, (lama, lama))


def yatim(media, nama, isi=b"%PDF-1.4 yatim"):
    """A file no row references, as a killed worker leaves it."""
    jalur = Path(media) / nama
    jalur.parent.mkdir(parents=True, exist_ok=True)
    jalur.write_bytes(isi)
    return nama


def realisasi_staf():
    variabel = Variabel.objects.get(indikator__tahun__unit__kode="ketapang", indikator__tahun__tahun=2023,
                                    kode="ktp_tepat")
    r, _ = Realisasi.objects.update_or_create(
        variabel=variabel, bulan=10, defaults={"nilai": Decimal(3), "status": Realisasi.DRAFT}
    )
    return r


def bukti_baru(realisasi, isi=None) -> BuktiDukung:
    isi = isi or pdf_minimal()
    bukti = BuktiDukung(
        realisasi=realisasi,
        nama_asli="laporan.pdf",
        jenis_konten="application/pdf",
        ukuran=len(isi),
        sha256=hashlib.sha256(isi).hexdigest(),
        diunggah_oleh=Pengguna.objects.get(username="staf_a"),
    )
    bukti.berkas.save("x.pdf", ContentFile(isi), save=True)
    return bukti


def berkas_paket_baru(unit) -> BerkasPaket:
    bulan = PresensiBulan.objects.create(unit=unit, tahun=2023, bulan=5, hari_kerja=21)
    surat = SuratKeluar.objects.create(
        unit=unit, tahun=2023, nomor_urut=1, klasifikasi="800", nomor="800/1/2023", tanggal=date(2023, 6, 5),
        hal="Uji", tujuan="BKPSDM",
    )
    paket = PaketPresensi.objects.create(presensi=bulan, surat=surat, jumlah_pegawai=0)
    berkas = BerkasPaket(
        paket=paket, jenis=BerkasPaket.ZIP, nama_unduh="paket.zip", jenis_konten="application/zip", ukuran=3,
        sha256="0" * 64,
    )
    berkas.berkas.save("paket.zip", ContentFile(b"zip"), save=True)
    return berkas


def jalankan(*args) -> str:
    keluaran = io.StringIO()
    call_command("bersihkan_berkas", *args, stdout=keluaran)
    return keluaran.getvalue()


# --- The sweep --------------------------------------------------------------------------------


def test_the_sweep_removes_old_files_no_row_references_and_keeps_the_rest(dunia, media):
    bukti = bukti_baru(realisasi_staf())
    paket = berkas_paket_baru(dunia.unit_a)
    tua(media, bukti.berkas.name)
    tua(media, paket.berkas.name)
    lama_bukti = yatim(media, "bukti/2023/05/0123456789abcdef0123456789abcdef.pdf")
    lama_paket = yatim(media, "presensi/ketapang/2023/05/fedcba9876543210fedcba9876543210.zip")
    tua(media, lama_bukti)
    tua(media, lama_paket)
    muda = yatim(media, "bukti/2023/06/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pdf")  # an upload in progress
    lain = yatim(media, "catatan-operator.txt")  # outside the folders the app owns
    tua(media, lain)

    keluaran = jalankan()

    assert berkas_di(media) == sorted([bukti.berkas.name, paket.berkas.name, muda, lain])
    assert f"Dihapus: {lama_bukti}" in keluaran and f"Dihapus: {lama_paket}" in keluaran
    assert "2 berkas tanpa baris dihapus" in keluaran
    assert "1 berkas tanpa baris berumur kurang dari 1 hari dibiarkan" in keluaran
    # Idempotent: a second run finds nothing more to remove.
    assert "0 berkas tanpa baris dihapus" in jalankan()
    assert berkas_di(media) == sorted([bukti.berkas.name, paket.berkas.name, muda, lain])


def test_a_dry_run_says_what_it_would_remove_and_removes_nothing(dunia, media):
    lama = yatim(media, "bukti/2023/05/0123456789abcdef0123456789abcdef.pdf")
    tua(media, lama)
    keluaran = jalankan("--dry-run")
    assert f"Akan dihapus: {lama}" in keluaran
    assert "tidak ada berkas yang dihapus" in keluaran
    assert berkas_di(media) == [lama]


def test_the_grace_period_is_at_least_a_day(dunia, media):
    lama = yatim(media, "bukti/2023/05/0123456789abcdef0123456789abcdef.pdf")
    tua(media, lama, detik=3 * 24 * 3600)
    with pytest.raises(CommandError, match="paling sedikit 1"):
        jalankan("--tenggang-hari", "0")
    assert "1 berkas tanpa baris berumur kurang dari 4 hari dibiarkan" in jalankan("--tenggang-hari", "4")
    assert berkas_di(media) == [lama]
    jalankan("--tenggang-hari", "2")
    assert berkas_di(media) == []


def test_the_sweep_with_no_media_folder_yet_removes_nothing(dunia, media):
    assert "0 berkas tanpa baris dihapus" in jalankan()


def test_the_sweep_takes_now_as_an_argument(dunia, media):
    nama = yatim(media, "bukti/2023/05/0123456789abcdef0123456789abcdef.pdf")
    sekarang = timezone.now()
    assert bersihkan_berkas(sekarang=sekarang).dihapus == []
    assert bersihkan_berkas(sekarang=sekarang + timedelta(days=2), coba=True).dihapus == [nama]
    assert berkas_di(media) == [nama]
    assert bersihkan_berkas(sekarang=sekarang + timedelta(days=2)).dihapus == [nama]
    assert berkas_di(media) == []


# --- Deleting rows leaves the file to the sweep ----------------------------------------------


def test_deleting_evidence_keeps_its_file_until_the_sweep(dunia, media, django_capture_on_commit_callbacks):
    from iki.realisasi.bukti import hapus_bukti

    bukti = bukti_baru(realisasi_staf())
    nama = bukti.berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        hapus_bukti(bukti=bukti)
    assert not BuktiDukung.objects.exists()
    # A backup running now (pg_dump, then tar) still finds the file of the row it dumped.
    assert berkas_di(media) == [nama]
    bersihkan_berkas(sekarang=timezone.now() + timedelta(days=2))
    assert berkas_di(media) == []


def test_a_cascade_from_a_deleted_realisasi_leaves_the_files_to_the_sweep(dunia, media):
    realisasi = realisasi_staf()
    pertama = bukti_baru(realisasi).berkas.name
    kedua = bukti_baru(realisasi, pdf_minimal() + b"\n").berkas.name
    realisasi.delete()
    assert not BuktiDukung.objects.exists()
    assert berkas_di(media) == sorted([pertama, kedua])
    assert sorted(bersihkan_berkas(sekarang=timezone.now() + timedelta(days=2)).dihapus) == sorted([pertama, kedua])
    assert berkas_di(media) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection reading while one writes")
def test_a_deletion_not_yet_committed_keeps_its_file(dunia_tx, media):
    realisasi = realisasi_staf()
    bukti = bukti_baru(realisasi)
    tua(media, bukti.berkas.name)
    dihapus, lanjut, gagal = threading.Event(), threading.Event(), []

    def hapus_lalu_tunggu():
        try:
            with transaction.atomic():
                BuktiDukung.objects.filter(pk=bukti.pk).delete()
                dihapus.set()
                lanjut.wait(30)
        except BaseException as e:  # noqa: BLE001 - reported below
            gagal.append(e)
        finally:
            connection.close()

    benang = threading.Thread(target=hapus_lalu_tunggu)
    benang.start()
    try:
        assert dihapus.wait(30)
        assert bersihkan_berkas(sekarang=timezone.now()).dihapus == []  # the row still stands for everyone else
        assert berkas_di(media) == [bukti.berkas.name]
    finally:
        lanjut.set()
        benang.join(30)
    assert gagal == []
    assert bersihkan_berkas(sekarang=timezone.now()).dihapus == [bukti.berkas.name]
    assert berkas_di(media) == []


# --- The restore check ------------------------------------------------------------------------


def test_the_check_lists_rows_whose_file_is_missing_and_fails(dunia, media):
    ada = bukti_baru(realisasi_staf())
    hilang = bukti_baru(realisasi_staf(), pdf_minimal() + b"\n")
    paket = berkas_paket_baru(UnitKerja.objects.get(kode="ketapang"))
    (Path(media) / hilang.berkas.name).unlink()
    (Path(media) / paket.berkas.name).unlink()
    lama = yatim(media, "bukti/2023/05/0123456789abcdef0123456789abcdef.pdf")
    tua(media, lama)

    hasil = periksa_penyimpanan(sekarang=timezone.now())
    assert hasil.jumlah_baris == 3
    assert sorted((b.model, b.pk) for b in hasil.baris_tanpa_berkas) == sorted(
        [("bukti dukung", hilang.pk), ("berkas paket presensi", paket.pk)]
    )
    assert hasil.berkas_tanpa_baris == [lama]
    keluaran = io.StringIO()
    with pytest.raises(CommandError, match="2 baris tanpa berkas"):
        call_command("bersihkan_berkas", "--periksa", stdout=keluaran)
    teks = keluaran.getvalue()
    assert f"bukti dukung #{hilang.pk} “laporan.pdf”: {hilang.berkas.name}" in teks
    assert f"berkas paket presensi #{paket.pk} “paket.zip”: {paket.berkas.name}" in teks
    assert ada.berkas.name not in teks
    assert f"Berkas tanpa baris: {lama}" in teks
    # The check only reports.
    assert berkas_di(media) == sorted([ada.berkas.name, lama])


def test_the_check_of_a_consistent_restore_passes(dunia, media):
    bukti_baru(realisasi_staf())
    keluaran = jalankan("--periksa")
    assert "Semua 1 baris memiliki berkasnya" in keluaran
