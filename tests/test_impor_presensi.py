"""Importing the attendance machine's export: every bad input is a located error, nothing is saved."""

import io
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest

from iki.presensi import impor as imp
from iki.presensi.hitung import JamKerja
from iki.presensi.impor import PegawaiDikenal
from iki.umum.unggahan import MAKS_BITA

NIP_A = "198001012005011001"
NIP_B = "198502022010012002"
NIP_C = "199003032015031003"
PEGAWAI = [
    PegawaiDikenal(1, NIP_A, "Ahmad Fauzi, S.Sos."),
    PegawaiDikenal(2, NIP_B, "Siti Ma’rufah"),
    PegawaiDikenal(3, NIP_C, "Moh. Hasan"),
]
LIBUR = [date(2023, 5, 1), date(2023, 5, 18)]  # May 2023: 21 working days
JAM = JamKerja(masuk=time(7, 30), pulang=time(16, 0))
HARI_INI = date(2026, 12, 5)  # a Saturday; December 2026 has run 4 working days


def baca(data, nama="presensi.csv", pegawai=PEGAWAI, bulan=5):
    return imp.baca(
        data,
        nama_berkas=nama,
        tahun=2023,
        bulan=bulan,
        pegawai=pegawai,
        libur=LIBUR,
        jam=JAM,
        nama_unit="Kecamatan Ketapang",
        hari_ini=HARI_INI,
    )


def csv_harian(baris, pemisah=",", judul=("NIP", "Nama", "Tanggal", "Jam Masuk", "Jam Pulang", "Keterangan")):
    return "\n".join(pemisah.join(r) for r in [judul, *baris]) + "\n"


def teks_kesalahan(hasil):
    return [str(k) for k in hasil.kesalahan]


# --- Good files ------------------------------------------------------------------------------------


def test_daily_csv_is_read_into_a_recap_per_pegawai():
    data = csv_harian(
        [
            (NIP_A, "Ahmad Fauzi", "2023-05-02", "07:25", "16:05", ""),
            (NIP_A, "Ahmad Fauzi", "03/05/2023", "07:45", "16:00", ""),
            (NIP_A, "Ahmad Fauzi", "04/05/2023", "", "16:00", ""),
            (NIP_A, "Ahmad Fauzi", "05/05/2023", "", "", "S"),
            (NIP_B, "Siti", "2023-05-02", "7.31", "15.30", "H"),
            (NIP_B, "Siti", "2023-05-03", "", "", "DL"),
        ]
    ).encode()
    hasil = baca(data)
    assert hasil.kesalahan == []
    assert hasil.tata_letak == imp.HARIAN
    a, b = hasil.rekap[1], hasil.rekap[2]
    assert (a.hari_kerja, a.hadir, a.sakit, a.tidak_finger_masuk, a.menit_terlambat) == (21, 3, 1, 1, [15])
    assert a.tanpa_keterangan == 21 - 4
    assert (b.hadir, b.dinas_luar, b.menit_terlambat, b.menit_pulang_cepat) == (1, 1, [1], [30])
    assert 3 not in hasil.rekap  # Moh. Hasan is not in the file …
    assert any("Moh. Hasan" in p for p in hasil.peringatan)  # … and the operator is told


def test_utf8_with_bom_and_semicolons_as_excel_saves_it():
    data = b"\xef\xbb\xbf" + csv_harian([(NIP_A, "Ahmad", "02/05/2023", "07:30", "16:00", "")], pemisah=";").encode()
    hasil = baca(data)
    assert hasil.kesalahan == [] and hasil.rekap[1].hadir == 1


def test_windows_1252_names_are_read():
    judul = ("Nama", "Tanggal", "Jam Masuk", "Jam Pulang")
    data = csv_harian([("Siti Ma’rufah", "02/05/2023", "07:30", "16:00")], pemisah=";", judul=judul).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    hasil = baca(data)
    assert hasil.kesalahan == [] and hasil.rekap[2].hadir == 1


def test_title_rows_above_the_header_are_skipped():
    data = (
        "LAPORAN KEHADIRAN PEGAWAI\nPeriode: Mei 2023\n\n"
        + csv_harian([(NIP_A, "Ahmad", "02/05/2023", "07:30", "16:00", "")])
    ).encode()
    assert baca(data).rekap[1].hadir == 1


def test_weekend_and_holiday_rows_are_not_counted_and_the_user_is_told():
    data = csv_harian(
        [(NIP_A, "Ahmad", "06/05/2023", "08:00", "12:00", ""), (NIP_A, "Ahmad", "18/05/2023", "08:00", "12:00", "")]
    ).encode()
    hasil = baca(data)
    assert hasil.kesalahan == []
    assert hasil.rekap[1].hadir == 0
    assert any("2 baris pada hari Sabtu/Minggu atau hari libur" in p for p in hasil.peringatan)


def test_recap_layout_is_read():
    data = (
        "NIP,Nama,Hari Kerja,Hadir,Izin,Sakit,Cuti,Dinas Luar,Tanpa Keterangan,TFM,TFP,"
        "Menit Terlambat,Menit Pulang Cepat\n"
        f'{NIP_A},Ahmad,21,18,1,1,0,0,1,2,0,"15, 40",\n'
    ).encode()
    hasil = baca(data)
    assert hasil.kesalahan == []
    assert hasil.tata_letak == imp.REKAP
    r = hasil.rekap[1]
    assert (r.hadir, r.izin, r.sakit, r.tanpa_keterangan, r.tidak_finger_masuk, r.menit_terlambat) == (
        18,
        1,
        1,
        1,
        2,
        [15, 40],
    )


def xlsx(baris, judul=("NIP", "Nama", "Tanggal", "Jam Masuk", "Jam Pulang"), atas=()):
    buku = openpyxl.Workbook()
    lembar = buku.active
    for r in atas:
        lembar.append(list(r))
    lembar.append(list(judul))
    for r in baris:
        lembar.append(list(r))
    out = io.BytesIO()
    buku.save(out)
    return out.getvalue()


def test_excel_with_date_and_time_cells_is_read():
    data = xlsx(
        [
            (NIP_A, "Ahmad", datetime(2023, 5, 2), time(7, 40), time(16, 0)),
            (NIP_A, "Ahmad", date(2023, 5, 3), 0.3125, 0.6875),  # 07.30 and 16.30 as Excel fractions
        ],
        atas=[("Rekap mesin presensi",), ()],
    )
    hasil = baca(data, "presensi.xlsx")
    assert hasil.kesalahan == []
    assert hasil.rekap[1].hadir == 2 and hasil.rekap[1].menit_terlambat == [10]


# --- Bad files: located errors, nothing kept -------------------------------------------------------


def test_unknown_nip_is_located():
    data = csv_harian(
        [
            (NIP_A, "A", "02/05/2023", "07:30", "16:00", ""),
            ("199912312020121001", "X", "02/05/2023", "07:30", "16:00", ""),
        ]
    ).encode()
    hasil = baca(data)
    assert teks_kesalahan(hasil) == [
        "Baris 3, kolom NIP: NIP 199912312020121001 tidak terdaftar sebagai pegawai Kecamatan Ketapang"
    ]
    assert hasil.rekap == {} and not hasil.sah


def test_nip_that_excel_turned_into_a_number_is_explained():
    hasil = baca(csv_harian([("1.98001E+17", "A", "02/05/2023", "07:30", "16:00", "")]).encode())
    assert "angka ilmiah" in teks_kesalahan(hasil)[0] and "Baris 2, kolom NIP" in teks_kesalahan(hasil)[0]
    hasil = baca(xlsx([(198001012005011001, "A", date(2023, 5, 2), "07:30", "16:00")]), "x.xlsx")
    assert "format kolom NIP sebagai Teks" in teks_kesalahan(hasil)[0]


def test_duplicate_rows_name_both_rows():
    data = csv_harian(
        [
            (NIP_A, "A", "02/05/2023", "07:30", "16:00", ""),
            (NIP_B, "B", "02/05/2023", "07:30", "16:00", ""),
            (NIP_A, "A", "2023-05-02", "07:35", "16:00", ""),
        ]
    ).encode()
    assert teks_kesalahan(baca(data)) == [
        "Baris 4: Baris ganda: Ahmad Fauzi, S.Sos. tanggal 2 Mei 2023 sudah ada di baris 2"
    ]


def test_time_out_before_time_in_is_located():
    hasil = baca(csv_harian([(NIP_A, "A", "02/05/2023", "16:00", "07:30", "")]).encode())
    assert teks_kesalahan(hasil) == ["Baris 2, kolom Jam Pulang: Jam pulang 07.30 lebih awal dari jam masuk 16.00"]


def test_dates_outside_the_month_are_located():
    hasil = baca(
        csv_harian(
            [(NIP_A, "A", "01/06/2023", "07:30", "16:00", ""), (NIP_A, "A", "31/04/2023", "07:30", "16:00", "")]
        ).encode()
    )
    assert teks_kesalahan(hasil) == [
        "Baris 2, kolom Tanggal: Tanggal 1 Juni 2023 di luar bulan Mei 2023",
        "Baris 3, kolom Tanggal: Tanggal '31/04/2023' tidak ada di kalender",
    ]


@pytest.mark.parametrize(
    ("sel", "pesan"),
    [("25:00", "Jam '25:00' tidak ada"), ("pagi", "tidak dikenali")],
)
def test_bad_times_are_located(sel, pesan):
    hasil = baca(csv_harian([(NIP_A, "A", "02/05/2023", sel, "16:00", "")]).encode())
    assert len(hasil.kesalahan) == 1
    k = hasil.kesalahan[0]
    assert (k.baris, k.kolom) == (2, "Jam Masuk") and pesan in k.pesan


def test_unknown_keterangan_is_located():
    hasil = baca(csv_harian([(NIP_A, "A", "02/05/2023", "", "", "libur")]).encode())
    assert (hasil.kesalahan[0].baris, hasil.kesalahan[0].kolom) == (2, "Keterangan")


def test_every_error_of_a_file_is_listed_not_only_the_first():
    data = csv_harian(
        [
            ("199912312020121001", "X", "02/05/2023", "07:30", "16:00", ""),
            (NIP_A, "A", "02/06/2023", "07:30", "16:00", ""),
            (NIP_B, "B", "03/05/2023", "16:00", "07:00", ""),
        ]
    ).encode()
    assert [k.baris for k in baca(data).kesalahan] == [2, 3, 4]


def test_malformed_encoding_is_located():
    baris_baik = csv_harian([(NIP_A, "A", "02/05/2023", "07:30", "16:00", "")]).encode()
    data = baris_baik + f"{NIP_B},Nama \x81 rusak,03/05/2023,07:30,16:00,\n".encode("latin-1")
    hasil = baca(data)
    assert len(hasil.kesalahan) == 1
    k = hasil.kesalahan[0]
    assert k.baris == 3 and "UTF-8 maupun Windows-1252" in k.pesan and "0x81" in k.pesan


def test_invalid_utf8_after_a_bom_is_located():
    data = b"\xef\xbb\xbf" + csv_harian([(NIP_A, "A", "02/05/2023", "07:30", "16:00", "")]).encode() + b"\xff\xfe\n"
    k = baca(data).kesalahan[0]
    assert k.baris == 3 and "UTF-8" in k.pesan


@pytest.mark.parametrize(
    ("kolom", "nilai", "pesan"),
    [
        ("Hadir", "-2", "tidak boleh negatif"),
        ("Sakit", "1,5", "bukan bilangan bulat"),
        ("Izin", "dua", "bukan bilangan bulat"),
        ("Hadir", "40", "melebihi jumlah hari"),
        ("Hadir", "1.000", "1.000 melebihi jumlah hari"),  # a thousand, as typed; it was read as 1
        ("Menit Terlambat", "-5", "bilangan bulat positif"),
    ],
)
def test_bad_counts_in_a_recap_are_located(kolom, nilai, pesan):
    judul = ["NIP", "Hadir", "Izin", "Sakit", "Menit Terlambat"]
    isi = [NIP_A, "10", "0", "0", ""]
    isi[judul.index(kolom)] = nilai
    data = (";".join(judul) + "\n" + ";".join(isi) + "\n").encode()
    hasil = baca(data)
    assert len(hasil.kesalahan) == 1
    k = hasil.kesalahan[0]
    assert (k.baris, k.kolom) == (2, kolom) and pesan in k.pesan


def test_present_plus_absent_above_working_days_is_refused():
    data = f"NIP;Hadir;Sakit;Tanpa Keterangan\n{NIP_A};20;1;1\n{NIP_B};21;0;0\n".encode()
    hasil = baca(data)
    assert teks_kesalahan(hasil) == [
        "Baris 2: Hadir (20) ditambah tidak hadir (2: izin, sakit, cuti, dinas luar, tanpa keterangan) = 22, "
        "melebihi 21 hari kerja."
    ]
    assert hasil.rekap == {}


def test_working_days_in_the_file_must_match_the_calendar():
    hasil = baca(f"NIP;Hari Kerja;Hadir\n{NIP_A};23;20\n".encode())
    k = hasil.kesalahan[0]
    assert (k.baris, k.kolom) == (2, "Hari Kerja") and "kalender unit (21 hari kerja)" in k.pesan


def test_duplicate_pegawai_in_a_recap_is_located():
    hasil = baca(f"NIP;Hadir\n{NIP_A};20\n{NIP_A};19\n".encode())
    assert teks_kesalahan(hasil) == ["Baris 3: Baris ganda: Ahmad Fauzi, S.Sos. sudah ada di baris 2"]


def test_names_that_are_unknown_or_shared_are_located():
    pegawai = [*PEGAWAI, PegawaiDikenal(4, "199104042016041004", "Moh. Hasan")]
    judul = ("Nama", "Tanggal", "Jam Masuk", "Jam Pulang")
    data = csv_harian(
        [("Moh. Hasan", "02/05/2023", "07:30", "16:00"), ("Budi", "02/05/2023", "07:30", "16:00")], judul=judul
    ).encode()
    assert teks_kesalahan(baca(data, pegawai=pegawai)) == [
        "Baris 2, kolom Nama: Ada 2 pegawai bernama 'Moh. Hasan'; isi kolom NIP",
        "Baris 3, kolom Nama: Pegawai bernama 'Budi' tidak terdaftar di Kecamatan Ketapang",
    ]


def test_a_file_without_known_columns_says_which_are_expected():
    hasil = baca(b"kolom1,kolom2\n1,2\n")
    assert "Baris judul kolom tidak ditemukan" in teks_kesalahan(hasil)[0]


@pytest.mark.parametrize(
    ("data", "nama", "pesan"),
    [
        (b"", "kosong.csv", "Berkas kosong"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "lama.xls", "Excel lama (.xls)"),
        (b"%PDF-1.7\n...", "scan.pdf", "PDF tidak dapat diimpor"),
        (b"PK\x03\x04garbage", "rusak.xlsx", "Berkas Excel rusak"),
    ],
)
def test_files_of_the_wrong_kind_are_refused(data, nama, pesan):
    assert pesan in teks_kesalahan(baca(data, nama))[0]


def test_too_big_a_file_is_refused_without_reading_it_all():
    class Besar(io.BytesIO):
        dibaca = 0

        def read(self, n=-1):
            Besar.dibaca = n
            return b"x" * (MAKS_BITA + 1)

    assert "terlalu besar" in teks_kesalahan(baca(Besar()))[0]
    assert Besar.dibaca == MAKS_BITA + 1


def test_macro_workbooks_are_refused_by_name_and_by_content(monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    data = xlsx([(NIP_A, "A", date(2023, 5, 2), "07:30", "16:00")])
    assert ".xlsm" in teks_kesalahan(baca(data, "presensi.xlsm"))[0]
    keluaran = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as asli, zipfile.ZipFile(keluaran, "w") as baru:
        for info in asli.infolist():
            baru.writestr(info, asli.read(info))
        baru.writestr("xl/vbaProject.bin", b"\x00" * 10)
    assert ".xlsm" in teks_kesalahan(baca(keluaran.getvalue(), "presensi.xlsx"))[0]


def test_zip_bombs_are_refused_before_openpyxl_unpacks_them(monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open it"))
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert len(keluaran.getvalue()) < 200_000
    assert "zip bomb" in teks_kesalahan(baca(keluaran.getvalue(), "bom.xlsx"))[0]


def test_formula_text_in_a_name_is_only_a_name_that_is_not_found():
    judul = ("Nama", "Tanggal", "Jam Masuk", "Jam Pulang")
    hasil = baca(csv_harian([('=HYPERLINK("http://x")', "02/05/2023", "07:30", "16:00")], judul=judul).encode())
    assert "tidak terdaftar" in teks_kesalahan(hasil)[0]


# --- A month that has not ended --------------------------------------------------------------------


def test_a_file_for_a_month_that_has_not_come_is_refused_and_counts_nothing():
    data = csv_harian([(NIP_A, "A", "04/01/2027", "07:30", "16:00", "")]).encode()
    hasil = imp.baca(data, nama_berkas="januari.csv", tahun=2027, bulan=1, pegawai=PEGAWAI, hari_ini=HARI_INI)
    assert not hasil.sah and hasil.rekap == {}
    assert teks_kesalahan(hasil) == [
        "Bulan Januari 2027 belum tiba (hari ini 5 Desember 2026): presensinya belum dapat diimpor, diisi, "
        "atau dihitung."
    ]


def test_the_current_month_is_refused_so_no_day_ahead_counts_as_tanpa_keterangan():
    hari = [f"0{d}/12/2026" for d in (1, 2, 3, 4)]
    data = csv_harian([(NIP_A, "A", t, "07:30", "16:00", "") for t in hari]).encode()
    hasil = imp.baca(data, nama_berkas="desember.csv", tahun=2026, bulan=12, pegawai=PEGAWAI, hari_ini=HARI_INI)
    assert not hasil.sah and hasil.rekap == {}
    [pesan] = teks_kesalahan(hasil)
    assert pesan.startswith("Bulan Desember 2026 belum selesai (hari ini 5 Desember 2026)")
    assert "mulai 1 Januari 2027" in pesan


def test_the_month_just_ended_is_read_in_full():
    hari = [f"{d:02d}/11/2026" for d in (2, 3)]
    data = csv_harian([(NIP_A, "A", t, "07:30", "16:00", "") for t in hari]).encode()
    hasil = imp.baca(data, nama_berkas="november.csv", tahun=2026, bulan=11, pegawai=PEGAWAI, hari_ini=HARI_INI)
    assert hasil.sah
    assert (hasil.rekap[1].hari_kerja, hasil.rekap[1].hadir, hasil.rekap[1].tanpa_keterangan) == (21, 2, 19)


# --- Saving: all or nothing ------------------------------------------------------------------------


@pytest.fixture
def pegawai_ketapang(dunia):
    from iki.models import Pegawai

    return [
        Pegawai.objects.create(unit=dunia.unit_a, nip=NIP_A, nama="Ahmad Fauzi, S.Sos."),
        Pegawai.objects.create(unit=dunia.unit_a, nip=NIP_B, nama="Siti Ma’rufah"),
    ]


def test_saving_replaces_the_months_recap(dunia, pegawai_ketapang):
    from iki.models import RekapPresensi
    from iki.presensi.hitung import Rekap

    a, b = pegawai_ketapang
    imp.simpan_rekap(
        unit=dunia.unit_a,
        tahun=2023,
        bulan=5,
        rekap={a.id: Rekap(21, hadir=21), b.id: Rekap(21, hadir=20)},
        hari_kerja=21,
        sumber="impor",
        nama_berkas="mei.csv",
        hari_ini=HARI_INI,
    )
    imp.simpan_rekap(
        unit=dunia.unit_a,
        tahun=2023,
        bulan=5,
        rekap={a.id: Rekap(21, hadir=19, sakit=2)},
        hari_kerja=21,
        sumber="impor",
        nama_berkas="mei-2.csv",
        hari_ini=HARI_INI,
    )
    rekap = RekapPresensi.objects.filter(presensi__unit=dunia.unit_a, presensi__tahun=2023, presensi__bulan=5)
    assert [(r.pegawai_id, r.hadir, r.sakit) for r in rekap] == [(a.id, 19, 2)]
    assert rekap[0].history.count() == 1


def test_saving_with_another_units_pegawai_saves_nothing(dunia, pegawai_ketapang):
    from iki.models import Pegawai, PresensiBulan
    from iki.presensi.hitung import Rekap

    lain = Pegawai.objects.create(unit=dunia.unit_b, nip="199505052019051005", nama="Pegawai Banyuates")
    with pytest.raises(imp.RekapDitolak):
        imp.simpan_rekap(
            unit=dunia.unit_a,
            tahun=2023,
            bulan=5,
            rekap={pegawai_ketapang[0].id: Rekap(21, hadir=21), lain.id: Rekap(21, hadir=21)},
            hari_kerja=21,
            sumber="impor",
            hari_ini=HARI_INI,
        )
    assert not PresensiBulan.objects.filter(unit=dunia.unit_a, tahun=2023, bulan=5).exists()


def test_an_impossible_recap_fails_half_way_and_leaves_the_old_one(dunia, pegawai_ketapang):
    from iki.models import RekapPresensi
    from iki.presensi.hitung import Rekap

    a, b = pegawai_ketapang
    imp.simpan_rekap(
        unit=dunia.unit_a,
        tahun=2023,
        bulan=5,
        rekap={a.id: Rekap(21, hadir=21)},
        hari_kerja=21,
        sumber="impor",
        hari_ini=HARI_INI,
    )
    with pytest.raises(imp.RekapDitolak):
        imp.simpan_rekap(
            unit=dunia.unit_a,
            tahun=2023,
            bulan=5,
            rekap={a.id: Rekap(21, hadir=1), b.id: Rekap(21, hadir=21, sakit=3)},
            hari_kerja=21,
            sumber="impor",
            hari_ini=HARI_INI,
        )
    assert list(RekapPresensi.objects.filter(presensi__unit=dunia.unit_a).values_list("pegawai_id", "hadir")) == [
        (a.id, 21)
    ]


def test_the_database_refuses_impossible_day_counts(dunia, pegawai_ketapang):
    from django.db import IntegrityError, transaction

    from iki.models import PresensiBulan, RekapPresensi

    bulan = PresensiBulan.objects.create(unit=dunia.unit_a, tahun=2023, bulan=5, hari_kerja=21)
    for isian in ({"hadir": 20, "sakit": 2}, {"hadir": 2, "tidak_finger_masuk": 3}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RekapPresensi.objects.create(presensi=bulan, pegawai=pegawai_ketapang[0], hari_kerja=21, **isian)
    with pytest.raises(IntegrityError), transaction.atomic():
        PresensiBulan.objects.create(unit=dunia.unit_a, tahun=2023, bulan=13, hari_kerja=21)


@pytest.mark.parametrize(("tahun", "bulan"), [(2027, 1), (2026, 12)])
def test_saving_a_month_that_has_not_ended_saves_nothing(dunia, pegawai_ketapang, tahun, bulan):
    from iki.models import PresensiBulan, RekapPresensi
    from iki.presensi.hitung import Rekap

    a, _ = pegawai_ketapang
    with pytest.raises(imp.RekapDitolak, match=r"belum (tiba|selesai)"):
        imp.simpan_rekap(
            unit=dunia.unit_a,
            tahun=tahun,
            bulan=bulan,
            rekap={a.id: Rekap(20, hadir=20)},
            hari_kerja=20,
            sumber="impor",
            hari_ini=HARI_INI,
        )
    with pytest.raises(imp.RekapDitolak, match=r"belum (tiba|selesai)"):
        imp.simpan_rekap_pegawai(
            unit=dunia.unit_a, tahun=tahun, bulan=bulan, pegawai=a, rekap=Rekap(20, hadir=20), hari_ini=HARI_INI
        )
    assert not PresensiBulan.objects.filter(tahun=tahun, bulan=bulan).exists()
    assert not RekapPresensi.objects.filter(pegawai=a).exists()
