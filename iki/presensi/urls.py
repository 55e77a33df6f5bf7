"""Screens of presensi & TPP, at /presensi/."""

from django.urls import include, path

from iki.presensi import views as v

presensi = [
    path("", v.beranda, name="presensi_beranda"),
    path("<slug:kode>/", v.unit_tahun, name="presensi_unit"),
    path("<slug:kode>/<int:tahun>/<int:bulan>/", v.bulan, name="presensi_bulan"),
    path("<slug:kode>/<int:tahun>/<int:bulan>/impor/", v.impor, name="presensi_impor"),
    path(
        "<slug:kode>/<int:tahun>/<int:bulan>/pegawai/<int:pegawai_id>/", v.rekap_pegawai, name="presensi_rekap_pegawai"
    ),
    path("<slug:kode>/<int:tahun>/<int:bulan>/paket/", v.paket_buat, name="presensi_paket_buat"),
    path("<slug:kode>/berkas/<int:berkas_id>/", v.unduh, name="presensi_unduh"),
    path("<slug:kode>/pengaturan/", v.pengaturan, name="presensi_pengaturan"),
    path("<slug:kode>/libur/<int:tahun>/", v.libur, name="presensi_libur"),
    path("<slug:kode>/libur/<int:tahun>/nasional/", v.libur_nasional, name="presensi_libur_nasional"),
    path("<slug:kode>/libur/hapus/<int:pk>/", v.libur_hapus, name="presensi_libur_hapus"),
    path("<slug:kode>/aturan/", v.aturan, name="presensi_aturan"),
    path("<slug:kode>/aturan/hapus/<int:pk>/", v.aturan_hapus, name="presensi_aturan_hapus"),
    path("<slug:kode>/tpp/", v.tpp, name="presensi_tpp"),
    path("<slug:kode>/surat/<int:tahun>/", v.surat, name="presensi_surat"),
    path("<slug:kode>/surat/<int:tahun>/nomor-terakhir/", v.nomor_terakhir_setel, name="presensi_nomor_terakhir"),
]

urlpatterns = [path("presensi/", include(presensi))]
