"""The letter register, the documents and the package kept as sent (iki/surat.py)."""

import hashlib
import io
import re
import shutil
import subprocess
import threading
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, connection, transaction

from iki.models import (
    AturanPotongan,
    BerkasPaket,
    BesaranTpp,
    HariLibur,
    PaketPresensi,
    Pegawai,
    PenghitungSurat,
    PresensiBulan,
    RekapPresensi,
    SuratKeluar,
    UnitKerja,
)
from iki.presensi import surat
from iki.presensi.hitung import Rekap

PDFTOTEXT = shutil.which("pdftotext")
SEED = Path(django_settings.BASE_DIR).parent / "shared" / "seed" / "dokumen-iki-kecamatan-ketapang-2023.txt"

NIP_CAMAT = "197504042000031004"


def siapkan_mei_2023(unit: UnitKerja, *, aturan: bool = False) -> PresensiBulan:
    """Kecamatan Ketapang's May 2023: a camat who signs, three pegawai with TPP, the month's holidays
    and a recap (21 working days)."""
    camat = Pegawai.objects.create(
        unit=unit, nip=NIP_CAMAT, nama="Drs. Camat Contoh, M.Si.", pangkat_golongan="Pembina Tk. I (IV/b)"
    )
    unit.pimpinan = camat
    unit.save(update_fields=["pimpinan"])
    a = Pegawai.objects.create(
        unit=unit, nip="198001012005011001", nama="Ahmad Fauzi, S.Sos.", pangkat_golongan="Penata (III/c)"
    )
    b = Pegawai.objects.create(
        unit=unit, nip="198502022010012002", nama="Siti Ma’rufah", pangkat_golongan="Penata Muda (III/a)"
    )
    c = Pegawai.objects.create(unit=unit, nip="199003032015031003", nama="=SUM(A1:A9) Moh. Hasan")
    for p, jumlah in ((camat, 4_500_000), (a, 2_500_000), (b, 1_234_567), (c, 1_800_000)):
        BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2023, berlaku_bulan=1, jumlah=jumlah)
    HariLibur.objects.create(unit=unit, tanggal=date(2023, 5, 1), keterangan="Hari Buruh Internasional")
    HariLibur.objects.create(unit=unit, tanggal=date(2023, 5, 18), keterangan="Kenaikan Isa Almasih")
    bulan = PresensiBulan.objects.create(unit=unit, tahun=2023, bulan=5, hari_kerja=21, sumber=PresensiBulan.IMPOR)
    for p, rekap in (
        (camat, Rekap(21, hadir=21)),
        (
            a,
            Rekap(
                21,
                hadir=19,
                tanpa_keterangan=2,
                menit_terlambat=[15, 45],
                tidak_finger_pulang=1,
                tanggal_tidak_finger_pulang=[date(2023, 5, 9)],
            ),
        ),
        (
            b,
            Rekap(
                21,
                hadir=20,
                sakit=1,
                tidak_finger_masuk=2,
                tanggal_tidak_finger_masuk=[date(2023, 5, 3), date(2023, 5, 15)],
            ),
        ),
        (c, Rekap(21, hadir=0, tanpa_keterangan=21)),
    ):
        r = RekapPresensi(presensi=bulan, pegawai=p)
        r.isi_dari(rekap)
        r.save()
    if aturan:
        AturanPotongan.objects.create(
            unit=unit, jenis="tanpa_keterangan", persen=Decimal("3"), dasar_hukum="Perbup 1/2023"
        )
        AturanPotongan.objects.create(
            unit=unit, jenis="terlambat", menit_dari=1, menit_sampai=30, persen=Decimal("0.5")
        )
        AturanPotongan.objects.create(
            unit=unit, jenis="terlambat", menit_dari=31, menit_sampai=None, persen=Decimal("1")
        )
        AturanPotongan.objects.create(unit=unit, jenis="tidak_finger_masuk", persen=Decimal("1.5"))
        from iki.models import PengaturanPresensi

        PengaturanPresensi.objects.create(unit=unit, batas_potongan_persen=Decimal("40"))
    return bulan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Numbers ---------------------------------------------------------------------------------------


def test_number_format_as_the_register_writes_it():
    assert surat.format_nomor("800", 123, "434.512", 2023) == "800/123/434.512/2023"
    assert surat.format_nomor("800", 7, "", 2023) == "800/7/2023"


def test_numbers_run_per_unit_and_year(dunia):
    def ambil(unit, tanggal):
        return surat.ambil_nomor(unit=unit, tanggal=tanggal, klasifikasi="800", hal="Uji", tujuan="BKPSDM").nomor

    assert ambil(dunia.unit_a, date(2023, 6, 5)) == "800/1/434.512/2023"
    assert ambil(dunia.unit_a, date(2023, 7, 5)) == "800/2/434.512/2023"
    assert ambil(dunia.unit_b, date(2023, 7, 5)) == "800/1/2023"  # Banyuates has no letter code yet
    assert ambil(dunia.unit_a, date(2024, 1, 5)) == "800/1/434.512/2024"  # the letter's year, a new count
    assert (
        surat.ambil_nomor(
            unit=dunia.unit_a, tanggal=date(2023, 8, 1), klasifikasi="005", hal="Undangan", tujuan="Kepala Desa"
        ).nomor
        == "005/3/434.512/2023"
    )  # one count across classifications


def test_the_counter_continues_from_the_paper_agenda_and_never_goes_back(dunia):
    surat.setel_nomor_terakhir(unit=dunia.unit_a, tahun=2023, nomor=122)
    s = surat.ambil_nomor(unit=dunia.unit_a, tanggal=date(2023, 6, 5), klasifikasi="800", hal="Uji", tujuan="X")
    assert s.nomor == "800/123/434.512/2023"
    with pytest.raises(ValueError, match="hanya dapat dinaikkan"):
        surat.setel_nomor_terakhir(unit=dunia.unit_a, tahun=2023, nomor=100)
    assert surat.nomor_terakhir(dunia.unit_a, 2023) == 123


def test_the_database_refuses_a_number_twice(dunia):
    kwargs = {
        "unit": dunia.unit_a,
        "tahun": 2023,
        "nomor_urut": 5,
        "tanggal": date(2023, 6, 5),
        "hal": "x",
        "tujuan": "y",
    }
    SuratKeluar.objects.create(klasifikasi="800", nomor="800/5/434.512/2023", **kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        SuratKeluar.objects.create(klasifikasi="800", nomor="800/5/434.512/2023", **kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        SuratKeluar.objects.create(klasifikasi="005", nomor="005/5/434.512/2023", **kwargs)


def test_two_people_asking_at_once_never_get_the_same_number(dunia_tx):
    unit = UnitKerja.objects.get(kode="ketapang")
    per_orang = 8
    mulai = threading.Barrier(2)
    hasil: list[str] = []
    gagal: list[BaseException] = []

    def orang():
        try:
            mulai.wait()
            for _ in range(per_orang):
                s = surat.ambil_nomor(
                    unit=unit, tanggal=date(2023, 6, 5), klasifikasi="800", hal="Serentak", tujuan="BKPSDM"
                )
                hasil.append(s.nomor)
        except BaseException as e:  # noqa: BLE001 - reported below
            gagal.append(e)
        finally:
            connection.close()

    benang = [threading.Thread(target=orang) for _ in range(2)]
    for t in benang:
        t.start()
    for t in benang:
        t.join(60)
    assert gagal == []
    assert len(hasil) == 2 * per_orang
    assert len(set(hasil)) == len(hasil)
    urut = sorted(int(n.split("/")[1]) for n in hasil)
    assert urut == list(range(1, 2 * per_orang + 1))
    assert PenghitungSurat.objects.get(unit=unit, tahun=2023).terakhir == 2 * per_orang


# --- The rincian -----------------------------------------------------------------------------------


def test_without_rules_the_rincian_shows_attendance_and_base_only(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a)
    r = surat.rincian_bulan(bulan)
    assert not r.ada_aturan
    assert [b.potongan for b in r.baris] == [None] * 4
    assert all(b.tpp.potongan == 0 for b in r.baris)
    assert r.total_dasar_rp == "Rp 10.034.567"
    html = surat.html_dokumen("rincian", surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5)))
    assert "Rp 1.234.567" in html
    assert "Potongan" not in html and "TPP Diterima" not in html


def test_rules_deduct_in_rupiah_with_the_cap(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a, aturan=True)
    r = {b.nama: b for b in surat.rincian_bulan(bulan).baris}
    ahmad = r["Ahmad Fauzi, S.Sos."]
    assert ahmad.potongan.persen == Decimal("7.5")  # 2 × 3 % + 0,5 % + 1 %
    assert (ahmad.dasar_rp, ahmad.potongan_rp, ahmad.diterima_rp) == ("Rp 2.500.000", "Rp 187.500", "Rp 2.312.500")
    siti = r["Siti Ma’rufah"]
    assert siti.potongan.persen == Decimal("3.0")
    assert siti.potongan_rp == "Rp 37.037"  # 37.037,01 → 37.037
    hasan = r["=SUM(A1:A9) Moh. Hasan"]
    assert hasan.potongan.persen_sebelum_batas == Decimal("63") and hasan.potongan.persen == Decimal("40")
    assert hasan.diterima_rp == "Rp 1.080.000"


def test_base_tpp_follows_the_month_it_is_valid_from(dunia):
    p = Pegawai.objects.create(unit=dunia.unit_a, nip="199104042016041004", nama="Baru")
    BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2022, berlaku_bulan=7, jumlah=1_000_000)
    BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2023, berlaku_bulan=6, jumlah=1_500_000)
    assert surat.tpp_dasar_bulan([p.id], 2023, 5) == {p.id: Decimal("1000000")}
    assert surat.tpp_dasar_bulan([p.id], 2023, 6) == {p.id: Decimal("1500000")}
    assert surat.tpp_dasar_bulan([p.id], 2022, 6) == {}


def test_rincian_query_count_does_not_grow_with_pegawai(dunia):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    bulan = siapkan_mei_2023(dunia.unit_a)
    with CaptureQueriesContext(conn) as sedikit:
        surat.rincian_bulan(PresensiBulan.objects.get(pk=bulan.pk))
    for i in range(20):
        p = Pegawai.objects.create(unit=dunia.unit_a, nip=f"19900101201501{i:04d}", nama=f"Pegawai {i}")
        BesaranTpp.objects.create(pegawai=p, berlaku_tahun=2023, berlaku_bulan=1, jumlah=1_000_000)
        RekapPresensi.objects.create(presensi=bulan, pegawai=p, hari_kerja=21, hadir=21)
    with CaptureQueriesContext(conn) as banyak:
        assert len(surat.rincian_bulan(PresensiBulan.objects.get(pk=bulan.pk)).baris) == 24
    assert len(banyak) == len(sedikit)


# --- The cover letter ------------------------------------------------------------------------------


def _rata(teks: str) -> str:
    return re.sub(r"\s+", " ", teks).strip()


def isi_surat_seed() -> str:
    """The body of the seed's letter, from "Bersama ini" to "terima kasih.", with the extraction's
    noise removed (line breaks, list numbers, a stray colon) and its "presentasi" read as "presensi"."""
    if not SEED.exists():
        # The seed lives in the customer's shared/ folder beside the repository (as in CI).
        pytest.skip(f"dokumen seed tidak ada di {SEED}")
    teks = SEED.read_text(encoding="utf-8")
    awal = teks.rindex("Bersama ini kami sampaikan")
    akhir = teks.index("terima kasih.", awal) + len("terima kasih.")
    return _normal_isi(teks[awal:akhir]).replace("presentasi", "presensi").replace("foto copy:;", "foto copy;")


def _normal_isi(teks: str) -> str:
    return _rata(re.sub(r"(?m)^\s*\d\.\s*", "", teks))


def _isi_surat_kita(teks: str) -> str:
    awal = teks.index("Bersama ini kami sampaikan")
    akhir = teks.index("terima kasih.", awal) + len("terima kasih.")
    return _normal_isi(teks[awal:akhir])


@pytest.fixture
def data_mei(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a)
    return surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5), nomor="800/123/434.512/2023")


def test_cover_letter_html_is_the_seeds_letter_filled_in(data_mei):
    html = surat.html_dokumen("pengantar", data_mei)
    teks = _rata(re.sub(r"<[^>]+>", " ", html))
    for bagian in [
        "PEMERINTAH KABUPATEN SAMPANG",
        "KECAMATAN KETAPANG",
        "Jl. Raya Ketapang Banyuates No. 1 Telp. (0323) 821725",
        "KETAPANG 69261",
        "Ketapang, 5 Juni 2023",
        "Nomor : 800/123/434.512/2023",
        "Sifat : Penting",
        "Lampiran : 1 (satu) rangkap",
        "Hal : Permohonan Verifikasi presensi elektronik PNS untuk Bulan Mei 2023",
        "Kepada Yth. Kepala BKPSDM Kab. Sampang di SAMPANG",
        "Demikian untuk menjadi maklum dan terima kasih.",
        "CAMAT KETAPANG",
        "Drs. Camat Contoh, M.Si.",
        f"NIP. {NIP_CAMAT}",
    ]:
        assert bagian in teks, bagian
    assert (
        teks.index("Ketapang, 5 Juni 2023")
        < teks.index("Nomor")
        < teks.index("Bersama ini")
        < teks.rindex("CAMAT KETAPANG")
    )
    assert len(re.findall(r"<li>", html)) == 5
    assert 'href="css/cetak.css"' in html  # the embedded font is linked for WeasyPrint


def test_cover_letter_body_matches_the_seed_word_for_word(data_mei):
    teks = _rata(re.sub(r"<[^>]+>", " ", surat.html_dokumen("pengantar", data_mei)))
    assert _isi_surat_kita(teks) == isi_surat_seed()


def test_cover_letter_for_another_month_fills_month_and_year(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a)
    bulan.bulan, bulan.tahun = 12, 2023
    data = surat.siapkan_data(bulan, tanggal_surat=date(2024, 1, 4), nomor="800/1/434.512/2024")
    teks = _rata(re.sub(r"<[^>]+>", " ", surat.html_dokumen("pengantar", data)))
    assert "Ketapang, 4 Januari 2024" in teks
    assert "untuk Bulan Desember 2023" in teks
    assert "untuk bulan Desember Tahun 2023" in teks
    assert "Laporan Absensi Bulanan PNS pada Bulan Desember 2023 sebanyak 3 (tiga) rangkap" in teks
    assert "Mei" not in _isi_surat_kita(teks)


def test_user_text_is_escaped_in_documents(dunia):
    bulan = siapkan_mei_2023(dunia.unit_a)
    Pegawai.objects.filter(nip="198001012005011001").update(nama="<script>alert(1)</script>")
    html = surat.html_dokumen("absensi", surat.siapkan_data(bulan, tanggal_surat=date(2023, 6, 5)))
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_cover_letter_pdf_reads_like_the_seed(data_mei, tmp_path):
    pdf = surat.dokumen_pdf(surat.html_dokumen("pengantar", data_mei)).write_pdf()
    teks = pdf_ke_teks(pdf, tmp_path)
    rata = _rata(teks)
    for bagian in [
        "PEMERINTAH KABUPATEN SAMPANG",
        "KECAMATAN KETAPANG",
        "Ketapang, 5 Juni 2023",
        "800/123/434.512/2023",
        "Penting",
        "1 (satu) rangkap",
        "Yth. Kepala BKPSDM Kab. Sampang",
        "SAMPANG",
        "CAMAT KETAPANG",
        f"NIP. {NIP_CAMAT}",
    ]:
        assert bagian in rata, bagian
    assert _isi_surat_kita(teks) == isi_surat_seed()
    if shutil.which("pdffonts"):  # the app's font is embedded, not the system's
        fonts = subprocess.run(["pdffonts", str(tmp_path / "surat.pdf")], capture_output=True, text=True).stdout
        assert "IKI-Serif" in fonts  # cetak.css names the bundled Liberation Serif so
        assert all(baris.split()[-5] == "yes" for baris in fonts.splitlines()[2:])  # the "emb" column


def pdf_ke_teks(pdf: bytes, tmp_path) -> str:
    berkas = tmp_path / "surat.pdf"
    berkas.write_bytes(pdf)
    return subprocess.run([PDFTOTEXT, str(berkas), "-"], check=True, capture_output=True, text=True).stdout


def test_the_fingerprint_statement_lists_who_missed_and_when(data_mei):
    teks = _rata(re.sub(r"<[^>]+>", " ", surat.html_dokumen("pernyataan", data_mei)))
    assert "REKAPITULASI TIDAK MELAKUKAN FINGERPRINT/FACEPRINT" in teks
    assert "Siti Ma’rufah" in teks and "3, 15" in teks
    assert "Ahmad Fauzi, S.Sos." in teks and "Meterai" in teks
    assert "Moh. Hasan" not in teks  # absent all month, but never present without a fingerprint


# --- The package -----------------------------------------------------------------------------------


def test_one_action_makes_the_whole_package_and_keeps_it(dunia, media):
    bulan = siapkan_mei_2023(dunia.unit_a, aturan=True)
    paket = surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
    assert paket.surat.nomor == "800/1/434.512/2023"
    assert paket.surat.hal == "Permohonan Verifikasi presensi elektronik PNS untuk Bulan Mei 2023"
    assert paket.jumlah_pegawai == 4
    berkas = {b.jenis: b for b in paket.berkas.all()}
    assert set(berkas) == {"pdf", "zip"}
    for b in berkas.values():
        jalur = Path(b.berkas.path)
        assert jalur.is_relative_to(Path(media) / "presensi" / "ketapang" / "2023" / "05")
        assert re.fullmatch(r"[0-9a-f]{32}\.(pdf|zip)", jalur.name)  # a generated name
        isi = jalur.read_bytes()
        assert hashlib.sha256(isi).hexdigest() == b.sha256 and len(isi) == b.ukuran
    assert berkas["pdf"].nama_unduh == "presensi-ketapang-2023-05-800-1-434.512-2023.pdf"

    with zipfile.ZipFile(berkas["zip"].berkas.path) as z:
        assert z.namelist() == [nama for _, _, _, nama in surat.DOKUMEN[:1]] + [
            nama for _, _, _, nama in surat.DOKUMEN[1:]
        ] + [surat.NAMA_XLSX]
        assert all(z.read(n).startswith(b"%PDF") for n in z.namelist() if n.endswith(".pdf"))
        buku = openpyxl.load_workbook(io.BytesIO(z.read(surat.NAMA_XLSX)))
    lembar = buku.active
    nilai = [[c.value for c in baris] for baris in lembar.iter_rows()]
    baris_hasan = next(b for b in nilai if b[2] == "199003032015031003")
    assert baris_hasan[1] == "=SUM(A1:A9) Moh. Hasan"  # text, never a formula
    assert (
        lembar.cell(row=next(i for i, b in enumerate(nilai, 1) if b[2] == "199003032015031003"), column=2).data_type
        == "s"
    )
    assert baris_hasan[4] == 1_800_000 and baris_hasan[-1] == 1_080_000


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_combined_pdf_holds_the_five_documents_in_order(dunia, media, tmp_path):
    bulan = siapkan_mei_2023(dunia.unit_a)
    paket = surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
    teks = _rata(pdf_ke_teks(Path(paket.berkas.get(jenis="pdf").berkas.path).read_bytes(), tmp_path))
    judul = [
        "Bersama ini kami sampaikan",
        "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK",
        "RINCIAN PERHITUNGAN TAMBAHAN PENGHASILAN PEGAWAI",
        "LAPORAN ABSENSI BULANAN PNS",
        "REKAPITULASI TIDAK MELAKUKAN FINGERPRINT/FACEPRINT",
    ]
    posisi = [teks.index(j) for j in judul]
    assert posisi == sorted(posisi)
    assert "800/1/434.512/2023" in teks and "Rp 1.234.567" in teks
    # Both statements name their signer; only the SPTJM adds the unit.
    sptjm = teks[posisi[1]:posisi[2]]
    pernyataan = teks[teks.rfind("SURAT PERNYATAAN", 0, posisi[4]):posisi[4]]
    assert "Yang bertanda tangan di bawah ini" in sptjm and "Unit Kerja" in sptjm
    assert "Yang bertanda tangan di bawah ini" in pernyataan and "Unit Kerja" not in pernyataan


def test_a_stored_package_is_read_back_unchanged_and_never_regenerated(dunia, media, monkeypatch):
    bulan = siapkan_mei_2023(dunia.unit_a)
    paket = surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
    b = paket.berkas.get(jenis="pdf")
    pertama = Path(b.berkas.path).read_bytes()
    monkeypatch.setattr(
        surat, "dokumen_pdf", lambda *a, **k: pytest.fail("a stored package must not be rendered again")
    )
    # The recap changes afterwards; what was sent stays what it was.
    RekapPresensi.objects.filter(presensi=bulan).update(catatan="diubah sesudah dikirim")
    Pegawai.objects.filter(nip=NIP_CAMAT).update(nama="Camat Baru")
    assert surat.baca_berkas_tersimpan(BerkasPaket.objects.get(pk=b.pk)) == pertama


def test_a_changed_file_on_disk_is_detected(dunia, media):
    bulan = siapkan_mei_2023(dunia.unit_a)
    paket = surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
    b = paket.berkas.get(jenis="zip")
    Path(b.berkas.path).write_bytes(b"diubah")
    with pytest.raises(surat.BerkasBerubah):
        surat.baca_berkas_tersimpan(b)


def test_a_package_needs_a_recap_and_a_signer_and_takes_no_number_otherwise(dunia, media):
    bulan = PresensiBulan.objects.create(unit=dunia.unit_a, tahun=2023, bulan=6, hari_kerja=21)
    with pytest.raises(surat.PaketDitolak) as e:
        surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 7, 5), klasifikasi="800")
    assert "masih kosong" in e.value.pesan and "Penanda tangan" in e.value.pesan
    assert not SuratKeluar.objects.filter(unit=dunia.unit_a).exists()


def test_a_failed_package_leaves_no_number_no_row_and_no_file(dunia, media, monkeypatch):
    bulan = siapkan_mei_2023(dunia.unit_a)
    simpan_asli = BerkasPaket.save

    def simpan_rusak(self, *a, **k):
        if self.jenis == BerkasPaket.ZIP:  # the PDF is already on disk by now
            raise OSError("disk penuh")
        return simpan_asli(self, *a, **k)

    monkeypatch.setattr(BerkasPaket, "save", simpan_rusak)
    with pytest.raises(OSError):
        surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
    assert not PaketPresensi.objects.exists()
    assert not SuratKeluar.objects.filter(unit=dunia.unit_a).exists()
    assert surat.nomor_terakhir(dunia.unit_a, 2023) == 0
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []


def test_a_transaction_rolled_back_after_the_package_leaves_no_file(dunia, media):
    # Either the package refuses to be made inside a transaction it does not own, or it cleans up.
    bulan = siapkan_mei_2023(dunia.unit_a)

    class Batal(Exception):
        pass

    with pytest.raises((Batal, RuntimeError)), transaction.atomic():
        surat.buat_paket(presensi_bulan=bulan, tanggal_surat=date(2023, 6, 5), klasifikasi="800")
        raise Batal
    assert not PaketPresensi.objects.exists()
    assert not SuratKeluar.objects.filter(unit=dunia.unit_a).exists()
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []
