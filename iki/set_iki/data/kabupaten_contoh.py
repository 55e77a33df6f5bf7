"""Names for a generated kabupaten (``manage.py buat_kabupaten_contoh``), as plain data.

The 14 kecamatan of Kabupaten Sampang and the dinas, badan and kantor that a Pemerintah Kabupaten
of its size has, each with the things its indicators count. Indicator wording follows the
documents these offices write ("Persentase … yang diselesaikan tepat waktu"); kecamatan reuse the
Ketapang set (``ketapang_2023``) so that the kabupaten view sees the same names in many units, as
it does in a real kabupaten. Pure Python, no Django.
"""

KECAMATAN = [
    "Banyuates", "Camplong", "Jrengik", "Karang Penang", "Kedungdung", "Ketapang", "Omben",
    "Pangarengan", "Robatal", "Sampang", "Sokobanan", "Sreseh", "Tambelangan", "Torjun",
]

# (nama unit, jenis, the things its work counts). Jenis as UnitKerja.JENIS_CHOICES.
DINAS = [
    ("Dinas Pendidikan", "dinas", ["sekolah dasar", "sekolah menengah pertama", "guru bersertifikat",
                                   "bantuan operasional sekolah", "peserta didik"]),
    ("Dinas Kesehatan", "dinas", ["ibu hamil", "balita", "puskesmas", "imunisasi dasar", "kasus gizi buruk"]),
    ("Dinas Sosial", "dinas", ["penyandang masalah kesejahteraan sosial", "bantuan sosial", "panti sosial",
                               "data terpadu kesejahteraan sosial"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "dinas", ["KTP elektronik", "kartu keluarga", "akta kelahiran",
                                                         "akta kematian", "kartu identitas anak"]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", ["ruas jalan kabupaten", "jembatan", "saluran irigasi",
                                                         "persetujuan bangunan gedung"]),
    ("Dinas Perhubungan", "dinas", ["uji kendaraan bermotor", "rambu lalu lintas", "terminal", "trayek angkutan"]),
    ("Dinas Lingkungan Hidup", "dinas", ["sampah terangkut", "dokumen lingkungan", "pengaduan pencemaran",
                                         "ruang terbuka hijau"]),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", ["perizinan berusaha", "nomor induk berusaha",
                                                                         "pengaduan perizinan", "laporan investasi"]),
    ("Dinas Koperasi dan Usaha Mikro", "dinas", ["koperasi aktif", "usaha mikro", "rapat anggota tahunan",
                                                 "pelatihan kewirausahaan"]),
    ("Dinas Perdagangan", "dinas", ["pasar daerah", "tera ulang alat ukur", "retribusi pasar", "harga bahan pokok"]),
    ("Dinas Perindustrian dan Tenaga Kerja", "dinas", ["industri kecil menengah", "pencari kerja",
                                                       "perselisihan hubungan industrial", "pelatihan kerja"]),
    ("Dinas Pertanian", "dinas", ["kelompok tani", "pupuk bersubsidi", "lahan sawah", "penyuluhan pertanian"]),
    ("Dinas Ketahanan Pangan", "dinas", ["cadangan pangan", "pengawasan keamanan pangan", "lumbung pangan",
                                         "rumah tangga rawan pangan"]),
    ("Dinas Perikanan", "dinas", ["nelayan", "kapal perikanan", "pembudidaya ikan", "tempat pelelangan ikan"]),
    ("Dinas Peternakan", "dinas", ["ternak sapi", "vaksinasi ternak", "inseminasi buatan", "rumah potong hewan"]),
    ("Dinas Pariwisata dan Kebudayaan", "dinas", ["destinasi wisata", "cagar budaya", "kunjungan wisatawan",
                                                  "kegiatan kesenian"]),
    ("Dinas Kepemudaan dan Olahraga", "dinas", ["organisasi kepemudaan", "atlet berprestasi", "sarana olahraga",
                                                "kegiatan olahraga masyarakat"]),
    ("Dinas Komunikasi dan Informatika", "dinas", ["layanan aplikasi daerah", "permohonan informasi publik",
                                                   "jaringan intranet", "konten informasi publik"]),
    ("Dinas Perpustakaan dan Kearsipan", "dinas", ["koleksi perpustakaan", "pengunjung perpustakaan",
                                                   "arsip inaktif", "perpustakaan desa"]),
    ("Dinas Pemberdayaan Masyarakat dan Desa", "dinas", ["APBDes", "dana desa", "BUMDes", "perangkat desa"]),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", "dinas",
     ["kasus kekerasan terhadap anak", "akseptor KB", "kelompok bina keluarga", "pengaduan perempuan"]),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", "dinas", ["rumah tidak layak huni", "prasarana permukiman",
                                                               "penerangan jalan umum", "makam umum"]),
    ("Dinas Pemadam Kebakaran", "dinas", ["kejadian kebakaran", "alat pemadam", "inspeksi bangunan",
                                          "penyelamatan non kebakaran"]),
    ("Satuan Polisi Pamong Praja", "lainnya", ["pelanggaran peraturan daerah", "pedagang kaki lima",
                                               "pengamanan kegiatan", "patroli ketertiban"]),
    ("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "badan",
     ["dokumen perencanaan", "usulan musrenbang", "hasil penelitian", "evaluasi RKPD"]),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "badan", ["SP2D", "aset daerah", "laporan keuangan SKPD",
                                                            "rekonsiliasi kas"]),
    ("Badan Pendapatan Daerah", "badan", ["pajak bumi dan bangunan", "pajak daerah", "wajib pajak",
                                          "piutang pajak"]),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan",
     ["kenaikan pangkat", "pensiun pegawai", "diklat aparatur", "penilaian kinerja pegawai"]),
    ("Badan Penanggulangan Bencana Daerah", "badan", ["kejadian bencana", "desa tangguh bencana",
                                                       "logistik kebencanaan", "sosialisasi kesiapsiagaan"]),
    ("Badan Kesatuan Bangsa dan Politik", "badan", ["organisasi kemasyarakatan", "konflik sosial",
                                                     "pendidikan politik", "forum kewaspadaan dini"]),
    ("Inspektorat Daerah", "lainnya", ["temuan pemeriksaan", "laporan harta kekayaan", "pengaduan masyarakat",
                                       "reviu laporan keuangan"]),
    ("Sekretariat Daerah", "lainnya", ["produk hukum daerah", "naskah dinas", "pengadaan barang dan jasa",
                                       "rapat koordinasi"]),
    ("Sekretariat DPRD", "lainnya", ["rapat paripurna", "reses anggota dewan", "risalah rapat",
                                     "kunjungan kerja dewan"]),
    ("Rumah Sakit Umum Daerah dr. Mohammad Zyn", "lainnya", ["pasien rawat inap", "pasien rawat jalan",
                                                             "rujukan", "klaim BPJS"]),
    ("Dinas Kelautan", "dinas", ["kawasan konservasi", "pulau kecil", "pengawasan pesisir", "garam rakyat"]),
    ("Dinas Tanaman Pangan dan Hortikultura", "dinas", ["benih unggul", "alat mesin pertanian",
                                                        "serangan organisme pengganggu", "panen padi"]),
    ("Dinas Pengendalian Penduduk", "dinas", ["pasangan usia subur", "kampung KB", "penyuluh KB",
                                              "data keluarga"]),
    ("Badan Riset dan Inovasi Daerah", "badan", ["inovasi daerah", "kajian kebijakan", "paten daerah",
                                                  "kerja sama riset"]),
    ("Kantor Pelayanan Pajak Daerah", "lainnya", ["surat ketetapan pajak", "keberatan pajak", "objek pajak baru",
                                                  "penagihan aktif"]),
    ("Dinas Sumber Daya Air", "dinas", ["embung", "daerah irigasi", "sumur bor", "pintu air"]),
]

# Indicator wording for a dinas: (indicator, numerator, denominator); {x} is one of the things
# the unit counts. A numerator never exceeds its denominator.
POLA_DINAS = [
    ("Persentase layanan {x} yang diselesaikan tepat waktu", "Jumlah layanan {x} yang selesai tepat waktu",
     "Jumlah permohonan layanan {x}"),
    ("Persentase {x} yang memenuhi standar", "Jumlah {x} yang memenuhi standar", "Jumlah {x} yang diperiksa"),
    ("Persentase pengaduan {x} yang ditindaklanjuti", "Jumlah pengaduan {x} yang ditindaklanjuti",
     "Jumlah pengaduan {x} yang diterima"),
    ("Persentase laporan {x} yang disampaikan tepat waktu", "Jumlah laporan {x} tepat waktu",
     "Jumlah laporan {x} yang wajib disampaikan"),
    ("Persentase data {x} yang terverifikasi", "Jumlah data {x} yang terverifikasi", "Jumlah data {x}"),
    ("Cakupan pembinaan {x}", "Jumlah {x} yang dibina", "Jumlah {x} sasaran pembinaan"),
    ("Persentase realisasi kegiatan {x}", "Jumlah kegiatan {x} yang terlaksana",
     "Jumlah kegiatan {x} yang direncanakan"),
    ("Persentase {x} yang tercatat dalam sistem informasi", "Jumlah {x} yang tercatat",
     "Jumlah {x} seluruhnya"),
    ("Tingkat penyelesaian tindak lanjut monitoring {x}", "Jumlah rekomendasi monitoring {x} yang selesai",
     "Jumlah rekomendasi monitoring {x}"),
    ("Persentase dokumen {x} yang lengkap", "Jumlah dokumen {x} yang lengkap", "Jumlah dokumen {x} yang diterima"),
    ("Persentase sosialisasi {x} sesuai jadwal", "Jumlah sosialisasi {x} sesuai jadwal",
     "Jumlah sosialisasi {x} yang dijadwalkan"),
    ("Persentase usulan {x} yang diproses", "Jumlah usulan {x} yang diproses", "Jumlah usulan {x} yang masuk"),
]

# Indicators every office has: its own planning, money, letters, people and property.
UMUM = [
    ("Persentase dokumen perencanaan yang selesai tepat waktu", "Jumlah dokumen perencanaan yang selesai tepat waktu",
     "Jumlah dokumen perencanaan yang harus ada"),
    ("Persentase laporan pertanggungjawaban keuangan yang selesai tepat waktu",
     "Jumlah dokumen pertanggungjawaban yang selesai tepat waktu", "Jumlah dokumen pertanggungjawaban yang harus ada"),
    ("Persentase penyelesaian gaji pegawai tepat waktu", "SP2D gaji yang dicairkan",
     "Jumlah dokumen SPP-SPM gaji yang telah dibuat"),
    ("Tersedianya arsip surat masuk dan keluar", "Jumlah surat masuk dan keluar yang diarsip",
     "Jumlah dokumen surat masuk dan keluar dalam register"),
    ("Persentase sarana dan prasarana dalam kondisi baik", "Jumlah sarana dan prasarana dalam kondisi baik",
     "Jumlah sarana dan prasarana yang dimiliki"),
    ("Persentase pegawai yang mengikuti peningkatan kompetensi", "Jumlah pegawai yang mengikuti diklat",
     "Jumlah pegawai"),
    ("Persentase realisasi anggaran", "Realisasi anggaran (juta rupiah)", "Pagu anggaran (juta rupiah)"),
    ("Persentase tindak lanjut temuan pemeriksaan", "Jumlah temuan yang ditindaklanjuti", "Jumlah temuan pemeriksaan"),
]

# More kecamatan work beside the Ketapang set (a kecamatan with many jabatan carries more).
KECAMATAN_TAMBAHAN = [
    ("Persentase pelayanan PATEN yang selesai tepat waktu", "Jumlah layanan PATEN yang selesai tepat waktu",
     "Jumlah permohonan layanan PATEN"),
    ("Persentase desa yang melaksanakan musrenbang tepat waktu", "Jumlah desa yang melaksanakan musrenbang",
     "Jumlah desa"),
    ("Persentase posyandu aktif", "Jumlah posyandu aktif", "Jumlah posyandu"),
    ("Persentase desa yang menyampaikan laporan dana desa tepat waktu", "Jumlah laporan dana desa tepat waktu",
     "Jumlah laporan dana desa yang wajib"),
    ("Persentase sengketa tanah yang difasilitasi", "Jumlah sengketa tanah yang difasilitasi",
     "Jumlah sengketa tanah yang dilaporkan"),
    ("Persentase gangguan ketertiban yang ditangani", "Jumlah gangguan ketertiban yang ditangani",
     "Jumlah gangguan ketertiban yang dilaporkan"),
    ("Persentase lembaga kemasyarakatan desa yang aktif", "Jumlah lembaga kemasyarakatan yang aktif",
     "Jumlah lembaga kemasyarakatan desa"),
    ("Persentase usulan bantuan sosial yang diverifikasi", "Jumlah usulan bantuan sosial yang diverifikasi",
     "Jumlah usulan bantuan sosial"),
    ("Persentase kegiatan pembangunan desa yang dimonitor", "Jumlah kegiatan pembangunan yang dimonitor",
     "Jumlah kegiatan pembangunan desa"),
    ("Persentase perangkat desa yang mengikuti pembinaan", "Jumlah perangkat desa yang dibina",
     "Jumlah perangkat desa"),
]

# Jabatan of a kecamatan and of a dinas/badan, in order; the first is every other one's atasan.
JABATAN_KECAMATAN = [
    "Sekretaris Kecamatan", "Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Sub Bagian Keuangan dan Program",
    "Kepala Seksi Pemerintahan", "Kepala Seksi Ketentraman dan Ketertiban Umum",
    "Kepala Seksi Pemberdayaan Masyarakat dan Desa", "Kepala Seksi Kesejahteraan Sosial",
    "Kepala Seksi Pelayanan Umum", "Kepala Seksi Pembangunan",
]
JABATAN_DINAS = [
    "Sekretaris", "Kepala Sub Bagian Umum dan Kepegawaian", "Kepala Sub Bagian Keuangan",
    "Kepala Sub Bagian Perencanaan dan Pelaporan",
]
BIDANG = ["Pelayanan", "Pembinaan", "Pengembangan", "Pengendalian", "Pengawasan", "Sarana dan Prasarana",
          "Data dan Informasi", "Kerja Sama"]
# "Kepala Bidang X" and under each "Kepala Seksi …" / a fungsional, until a unit has its number.
SEKSI = ["Perencanaan", "Pelaksanaan", "Evaluasi", "Pelaporan"]
FUNGSIONAL = ["Analis Kebijakan", "Pranata Komputer", "Arsiparis", "Analis Keuangan", "Penyuluh", "Pengelola Data"]

SASARAN_UMUM = [
    "Meningkatnya kualitas pelayanan publik",
    "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah",
    "Meningkatnya kualitas tata kelola administrasi perkantoran",
]

# What a kecamatan counts beside the Ketapang set, for the same wording as a dinas.
HAL_KECAMATAN = ["surat keterangan", "rekomendasi izin", "pembinaan desa", "kegiatan kemasyarakatan"]
# Programmes every office reports on, for long indicator lists.
HAL_UMUM = ["program prioritas daerah", "kegiatan strategis", "reformasi birokrasi"]
