"""Screens of the year's IKI set: the set as a page (/iki/) and the annual document with the set's
management: narrative, Keputusan, penetapan, revisions, copy, quality review, Excel (/dokumen/)."""

from django.urls import include, path

from iki.set_iki import views as v
from iki.set_iki import views_indikator, views_persiapan, views_tahun, views_target

set_iki = [
    path("", v.iki_unit_terkini, name="iki_unit_terkini"),
    path("persiapan/", views_persiapan.persiapan_terkini, name="set_iki_persiapan_terkini"),
    path("<slug:kode>/persiapan/", views_persiapan.persiapan_unit, name="set_iki_persiapan_unit"),
    path("<slug:kode>/<int:tahun>/persiapan/", views_persiapan.persiapan, name="set_iki_persiapan"),
    path("<slug:kode>/<int:tahun>/", v.iki_unit, name="iki_unit"),
    path("<slug:kode>/<int:tahun>/target/", views_target.target_tahun, name="set_iki_target"),
    path("<slug:kode>/<int:tahun>/tahun-kerja/", views_tahun.tahun_kerja, name="set_iki_tahun_kerja"),
    path("<slug:kode>/<int:tahun>/indikator/", views_indikator.daftar, name="set_iki_indikator_daftar"),
    path("<slug:kode>/<int:tahun>/indikator/baru/", views_indikator.baru, name="set_iki_indikator_baru"),
    path("<slug:kode>/<int:tahun>/indikator/<int:pk>/", views_indikator.ubah, name="set_iki_indikator"),
    path("<slug:kode>/<int:tahun>/rumus/periksa/", views_indikator.periksa_rumus, name="set_iki_rumus_periksa"),
]

dokumen = [
    path("", v.dokumen_terkini, name="dokumen_terkini"),
    path("templat-set-iki.xlsx", v.templat, name="dokumen_templat"),
    path("<slug:kode>/impor/", v.impor, name="dokumen_impor"),
    path("<slug:kode>/impor/simpan/", v.impor_simpan, name="dokumen_impor_simpan"),
    path("<slug:kode>/<int:tahun>/", v.pratinjau, name="dokumen_pratinjau"),
    path("<slug:kode>/<int:tahun>/pdf/", v.unduh_pdf, name="dokumen_pdf"),
    path("<slug:kode>/<int:tahun>/docx/", v.unduh_docx, name="dokumen_docx"),
    path("<slug:kode>/<int:tahun>/cetak/", v.cetak, name="dokumen_cetak"),
    path("<slug:kode>/<int:tahun>/mutu/", v.tinjauan_mutu, name="dokumen_mutu"),
    path("<slug:kode>/<int:tahun>/set-iki.xlsx", v.ekspor, name="dokumen_ekspor"),
    path("<slug:kode>/<int:tahun>/narasi/", v.ubah_narasi, name="dokumen_narasi"),
    path("<slug:kode>/<int:tahun>/keputusan/", v.ubah_keputusan, name="dokumen_keputusan"),
    path("<slug:kode>/<int:tahun>/tetapkan/", v.tetapkan, name="dokumen_tetapkan"),
    path("<slug:kode>/<int:tahun>/revisi/", v.revisi, name="dokumen_revisi"),
    path("<slug:kode>/<int:tahun>/salin/", v.salin, name="dokumen_salin"),
]

urlpatterns = [
    path("iki/", include(set_iki)),
    path("dokumen/", include(dokumen)),
]
