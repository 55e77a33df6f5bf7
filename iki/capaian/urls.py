"""Screens of the results: the unit dashboard and laporan capaian, one indicator's drill-down, and the
kabupaten view (/dasbor/)."""

from django.urls import include, path

from iki.capaian import (
    views_dasbor,
    views_ekinerja,
    views_indikator,
    views_kabupaten,
    views_laporan_kinerja,
    views_peringkat,
    views_saya,
)

dasbor = [
    path("", views_dasbor.dasbor_unit_terkini, name="dasbor_unit_terkini"),
    path("saya/", views_saya.capaian_saya_terkini, name="capaian_saya_terkini"),
    path("kabupaten/", views_kabupaten.dasbor_kabupaten_terkini, name="dasbor_kabupaten_terkini"),
    path("kabupaten/<slug:kode>/<int:tahun>/", views_kabupaten.dasbor_kabupaten, name="dasbor_kabupaten"),
    path("kabupaten/<slug:kode>/<int:tahun>/bandingkan/", views_kabupaten.dasbor_kabupaten_bandingkan,
         name="dasbor_kabupaten_bandingkan"),
    path("kabupaten/peringkat/", views_peringkat.peringkat_terkini, name="dasbor_kabupaten_peringkat_terkini"),
    path("kabupaten/<slug:kode>/<int:tahun>/peringkat/", views_peringkat.peringkat, name="dasbor_kabupaten_peringkat"),
    path("kabupaten/<slug:kode>/<int:tahun>/peringkat/unduh/", views_peringkat.peringkat_unduh,
         name="dasbor_kabupaten_peringkat_unduh"),
    path("<slug:kode>/<int:tahun>/", views_dasbor.dasbor_unit, name="dasbor_unit"),
    path("<slug:kode>/<int:tahun>/saya/", views_saya.capaian_saya, name="capaian_saya"),
    path("<slug:kode>/<int:tahun>/ekinerja/", views_ekinerja.ekinerja_daftar, name="ekinerja_daftar"),
    path("<slug:kode>/<int:tahun>/ekinerja/<int:pegawai>/unduh/", views_ekinerja.ekinerja_unduh,
         name="ekinerja_unduh"),
    path("<slug:kode>/<int:tahun>/indikator/<int:pk>/", views_indikator.dasbor_indikator, name="dasbor_indikator"),
    path("<slug:kode>/<int:tahun>/laporan/", views_dasbor.laporan_capaian, name="laporan_capaian"),
    path("<slug:kode>/<int:tahun>/laporan/cetak/", views_dasbor.cetak_laporan, name="laporan_cetak"),
    path("<slug:kode>/<int:tahun>/laporan/kinerja/", views_laporan_kinerja.laporan_kinerja_unduh,
         name="laporan_kinerja"),
    path("<slug:kode>/<int:tahun>/laporan/kinerja/cetak/", views_laporan_kinerja.cetak_laporan_kinerja,
         name="laporan_kinerja_cetak"),
]

urlpatterns = [path("dasbor/", include(dasbor))]
