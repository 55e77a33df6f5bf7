"""IKI Kantor Kecamatan Ketapang, Kabupaten Sampang, tahun 2023, as plain data.

Transcribed from `shared/reference/iki-ketapang-2023.md` (rows, tugas, fungsi) and
`shared/seed/dokumen-iki-kecamatan-ketapang-2023.txt` (the BAB I-III narrative). The rows are
kept as printed, defects included (the duplicate row of jabatan 4, the blank Sumber Data, the
sasaran copied onto planning and salary indicators): the application must hold the document as
it is and point the defects out, not hide them.

Everything here is pure Python (no Django) so that the seeding command, the fixtures and the
tests can all read it. `TARGET_CONTOH` and `realisasi_contoh()` are demo data, not part of the
original document, which gives no targets at all.
"""

import random
from decimal import Decimal

KABUPATEN = {"kode": "sampang", "nama": "Sampang"}

UNIT = {
    "kode": "ketapang",
    "nama": "Kantor Kecamatan Ketapang",
    "nama_wilayah": "Kecamatan Ketapang",
    "jenis": "kecamatan",
    "alamat": "Jl. Raya Ketapang Banyuates No. 1",
    "telepon": "(0323) 821725",
    "kota": "Ketapang",
    "kode_pos": "69261",
    "kode_surat": "434.512",
    "jabatan_pimpinan": "Camat Ketapang",
    "tempat_ttd": "Sampang",
}

TAHUN = {
    "tahun": 2023,
    "renstra": (2019, 2024),
    # The number is left blank in the original, to be written in by hand after signing.
    "nomor_keputusan": "188/     /KEP/434.512/2023",
    # The day is left blank too; the original misspells the month ("Janiari").
    "tanggal_ttd_teks": "Januari 2023",
}

KONSTANTA = [
    {"kode": "jumlah_desa", "nama": "Jumlah desa", "satuan": "desa", "nilai": Decimal("20")},
]

# In document order. `judul_tugas` is the name the original puts before "mempunyai tugas" where it
# differs from the jabatan's name; empty where it is the same or where the tugas is one paragraph
# that names its subject itself (jabatan 1). Every jabatan's atasan for verification is the
# Sekretaris Kecamatan (design.md §1); the Sekcam's own atasan is the Camat, outside this list.
JABATAN = [
    {
        "kode": "sekcam",
        "nama": "Sekretaris Kecamatan Ketapang",
        "atasan": None,
        "judul_tugas": "",
        "tugas": [
            "Sekretariat Kecamatan mempunyai tugas membantu camat dalam kegiatan administrasi "
            "umum, kepegawaian, keuangan, perlengkapan, penyusunan program, hubungan kerja "
            "dibidang administrasi dengan satuan kerja perangkat daerah terkait dan "
            "pengkoordinasian kegiatan dilingkungan kecamatan.",
        ],
        "fungsi": [
            "Penyusunan perencanaan, pengendalian dan penyiapan bahan evaluasi pelaksanaan kegiatan kecamatan;",
            "Pengelolaan urusan keuangan kecamatan;",
            "Pelaksanaan tata usaha umum, tata usaha kepegawaian dan tata usaha perlengkapan kecamatan;",
            "Pelaksanaan urusan Rumah Tangga kecamatan;",
            "Penyelenggaraan hubungan kerja di bidang administrasi dengan satuan kerja perangkat kerja terkait;",
            "Pelaksanaan fungsi lain yang diberikan oleh Camat yang berkaitan dengan tugas dan fungsinya.",
        ],
    },
    {
        "kode": "kasubag_umum",
        "nama": "Sub Bagian Umum dan Kepegawaian",
        "atasan": "sekcam",
        "judul_tugas": "",
        "tugas": [
            "Menyusun rencana kerja Sub Bagian Umum dan Kepegawaian;",
            "Melaksanakan pelayanan administrasi umum, urusan surat menyurat dan ketatalaksanaan;",
            "Melakukan pengelolaan administrasi kepegawaian;",
            "Menyusun rencana kebutuhan dan mendistribusikan barang perlengkapan;",
            "Menyiapkan bahan untuk penghapusan dan inventarisasi barang;",
            "Melakukan pengelolaan administrasi naskah dinas;",
            "Melakukan keprotokolan dan mengurus perjalanan dinas serta hubungan masyarakat;",
            "Menyelenggarakan urusan pemeliharaan kebersihan, keindahan kantor dan keamanan;",
            "Menyiapkan sarana dan prasarana rapat dinas, sarasehan, seminar, acara pembinaan, "
            "upacara dan kunjungan kerja;",
            "Melakukan upaya peningkatan dan pengawasan disiplin pegawai; dan",
            "Melaksanakan tugas lain yang diberikan oleh Sekretaris.",
        ],
        "fungsi": [],
    },
    {
        "kode": "kasubag_keuangan",
        "nama": "Sub Bagian Keuangan",
        "atasan": "sekcam",
        "judul_tugas": "Sub Bagian Keuangan dan Program",
        "tugas": [
            "Menyusun rencana kerja Sub Bagian Keuangan dan Program;",
            "Menghimpun bahan perencanaan program dan anggaran;",
            "Melaksanakan pengelolaan, pengadministrasian dan pembukuan keuangan;",
            "Melaksanakan verifikasi dan menyusun laporan pertanggungjawaban atas pelaksanaan pengelolaan keuangan;",
            "Melaksanakan pengelolaan pembayaran gaji pegawai;",
            "Menyetujui usulan pembayaran keuangan yang diajukan pelaksana kegiatan; dan",
            "Melaksanakan tugas lain yang diberikan oleh Sekretaris.",
        ],
        "fungsi": [],
    },
    {
        "kode": "kasi_pemerintahan",
        "nama": "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang",
        "atasan": "sekcam",
        "judul_tugas": "Seksi Pemerintahan",
        "tugas": [
            "Menyusun rencana kerja Seksi Pemerintahan;",
            "Melaksanakan penyelenggaraan pemerintahan dan koordinasi dengan instansi di "
            "lingkungan pemerintahan kecamatan;",
            "Melakukan pembinaan dan pengawasan pemerintahan Desa/Kelurahan;",
            "Melaksanakan administrasi kependudukan dan pencatatan sipil;",
            "Melaksanakan pelayanan administrasi kependudukan;",
            "Melakukan pembinaan teknis administrasi pertanahan/keagrariaan;",
            "Menyusun program pembinaan Sosial Politik dan ideologi negara dan kesatuan bangsa;",
            "Menyusun program dan penyelenggaraan pelayanan umum dan administrasi kepada masyarakat;",
            "Menyusun program dan penyelenggaraan pembinaan pelayanan kebersihan, keindahan, "
            "pertamanan dan sanitasi lingkungan;",
            "Menyusun program dan penyelenggaraan pembinaan pelayanan kekayaan dan inventarisasi wilayah;",
            "Mengumpulkan, mengolah data dan informasi, menginventarisasi permasalahan serta "
            "melaksanakan pemecahan permasalahan yang berkaitan dengan pelayanan, informasi, "
            "dan pengaduan;",
            "Menyiapkan bahan kebijakan, bimbingan dan pembinaan serta petunjuk teknis yang "
            "berkaitan dengan informasi; dan",
            "Melaksanakan tugas lain yang diberikan oleh Camat.",
        ],
        "fungsi": [],
    },
    {
        "kode": "kasi_trantib",
        "nama": "Kepala Seksi Ketentraman dan Ketertiban Kecamatan Ketapang",
        "atasan": "sekcam",
        "judul_tugas": "Seksi Ketentraman dan Ketertiban",
        "tugas": [
            "Menyusun rencana kerja Seksi Ketentraman dan Ketertiban;",
            "Melaksanakan koordinasi upaya penyelenggaraan ketentraman dan ketertiban;",
            "Melaksanakan pembinaan ketentraman dan ketertiban;",
            "Melaksanakan koordinasi penerapan dan penegakan peraturan perundang-undangan;",
            "Menyelenggarakan pemberdayaan masyarakat di bidang ketentraman dan ketertiban umum;",
            "Melaksanakan penanggulangan dini gangguan ketentraman dan ketertiban;",
            "Melaksanakan pembinaan dan pengendalian ketentraman dan ketertiban umum;",
            "Melaksanakan fasilitasi dan pembinaan kesiagaan dan penanggulangan bencana serta "
            "peningkatan sumber daya manusia satuan perlindungan masyarakat; dan",
            "Melaksanakan tugas lain yang diberikan oleh Camat.",
        ],
        "fungsi": [],
    },
    {
        "kode": "kasi_pmd_kesos",
        "nama": "Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial Kecamatan Ketapang",
        "atasan": "sekcam",
        "judul_tugas": "Seksi Pemberdayaan Masyarakat Desa",
        "tugas": [
            "Melaksanakan program dan pembinaan pembangunan perekonomian masyarakat desa/kelurahan;",
            "Menyusun program dan pembinaan pengembangan kemampuan sumber daya masyarakat, akses modal dan pemasaran;",
            "Menyusun program dan pembinaan dibidang produksi dan distribusi hasil produksi;",
            "Menyusun program dan pembinaan peningkatan swadaya dan partisipasi untuk "
            "meningkatkan kehidupan pembangunan perekonomian masyarakat;",
            "Menyusun program dan pembinaan lingkungan hidup;",
            "Menyusun program dan pembinaan dalam peningkatan peran serta masyarakat dalam "
            "penghijauan dan pengendalian pencemaran lingkungan;",
            "Menyusun program dan pembinaan pembangunan fisik wilayah desa/kelurahan;",
            "Menyusun program dan pembinaan pembangunan perekonomian masyarakat desa/kelurahan;",
            "Menyusun rencana kerja Seksi Kesejahteraan Rakyat;",
            "Menyusun program dan pembinaan dibidang kepemudaan, peranan wanita dan kegiatan olah raga;",
            "Menyusun program dan pembinaan dibidang kehidupan keagamaan, pendidikan dan kebudayaan;",
            "Menyusun program dan pembinaan dibidang kesehatan masyarakat dan Keluarga Berencana;",
            "Melaksanakan penanggulangan dini penyakit masyarakat dan bencana alam;",
            "Melaksanakan dan mengkoordinasikan upaya peningkatan kesejahteraan masyarakat;",
            "Melaksanakan inventarisasi dan fasilitasi penanggulangan masalah kesejahteraan masyarakat;",
            "Menyusun program dan pembinaan bantuan dan pelayanan sosial;",
            "Melaksanakan tugas lain yang diberikan oleh Camat.",
        ],
        "fungsi": [],
    },
]

# Sasaran texts as printed; the document words the same aim in several ways ("Meningkatkan ..."
# under jabatan 1, "Meningkatnya ..." elsewhere) and each wording is kept as its own text.
_S_PELAYANAN_SEKCAM = "Meningkatkan kinerja pelayanan Perijinan dan administrasi Kependudukan"
_S_TRANTIB_SEKCAM = "Meningkatkan partisipasi dalam keamanan dan ketertiban memadai"
_S_DESA_SEKCAM = "Meningkatkan Pengelolaan Administrasi Desa"
_S_PELAYANAN = "Meningkatnya Kinerja Pelayanan Perijinan dan Administrasi Kependudukan"
_S_DESA = "Meningkatnya Pengelolaan Administrasi Desa"
_S_TRANTIB = "Meningkatnya Partisipasi masyarakat dalam keamanan dan Ketertiban memadai"
_S_PEMBANGUNAN = "Meningkatnya Partisipasi masyarakat dalam Perencanaan dan pelaksanaan Pembangunan"

SASARAN = [
    _S_PELAYANAN_SEKCAM,
    _S_TRANTIB_SEKCAM,
    _S_DESA_SEKCAM,
    _S_PELAYANAN,
    _S_DESA,
    _S_TRANTIB,
    _S_PEMBANGUNAN,
]


def _v(kode, nama, satuan, cara_gabung, pengisi):
    return {
        "kode": kode,
        "nama": nama,
        "satuan": satuan,
        "cara_gabung": cara_gabung,
        "pengisi": pengisi,
    }


def _persen(kode, nama, rumus, sumber_data, penanggung_jawab, variabel):
    return {
        "kode": kode,
        "nama": nama,
        "satuan": "%",
        "polaritas": "naik",
        "jenis": "rumus",
        "rumus": rumus,
        "penjelasan": "",
        "sumber_data": sumber_data,
        "penanggung_jawab": penanggung_jawab,
        "sifat_target": "tetap",
        "variabel": variabel,
    }


# cara_gabung: "jumlah" for flows counted anew every month (requests, letters, payments);
# "terakhir" for states and for yearly document sets whose monthly value is "how many so far"
# (desa tertib, APBDes and SPJ of the 20 desa, planning documents, registers, sarana), where
# adding months up would count the same desa or document twice.
INDIKATOR = [
    {
        "kode": "ikm",
        "nama": "IKM",
        "satuan": "indeks",
        "polaritas": "naik",
        "jenis": "survei",
        "rumus": "",
        "penjelasan": "(Total nilai dari nilai persepsi per unsur : Total unsur yang terisi) \u00d7 nilai tertimbang",
        "sumber_data": "Survei Kepuasan Masyarakat",
        "penanggung_jawab": "kasi_pemerintahan",
        "sifat_target": "tetap",
        "variabel": [],
    },
    _persen(
        "adminduk",
        "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu",
        "ktp_tepat / ktp_usulan * 100",
        "Laporan Kependudukan",
        "kasi_pemerintahan",
        [
            _v(
                "ktp_tepat",
                "Jumlah KTP, KK dan Akta yang diproses tepat waktu",
                "dokumen",
                "jumlah",
                "kasi_pemerintahan",
            ),
            _v("ktp_usulan", "Jumlah usulan pembuatan KTP, KK dan Akta", "dokumen", "jumlah", "kasi_pemerintahan"),
        ],
    ),
    _persen(
        "pertanahan",
        "Prosentase penyelesaian pelayanan bidang pertanahan tepat waktu",
        "akta_tanah_tepat / akta_tanah_usulan * 100",
        "Register Pertanahan",
        "kasi_pemerintahan",
        [
            _v(
                "akta_tanah_tepat",
                "Jumlah Akta Tanah yang diproses tepat waktu",
                "dokumen",
                "jumlah",
                "kasi_pemerintahan",
            ),
            _v("akta_tanah_usulan", "Jumlah usulan pembuatan Akta Tanah", "dokumen", "jumlah", "kasi_pemerintahan"),
        ],
    ),
    _persen(
        "perijinan",
        "Prosentase penyelesaian pelayanan perijinan tepat waktu",
        "ijin_tepat / ijin_usulan * 100",
        "Register",
        "kasi_pemerintahan",
        [
            _v(
                "ijin_tepat", "Jumlah IMB, HO, SIUP yang diproses tepat waktu", "dokumen", "jumlah", "kasi_pemerintahan"
            ),
            _v("ijin_usulan", "Jumlah usulan pembuatan IMB, HO, SIUP", "dokumen", "jumlah", "kasi_pemerintahan"),
        ],
    ),
    {
        "kode": "kriminalitas",
        "nama": "Angka Kriminalitas",
        "satuan": "kasus",
        "polaritas": "turun",
        "jenis": "selisih",
        "rumus": "kejadian_kriminalitas - target",
        "penjelasan": "",
        "sumber_data": "Polsek Kec. Ketapang",
        "penanggung_jawab": "kasi_trantib",
        # A count of events: the annual target is spread over the months (design.md §3.3).
        "sifat_target": "proporsional",
        "variabel": [
            _v("kejadian_kriminalitas", "Jumlah kejadian kriminalitas", "kasus", "jumlah", "kasi_trantib"),
        ],
    },
    _persen(
        "skck",
        "Prosentase penyelesaian pengajuan SKCK dan ijin keramaian tepat waktu",
        "skck_tepat / skck_usulan * 100",
        "Register SKCK dan Register Ijin Keramaian",
        "kasi_trantib",
        [
            _v(
                "skck_tepat",
                "Jumlah SKCK dan Ijin Keramaian yang diproses tepat waktu",
                "dokumen",
                "jumlah",
                "kasi_trantib",
            ),
            _v("skck_usulan", "Jumlah usulan pembuatan SKCK dan Ijin Keramaian", "dokumen", "jumlah", "kasi_trantib"),
        ],
    ),
    _persen(
        "desa_tertib",
        "Prosentase desa yang tertib administrasi",
        "desa_tertib_adm / jumlah_desa * 100",
        "Administrasi desa",
        "sekcam",
        [
            # Kasi Pemerintahan: "pembinaan dan pengawasan pemerintahan Desa/Kelurahan".
            _v("desa_tertib_adm", "Jumlah desa yang tertib administrasi", "desa", "terakhir", "kasi_pemerintahan"),
        ],
    ),
    _persen(
        "lpj_kecamatan",
        "Prosentase penyelesaian laporan pertanggungjawaban kecamatan tepat waktu",
        "lpj_tepat / lpj_wajib * 100",
        "SPM",
        "kasubag_keuangan",
        [
            # Monthly SPJ of the kecamatan's own spending: a flow.
            _v(
                "lpj_tepat",
                "Jumlah dokumen pertanggungjawaban yang selesai tepat waktu",
                "dokumen",
                "jumlah",
                "kasubag_keuangan",
            ),
            _v(
                "lpj_wajib", "Jumlah dokumen pertanggungjawaban yang harus ada", "dokumen", "jumlah", "kasubag_keuangan"
            ),
        ],
    ),
    _persen(
        "apbdes",
        "Prosentase penyelesaian usulan anggaran desa tepat waktu",
        "apbdes_tepat / jumlah_desa * 100",
        "APBDes",
        "kasi_pmd_kesos",
        [
            # One APBDes per desa per year: the monthly value is how many desa are done so far.
            _v(
                "apbdes_tepat",
                "Jumlah dokumen APBDes yang selesai tepat waktu",
                "dokumen",
                "terakhir",
                "kasi_pmd_kesos",
            ),
        ],
    ),
    _persen(
        "spj_desa",
        "Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
        "spj_desa_tepat / jumlah_desa * 100",
        "SPJ Desa",
        "kasi_pmd_kesos",
        [
            _v(
                "spj_desa_tepat",
                "Jumlah dokumen SPJ desa yang selesai tepat waktu",
                "dokumen",
                "terakhir",
                "kasi_pmd_kesos",
            ),
        ],
    ),
    _persen(
        "perencanaan",
        "Prosentase penyelesaian perencanaan pembangunan tepat waktu",
        "perencanaan_tepat / perencanaan_wajib * 100",
        "RKA",
        "kasubag_keuangan",
        [
            # Kasubag Keuangan dan Program: "menghimpun bahan perencanaan program dan anggaran".
            _v(
                "perencanaan_tepat",
                "Jumlah dokumen perencanaan yang selesai tepat waktu",
                "dokumen",
                "terakhir",
                "kasubag_keuangan",
            ),
            _v(
                "perencanaan_wajib",
                "Jumlah dokumen perencanaan yang harus ada",
                "dokumen",
                "terakhir",
                "kasubag_keuangan",
            ),
        ],
    ),
    _persen(
        "arsip",
        "Tersedianya arsip surat masuk dan keluar",
        "surat_diarsip / surat_register * 100",
        "Register Surat Masuk dan Keluar",
        "kasubag_umum",
        [
            _v("surat_diarsip", "Jumlah surat masuk dan keluar yang diarsip", "surat", "jumlah", "kasubag_umum"),
            _v(
                "surat_register",
                "Jumlah dokumen surat masuk dan keluar dalam register",
                "surat",
                "jumlah",
                "kasubag_umum",
            ),
        ],
    ),
    _persen(
        "sarpras",
        "Prosentase sarana dan prasarana dalam kondisi baik",
        "sarpras_baik / sarpras_dimiliki * 100",
        "Dokumen Inventaris Barang",
        "kasubag_umum",
        [
            _v("sarpras_baik", "Jumlah sarana dan prasarana dalam kondisi baik", "unit", "terakhir", "kasubag_umum"),
            _v("sarpras_dimiliki", "Jumlah sarana dan prasarana yang dimiliki", "unit", "terakhir", "kasubag_umum"),
        ],
    ),
    _persen(
        "gaji",
        "Prosentase penyelesaian gaji pegawai tepat waktu",
        "sp2d_gaji / spp_spm_gaji * 100",
        "SPP-SPM",
        "kasubag_keuangan",
        [
            _v("sp2d_gaji", "SP2D gaji yang dicairkan", "dokumen", "jumlah", "kasubag_keuangan"),
            _v(
                "spp_spm_gaji", "Jumlah dokumen SPP-SPM gaji yang telah dibuat", "dokumen", "jumlah", "kasubag_keuangan"
            ),
        ],
    ),
    _persen(
        "kesos",
        "Prosentase penyelesaian buku kesejahteraan sosial",
        "buku_kesos_tepat / buku_kesos_wajib * 100",
        "Buku register kesos",
        "kasi_pmd_kesos",
        [
            _v(
                "buku_kesos_tepat",
                "Jumlah buku register yang selesai dengan baik tepat waktu",
                "buku",
                "terakhir",
                "kasi_pmd_kesos",
            ),
            _v("buku_kesos_wajib", "Jumlah buku register kesos yang harus ada", "buku", "terakhir", "kasi_pmd_kesos"),
        ],
    ),
    _persen(
        "raskin",
        "Prosentase penyelesaian pelaksanaan distribusi raskin",
        "raskin_tepat / raskin_diterima * 100",
        "Laporan distribusi",
        "kasi_pmd_kesos",
        [
            _v("raskin_tepat", "Jumlah raskin yang didistribusi tepat waktu", "kg", "jumlah", "kasi_pmd_kesos"),
            _v("raskin_diterima", "Jumlah total raskin yang diterima", "kg", "jumlah", "kasi_pmd_kesos"),
        ],
    ),
    _persen(
        "perpustakaan",
        "Prosentase fasilitasi pelaksanaan perpustakaan keliling",
        "perpusling_tepat / perpusling_jadwal * 100",
        "Jadwal perpustakaan keliling",
        "kasi_pmd_kesos",
        [
            _v(
                "perpusling_tepat",
                "Jumlah kegiatan perpustakaan keliling yang tepat waktu",
                "kegiatan",
                "jumlah",
                "kasi_pmd_kesos",
            ),
            _v(
                "perpusling_jadwal",
                "Jumlah kegiatan perpustakaan keliling sesuai jadwal",
                "kegiatan",
                "jumlah",
                "kasi_pmd_kesos",
            ),
        ],
    ),
]


def _b(jabatan, sasaran, indikator, teks_indikator, sumber_data):
    return {
        "jabatan": jabatan,
        "sasaran": sasaran,
        "indikator": indikator,
        "teks_indikator": teks_indikator,
        "sumber_data": sumber_data,
    }


# The rows of the six tables, in document order, spelt as printed in each row.
BARIS = [
    # 1. Sekretaris Kecamatan Ketapang
    _b("sekcam", _S_PELAYANAN_SEKCAM, "ikm", "IKM", "Survei Kepuasan Masyarakat"),
    _b(
        "sekcam",
        _S_PELAYANAN_SEKCAM,
        "adminduk",
        "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu",
        "Laporan kependudukan",
    ),
    _b(
        "sekcam",
        _S_PELAYANAN_SEKCAM,
        "pertanahan",
        "Prosentase penyelesaian pelayanan pertanahan tepat waktu",
        "Seksi Pemerintahan, Pelayanan Umum dan Informasi",
    ),
    # Sumber Data left blank in the original.
    _b("sekcam", _S_PELAYANAN_SEKCAM, "perijinan", "Prosentase penyelesaian pelayanan perijinan tepat waktu", ""),
    _b("sekcam", _S_TRANTIB_SEKCAM, "kriminalitas", "Angka Kriminalitas", "Polsek"),
    _b(
        "sekcam",
        _S_TRANTIB_SEKCAM,
        "skck",
        "Prosentase penyelesaian pengajuan SKCK dan ijin keramaian tepat waktu",
        "Seksi Trantib",
    ),
    _b("sekcam", _S_DESA_SEKCAM, "desa_tertib", "Prosentase desa yang tertib administrasi", "Administrasi desa"),
    _b(
        "sekcam",
        _S_DESA_SEKCAM,
        "lpj_kecamatan",
        "Prosentase penyelesaian laporan pertanggungjawaban kecamatan tepat waktu",
        "Bagian keuangan",
    ),
    _b(
        "sekcam",
        _S_DESA_SEKCAM,
        "apbdes",
        "Prosentase penyelesaian usulan anggaran desa tepat waktu",
        "Seksi PMD dan Pemerintahan",
    ),
    _b(
        "sekcam",
        _S_DESA_SEKCAM,
        "spj_desa",
        "Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
        "Seksi PMD dan Pemerintahan",
    ),
    # 2. Sub Bagian Umum dan Kepegawaian
    _b(
        "kasubag_umum",
        _S_PELAYANAN,
        "perencanaan",
        "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
        "RKA",
    ),
    _b(
        "kasubag_umum",
        _S_PELAYANAN,
        "arsip",
        "Tersedianya arsip surat masuk dan keluar",
        "Register Surat Masuk dan Keluar",
    ),
    _b(
        "kasubag_umum",
        _S_PELAYANAN,
        "sarpras",
        "Prosentase sarana dan prasarana dalam kondisi baik",
        "Dokumen Inventaris Barang",
    ),
    # 3. Sub Bagian Keuangan
    _b(
        "kasubag_keuangan",
        _S_PELAYANAN,
        "perencanaan",
        "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
        "RKA",
    ),
    _b(
        "kasubag_keuangan",
        _S_PELAYANAN,
        "lpj_kecamatan",
        "Prosentase Penyelesaian laporan pertanggungjawaban kecamatan tepat waktu",
        "SPM",
    ),
    _b("kasubag_keuangan", _S_PELAYANAN, "gaji", "Prosentase penyelesaian gaji pegawai tepat waktu", "SPP-SPM"),
    # 4. Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi
    _b(
        "kasi_pemerintahan",
        _S_PELAYANAN,
        "adminduk",
        "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
        "Laporan Kependudukan",
    ),
    _b(
        "kasi_pemerintahan",
        _S_PELAYANAN,
        "pertanahan",
        "Prosentase Penyelesaian Pelayanan bidang Pertanahan tepat waktu",
        "Register Pertanahan",
    ),
    # The same row again in the original.
    _b(
        "kasi_pemerintahan",
        _S_PELAYANAN,
        "adminduk",
        "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
        "Laporan Kependudukan",
    ),
    _b("kasi_pemerintahan", _S_DESA, "apbdes", "Prosentase Penyelesaian Usulan Anggaran Desa tepat waktu", "APBDes"),
    _b(
        "kasi_pemerintahan",
        _S_DESA,
        "spj_desa",
        "Prosentase Penyelesaian Laporan Pertanggungjawaban desa tepat waktu",
        "SPJ Desa",
    ),
    _b("kasi_pemerintahan", _S_PELAYANAN, "ikm", "IKM", "Survei Kepuasan Masyarakat"),
    _b(
        "kasi_pemerintahan",
        _S_PELAYANAN,
        "perijinan",
        "Prosentase Penyelesaian pelayanan perijinan tepat waktu",
        "Register",
    ),
    # 5. Kepala Seksi Ketentraman dan Ketertiban
    _b("kasi_trantib", _S_TRANTIB, "kriminalitas", "Angka Kriminalitas", "Polsek Kec. Ketapang"),
    _b(
        "kasi_trantib",
        _S_TRANTIB,
        "skck",
        "Prosentase Penyelesaian Pengajuan SKCK dan Ijin Keramaian tepat waktu",
        "Register SKCK dan Register Ijin Keramaian",
    ),
    # 6. Kepala Seksi Pemberdayaan Masyarakat dan Kesejahteraan Sosial
    _b(
        "kasi_pmd_kesos",
        _S_PEMBANGUNAN,
        "perencanaan",
        "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
        "Musrenbangdes",
    ),
    _b(
        "kasi_pmd_kesos", _S_PEMBANGUNAN, "apbdes", "Prosentase Penyelesaian usulan anggaran desa tepat waktu", "APBDes"
    ),
    _b(
        "kasi_pmd_kesos",
        _S_PEMBANGUNAN,
        "spj_desa",
        "Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
        "SPJ Desa",
    ),
    _b(
        "kasi_pmd_kesos",
        _S_PELAYANAN,
        "kesos",
        "Prosentase Penyelesaian Buku Kesejahteraan Sosial",
        "Buku register kesos",
    ),
    _b(
        "kasi_pmd_kesos",
        _S_PELAYANAN,
        "raskin",
        "Prosentase Penyelesaian pelaksanaan distribusi raskin",
        "Laporan distribusi",
    ),
    _b(
        "kasi_pmd_kesos",
        _S_PELAYANAN,
        "perpustakaan",
        "Prosentase fasilitasi pelaksanaan perpustakaan keliling",
        "Jadwal perpustakaan keliling",
    ),
]

# BAB I-III of the original as str.format templates. Placeholders: {nama_unit},
# {nama_kabupaten}, {tahun}, {renstra_mulai}, {renstra_selesai}, {nomor_keputusan},
# {jabatan_pimpinan}. Paragraphs are separated by a blank line, list items are lines "1. ...".
# The wording, typos included, is the original's; only extraction noise (broken spacing, lines
# split mid-sentence, the Manfaat list numbered on from 3) is repaired. The Perda and Perbup cited
# in `dasar_penetapan` are Sampang's own regulations and keep their literal name.
NARASI = {
    "latar_belakang": (
        "Salah satu untuk memperkuat akuntabilitas dalam kerangka penerapan Pemerintahan yang "
        "baik (Good Goverment) merupakan prasyarat untuk mewujudkan aspirasi masyarakat dan "
        "mencapai tujuan serta cita-cita bangsa bernegara serta mewujudkan tata pemerintahan "
        "yang baik dan akuntabel. Pemerintahan yang akuntabel merupakan kewajiban yang perlu "
        "dilaksanakan dalam usaha mewujudkan visi misi pembangunan daerah dan aspirasi serta "
        "cita-cita masyarakat dalam mencapai masa depan yang lebih baik. Berkaitan dengan hal "
        "itu, diperlukan pengembangan dan penerapan sistem pertanggungjawaban yang tepat, jelas "
        "dan terukur, sehingga penyelenggaraan pemerintahan dan pembangunan dapat berlangsung "
        "secara berdaya guna, berhasil guna, serta bebas dari korupsi, kolusi dan nepotisme."
        "\n\n"
        "Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor : PER/09/M.PAN/5/2007, "
        "Tanggal 31 Mei 2007, tentang Pedoman Umum Penetapan Indikator Kinerja Individu di "
        "Lingkungan Instansi Pemerintah. Berdasarkan Peraturan Menteri Negara Pendayagunaan "
        "Aparatur Negara, Indikator Kinerja Individu (Key Performace Indicators) adalah ukuran "
        "keberhasilan dari suatu tujuan dan sasaran strategis organisasi. Setiap Instansi "
        "Pemerintah wajib menetapkan Indikator Kinerja Individu (Key Performace Indicators) "
        "secara formal untuk tujuan dan sasaran strategis untuk masing-masing tingkatan (level) "
        "secara berjenjang."
        "\n\n"
        "Dalam rangka memenuhi maksud tersebut diatas maka {nama_unit} Kabupaten "
        "{nama_kabupaten} menyusun Dokumen Indikator Kinerja Individu (IKI) dari instansi "
        "pemerintah yang bersangkutan. Kinerja individu dari instansi adalah hal individu apa "
        "yang akan diwujudkan oleh instansi yang bersangkutan, atau untuk mewujudkan apa "
        "instansi pemerintah dibentuk, yang menjadi core areal business dan tertuang dalam "
        "tugas dan fungsi serta kewenangan individu instansi pemerintah."
        "\n\n"
        "Dengan demikian kinerja individu terkandung dalam tujuan dan sasaran strategis instansi "
        "pemerintah, sehingga IKI (Key Performace Indicators) adalah merupakan ukuran "
        "keberhasilan dari suatu tujuan dan sasaran strategis instansi pemerintah. Dengan kata "
        "lain IKI digunakan sebagai ukuran keberhasilan dari Instansi Pemerintah yang "
        "bersangkutan."
        "\n\n"
        "Dokumen Indikator Kinerja Individu (IKI) sebagai bentuk komitmen {nama_unit} Kabupaten "
        "{nama_kabupaten} Tahun {tahun} disusun berdasarkan Keputusan {jabatan_pimpinan} "
        "Nomor : {nomor_keputusan} tentang Penetapan Indikator Kinerja Individu (IKI) "
        "{nama_unit} Kabupaten {nama_kabupaten}."
    ),
    "maksud_tujuan": (
        "Maksud dan tujuan ditetapkan Indikator Kinerja Individu bagi instansi pemerintah "
        "adalah\n"
        "1. Untuk memperoleh informasi kinerja yang penting dan diperlukan dalam "
        "menyelenggarakan menajemen Kinerja secara baik\n"
        "2. Untuk memperoleh ukuran keberhasilan dari pencapaian suatu tujuan dan sasaran "
        "strategis organisasi yang digunakan untuk perbaikan kinerja dan peningkatan "
        "akuntabilitas kinerja"
    ),
    "manfaat": (
        "Beberapa manfaat ditetapkan Indikator Kinerja Individu adalah :\n"
        "1. Program dan kegiatan yang dilaksanakan suatu instansi pemerintah akan terkait "
        "langsung dengan ukuran keberhasilan instansi tersebut yang merupakan penjabaran dari "
        "tugas dan fungsi instansi\n"
        "2. Terdapat keselarasan antara indikator kinerja kegiatan dengan IKI instansi yang "
        "bersangkutan\n"
        "3. Anggaran hanya dipergunakan untuk program dan kegiatan yang memang akan mendukung "
        "keberhasilan instansi dalam upaya pelaksanaan tugas dan fungsi."
    ),
    "pengantar_bab2": (
        "Instansi pemerintah sebagai lembaga pelayanan publik berkewajiban adalah suatu ukuran "
        "atau patokan keberhasilan kinerja organisasi. Dengan adanya rumusan indikator bagi "
        "keberhasilan organisasi maka berdasarkan ketercapaian indikator tersebut dilakukan "
        "pengukuran kinerja organisasi, yang akan menjelaskan tingkat kemajuan kinerja "
        "organisasi dalam memberikan pelayanan kepada masyarakat. Penyusunan IKI dengan "
        "demikian merupakan suatu konsesus bersama dalam memajukan organisasi guna menghindari "
        "interpretasi sukses atau gagalnya sebuah organisasi."
    ),
    "syarat": (
        "Sebelum menetapkan indikator kinerja, maka perlu diketahui syarat-syarat yang harus "
        "dipenuhi oleh suatu indikator kinerja. Syarat-syarat yang berlaku untuk semua indikator "
        "kinerja tersebut adalah sebagai berikit :\n"
        "1. Relevan, indikator kinerja harus berhubungan dengan apa yang diukur dan secara "
        "objektif dapat digunakan untuk pengambilan keputusan atau kesimpulan tentang "
        "pencapaian apa yang diukur\n"
        "2. Penting/menjadi prioritas dan harus berguna untuk menunjukkan keberhasilan, "
        "kemajuan, atau pencapaian\n"
        "3. Efektif dan layak, data/informasi yang berkaitan dengan indikator kinerja yang "
        "bersangkutan dapat dikimpulkan, diolah, dan dianalisis dengan biaya yang layak."
    ),
    "kriteria": (
        "Indikator kinerja yang baik dan cukup memadai, setidak-tidaknya memenuhi kriteria yang "
        "terdiri dari :\n"
        "1. Spesifik, indikator kinerja harus sesuai dengan program dan atau kegiatan sehingga "
        "mudah dipahami dalam memberikan informasi yang tepat tentang hasil atau capaian kinerja "
        "dari kegiatan dan atau sasaran.\n"
        "2. Dapat dicapai, indikator kinerja yang ditetapkan harus menantang namun bukan hal "
        "yang mustahil untuk dicapai dan dalam kendali instansi pemerintah. Jadi dalam "
        "menetapkan suatu indikator kinerja perlu diperlukan juga bagaimana nanti untuk "
        "mengumpulkan data kinerjanya, apakah masih dalam kendali instansi pemerintah yang "
        "bersangkutan atau tidak dan tidak ada ambiguitas atas data apa yang akan dikimpulkan "
        "untuk suatu indikator\n"
        "3. Relevan, suatu indikator kinerja harus dapat mengukur sedekat mungkin dengan hasil "
        "yang akan diukur.\n"
        "4. Menggambarkan sesuatu yang diukur, indikator yang baik merupakan ukuran dari suatu "
        "keberhasilan. Harus terdapat kesepakatan tentang interpretasi terhadap hasil yang akan "
        "digunakan sebagai ukuran, indikator tersebut harus mempunyai satu dimensi artinya "
        "bahwa indikator hanya mengukur satu fenomena setiap saat\n"
        "5. Dapat dikiantifikasi dan diukur, indikator dalam angka atau dapat diukur untuk dapat "
        "ditentukan kapan dapat dicapai."
    ),
    "dasar_penetapan": (
        "Adapun hal-hal yang menjadi bahan pertimbangan dalam penetapan indikator kinerja "
        "individu (IKI) {nama_unit} Kabupaten {nama_kabupaten} adalah sebagai berikit :\n"
        "1. Program dan kegiatan yang dilaksanakan suatu instansi pemerintah akan terkait "
        "langsung dengan ukuran keberhasilan instansi tersebut yang merupakan penjabaran dari "
        "tugas dan fungsi instansi\n"
        "2. Dokumen Rencana Strategis {nama_unit} Kabupaten {nama_kabupaten} Tahun "
        "{renstra_mulai}-{renstra_selesai}\n"
        "3. Kewenangan, tugas dan fungsi serta peran {nama_unit} Kabupaten {nama_kabupaten} "
        "yang diamanatkan oleh Peraturan Daerah Kabupaten Sampang Nomor 14 Tahun 2008 tentang "
        "Organisasi dan Tata Kerja kecamatan dan Kelurahan (Lembaran Daerah Kabupaten Sampang "
        "Tahun 2008 Nomor 14) dan Peraturan Bupati Sampang Nomor 72 Tahun 2016 tentang Tugas "
        "dan Fungsi, Serta Tata Kerja Kecamatan, maka perlu dipaparkan Tugas Pokok dan Fungsi "
        "{nama_unit}\n"
        "4. Ketentuan pelaksanaan akuntabilitas kinerja instansi pemerintah"
    ),
    "iki_unit": (
        "Menentukan Indikator Kinerja Individu suatu instansi pemerintah memerlukan suatu "
        "proses langsung yang meliputi penyaringan yang berulang-ulang, kerjasama, dan "
        "pengembangan konsesus serta pemikiran yang hati-hati. Penetapannya wajib menggunakan "
        "prinsip kehati-hatian, kecermatan, keterbukaan, dan transparansi guna menghasilkan "
        "informasi kinerja yang handal."
    ),
    "langkah_penentuan": (
        "Langkah-langkah umum dalam penentuan IKI instansi pemerintah dapat dijelaskan sebagai "
        "berikut :\n"
        "1. Tahap pertama, Klarifikasi apa yang menjadi kinerja individu, pernyataan hasil "
        "(result statement) atau tujuan/sasaran yang ingin di capai. Suatu indikator kinerja "
        "yang baik, diawali dengan suatu pernyataan hasil yang dapat dimengerti atau dipahami "
        "orang banyak.\n"
        "2. Tahap Kedua, Menyusun daftar awal IKI yang mungkin dapat digunakan, terdapat "
        "beberapa jenis indikator kinerja yang dapat digunakan untuk mengukur suatu outcome, "
        "namun dari indikator-indikator kinerja tersebut biasanya hanya beberapa indikator saja "
        "yang dapat digunakan dengan tepat.\n"
        "3. Tahap Ketiga, Melakukan penilaian setiap IKI yang terdapat dalam daftar awal "
        "indikator kinerja, setelah berhasil membuat daftar awal IKI, langkah selanjutnya "
        "adalah melakukan evaluasi setiap indikator yang tercantum dalam daftar indikator "
        "kinerja. Evaluasi dilakukan dengan membandingkan setiap indikator kinerja dalam daftar "
        "dengan kriterianya.\n"
        "4. Tahap keempat, Memilih IKI, Tahap akhir dari proses ini adalah memilih IKI. "
        "Indikator-indikator kinerja tersebut, harus disusun dalam suatu set indikator yang "
        "optimal yang dapat memenuhi kebututuhan manajemen, yaitu informasi yang berguna dengan "
        "biaya yang wajar. Dalam pemilihan ini harus selektif, pilihlah indikator kinerja yang "
        "dapat mewakili dimensi yang paling mendasar dan penting dari setiap tujuan/sasaran."
        "\n\n"
        "Dalam pemilihan dan penetapan IKI bagi {nama_unit} Kabupaten {nama_kabupaten}, telah "
        "dilibatkan berbagai pendapat, saran atau usulan dari pemegang kepentingan "
        "(stakeholders) baik secara langsung maupun tidak langsung. Selain itu IKI yang "
        "ditetapkan diupayakan untuk memenuhi karakteristik kinerja yang baik dan cukup memadai "
        "guna pengukuran kinerja satuan kerja organisasi."
    ),
    "kegunaan": (
        "IKI tersebut dapat digunakan untuk beragam kepentingan, antara lain :\n"
        "1. Perencanaan Jangka Menengah\n"
        "2. Perencanaan Tahunan\n"
        "3. Penyusunan Dokumen Penetapan Kinerja\n"
        "4. Laporan Akuntabilitas Kinerja\n"
        "5. Evaluasi Kinerja\n"
        "6. Pemantauan dan Pengendalian kinerja pelaksanaan program dan kegiatan"
    ),
    "penutup": (
        "Dokumen Indikator Kinerja Individu (IKI) {nama_unit} Kabupaten {nama_kabupaten} Tahun "
        "{tahun} merupakan komitmen {nama_unit} Kabupaten {nama_kabupaten} dalam "
        "penyelenggaraan pemerintahan yang baik (Good Governance) serta sebagai upaya untuk "
        "penyelenggaraan pemerintahan yang bersih (clean goverment)."
        "\n\n"
        "Instansi pemerintah sebagai lembaga pelayanan publik berkewajiban menyusun IKI sebagai "
        "suatu ukuran atau patokan keberhasilan kinerja organisasi. Dengan adanya rumusan "
        "indikator bagi keberhasilan organisasi maka berdasarkan ketercapaian indikator "
        "tersebut dilakukan pengukuran kinerja organisasi, yang akan menjelaskan tingkat "
        "kemajuan kinerja organisasi dalam memberikan pelayanan kepada masyarakat. Penyusunan "
        "IKI dengan demikian merupakan suatu konsesus bersama dalam memajukan organisasi guna "
        "menghindari interpretasi sukses atau gagalnya sebuah organisasi."
        "\n\n"
        "Pemilihan dan penetapan Indikator Kinerja Individu harus memenuhi karakteristik "
        "indikator kinerja yang baik dan cukup memadai guna pengukuran kinerja unit organisasi "
        "ang bersangkutan yaitu: spesifik, dapat dicapai, relevan, menggambarkan keberhasilan "
        "sesuatu yang diukur, dan dapat dikialifikasi dan diukur."
        "\n\n"
        "Dokumen Indikator Kinerja Individu (IKI) {nama_unit} Kabupaten {nama_kabupaten} tahun "
        "{tahun} diharapkan dapat dijadikan sebagai pedoman Perencanaan Kinerja di lingkungan "
        "{nama_unit} Kabupaten {nama_kabupaten} dalam melaksanakan misi guna mewujudkan yang "
        "tertuang dalam Rencana Strategis (Renstra) {nama_unit} Kabupaten {nama_kabupaten} "
        "Tahun {renstra_mulai} \u2013 {renstra_selesai}."
        "\n\n"
        "Dengan tersusunnya dokumen ini diharapkan bermanfaat dan dapat digunakan sebagaimana "
        "mestinya"
    ),
}


def konteks_narasi():
    """The values of the NARASI placeholders for this unit and year."""
    return {
        "nama_unit": UNIT["nama"],
        "nama_kabupaten": KABUPATEN["nama"],
        "tahun": TAHUN["tahun"],
        "renstra_mulai": TAHUN["renstra"][0],
        "renstra_selesai": TAHUN["renstra"][1],
        "nomor_keputusan": TAHUN["nomor_keputusan"],
        "jabatan_pimpinan": UNIT["jabatan_pimpinan"],
    }


# Demo annual targets ("data contoh"); the original document gives none.
TARGET_CONTOH = {
    "ikm": Decimal("80"),
    "adminduk": Decimal("95"),
    "pertanahan": Decimal("90"),
    "perijinan": Decimal("90"),
    "kriminalitas": Decimal("12"),
    "skck": Decimal("95"),
    "desa_tertib": Decimal("85"),
    "lpj_kecamatan": Decimal("100"),
    "apbdes": Decimal("100"),
    "spj_desa": Decimal("90"),
    "perencanaan": Decimal("100"),
    "arsip": Decimal("95"),
    "sarpras": Decimal("85"),
    "gaji": Decimal("100"),
    "kesos": Decimal("90"),
    "raskin": Decimal("100"),
    "perpustakaan": Decimal("90"),
}

# Work the demo leaves open, so that each demo login has something to do (README "Coba dalam 5
# menit"): the Kasi Pemerintahan (the demo staf) has not yet submitted December, one of their
# November values came back from the Sekcam (the demo verifier) with a note, and every other
# jabatan's December waits for its verifier. Values and figures are those of the full demo year.
# The desa of the demo (issue 17): as many as the constant jumlah_desa says, names marked data
# contoh (the operator enters the real ones), and the variables counted over them entered per desa.
DESA_CONTOH = [
    "Bangsereh", "Banyusokah", "Bunten Barat", "Bunten Timur", "Karang Anyar", "Ketapang Barat",
    "Ketapang Daya", "Ketapang Laok", "Ketapang Timur", "Pancor", "Paopale Daya", "Paopale Laok",
    "Rabiyan", "Sokong", "Banyubulu", "Tragih", "Planggiran", "Jrengoan", "Sumber Anyar", "Morbatoh",
]
VARIABEL_PER_DESA = ("desa_tertib_adm", "apbdes_tepat", "spj_desa_tepat")

PEKERJAAN_TERBUKA_CONTOH = {
    "draf": {"jabatan": "kasi_pemerintahan", "bulan": 12},
    "dikembalikan": {
        "variabel": "ktp_usulan",
        "bulan": 11,
        "catatan": "Jumlah usulan November belum sama dengan buku register pelayanan. Mohon dicek dan diajukan ulang.",
    },
}

_BULAN = range(1, 13)


def _acak(rng, bawah, atas):
    """A flow: an independent whole number for every month."""
    return [rng.randint(bawah, atas) for _ in _BULAN]


def _sebagian(rng, penyebut, bawah, atas):
    """A numerator for each month: a random share (bawah..atas) of that month's denominator."""
    return [min(d, int(d * rng.uniform(bawah, atas) + 0.5)) for d in penyebut]


def _kurang_sesekali(rng, penyebut, peluang):
    """A numerator that now and then falls one short of its small denominator."""
    return [max(0, d - 1) if rng.random() < peluang else d for d in penyebut]


def _naik(rng, awal, akhir, bulan_akhir=12):
    """A state: starts at `awal` in January, never falls, reaches `akhir` by `bulan_akhir`."""
    langkah = bulan_akhir - 1
    potong = sorted(rng.randint(0, akhir - awal) for _ in range(langkah - 1))
    nilai = [awal] + [awal + p for p in potong] + [akhir]
    return nilai + [akhir] * (12 - len(nilai))


def realisasi_contoh(seed: int = 2023) -> dict[str, dict[int, int]]:
    """Demo monthly counts for a whole year, `{variabel_kode: {bulan: nilai}}`.

    Deterministic for a given seed. Every numerator stays at or under its denominator every
    month, counts over the 20 desa stay at or under 20, and "terakhir" variables never fall.
    The shares are chosen so that, against TARGET_CONTOH, most indicators come out Sangat Baik,
    a few Baik, perijinan and SPJ desa Cukup and the buku kesos Kurang.
    """
    rng = random.Random(seed)
    seri = {}

    seri["ktp_usulan"] = _acak(rng, 120, 220)
    seri["ktp_tepat"] = _sebagian(rng, seri["ktp_usulan"], 0.93, 0.99)
    seri["akta_tanah_usulan"] = _acak(rng, 6, 18)
    seri["akta_tanah_tepat"] = _sebagian(rng, seri["akta_tanah_usulan"], 0.85, 0.97)
    seri["ijin_usulan"] = _acak(rng, 4, 10)
    seri["ijin_tepat"] = _sebagian(rng, seri["ijin_usulan"], 0.56, 0.74)
    seri["kejadian_kriminalitas"] = rng.choices([0, 1, 2, 3], weights=[3, 4, 2, 1], k=12)
    seri["skck_usulan"] = _acak(rng, 30, 80)
    seri["skck_tepat"] = _sebagian(rng, seri["skck_usulan"], 0.92, 1.0)

    seri["desa_tertib_adm"] = _naik(rng, 9, 15)
    seri["lpj_wajib"] = _acak(rng, 2, 4)
    seri["lpj_tepat"] = _kurang_sesekali(rng, seri["lpj_wajib"], 0.2)
    # APBDes are due at the start of the year; all 20 desa are in by April.
    seri["apbdes_tepat"] = _naik(rng, 12, 20, bulan_akhir=4)
    seri["spj_desa_tepat"] = _naik(rng, 2, 13)

    seri["perencanaan_wajib"] = [6] * 12
    seri["perencanaan_tepat"] = _naik(rng, 1, 6, bulan_akhir=10)
    seri["surat_register"] = _acak(rng, 80, 150)
    seri["surat_diarsip"] = _sebagian(rng, seri["surat_register"], 0.82, 0.96)
    seri["sarpras_dimiliki"] = _naik(rng, 140, 152)
    # The minimum of two non-decreasing series is itself non-decreasing.
    seri["sarpras_baik"] = [min(b, d) for b, d in zip(_naik(rng, 100, 110), seri["sarpras_dimiliki"], strict=True)]
    seri["spp_spm_gaji"] = _acak(rng, 1, 3)
    seri["sp2d_gaji"] = list(seri["spp_spm_gaji"])

    seri["buku_kesos_wajib"] = [12] * 12
    seri["buku_kesos_tepat"] = _naik(rng, 1, 6)
    seri["raskin_diterima"] = [rng.randint(40, 50) * 1000 for _ in _BULAN]
    seri["raskin_tepat"] = _sebagian(rng, seri["raskin_diterima"], 0.9, 1.0)
    seri["perpusling_jadwal"] = _acak(rng, 2, 4)
    seri["perpusling_tepat"] = _kurang_sesekali(rng, seri["perpusling_jadwal"], 0.15)

    return {kode: dict(zip(_BULAN, nilai, strict=True)) for kode, nilai in seri.items()}
