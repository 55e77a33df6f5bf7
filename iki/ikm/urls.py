"""Screens of the Survei Kepuasan Masyarakat (IKM), at /ikm/."""

from django.urls import include, path

from iki.ikm import views as v

ikm = [
    path("", v.ikm_terkini, name="ikm_terkini"),
    path("unit/<slug:kode>/<int:tahun>/", v.ikm_tahun, name="ikm_tahun"),
    path("unit/<slug:kode>/<int:tahun>/baru/", v.ikm_survei_baru, name="ikm_survei_baru"),
    path("unit/<slug:kode>/layanan/", v.ikm_layanan, name="ikm_layanan"),
    path("layanan/<int:pk>/ubah/", v.ikm_layanan_ubah, name="ikm_layanan_ubah"),
    path("layanan/<int:pk>/hapus/", v.ikm_layanan_hapus, name="ikm_layanan_hapus"),
    path("survei/<int:pk>/", v.ikm_hasil, name="ikm_hasil"),
    path("survei/<int:pk>/ubah/", v.ikm_survei_ubah, name="ikm_survei_ubah"),
    path("survei/<int:pk>/hapus/", v.ikm_survei_hapus, name="ikm_survei_hapus"),
    path("survei/<int:pk>/kuesioner/", v.ikm_kuesioner, name="ikm_kuesioner"),
    path("survei/<int:pk>/kuesioner/daftar/", v.ikm_kuesioner_daftar, name="ikm_kuesioner_daftar"),
    path("kuesioner/<int:pk>/ubah/", v.ikm_kuesioner_ubah, name="ikm_kuesioner_ubah"),
    path("kuesioner/<int:pk>/hapus/", v.ikm_kuesioner_hapus, name="ikm_kuesioner_hapus"),
    path("survei/<int:pk>/rekap/", v.ikm_rekap, name="ikm_rekap"),
    path("survei/<int:pk>/impor/", v.ikm_impor, name="ikm_impor"),
    path("survei/<int:pk>/impor/templat.xlsx", v.ikm_templat, name="ikm_templat"),
    path("survei/<int:pk>/laporan.pdf", v.ikm_laporan_pdf, name="ikm_laporan_pdf"),
    path("survei/<int:pk>/laporan.xlsx", v.ikm_laporan_excel, name="ikm_laporan_excel"),
]

urlpatterns = [path("ikm/", include(ikm))]
