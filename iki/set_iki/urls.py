"""Screens of the year's IKI set: the set as a page (/iki/) and the annual document with the set's
management: narrative, Keputusan, penetapan, revisions, copy, quality review, Excel (/dokumen/)."""

from django.urls import include, path

from iki.set_iki import views as v

set_iki = [
    path("", v.iki_unit_terkini, name="iki_unit_terkini"),
    path("<slug:kode>/<int:tahun>/", v.iki_unit, name="iki_unit"),
]

dokumen = [
    path("", v.dokumen_terkini, name="dokumen_terkini"),
    path("templat-set-iki.xlsx", v.templat, name="dokumen_templat"),
    path("<slug:kode>/impor/", v.impor, name="dokumen_impor"),
    path("<slug:kode>/impor/simpan/", v.impor_simpan, name="dokumen_impor_simpan"),
    path("<slug:kode>/<int:tahun>/", v.pratinjau, name="dokumen_pratinjau"),
    path("<slug:kode>/<int:tahun>/pdf/", v.unduh_pdf, name="dokumen_pdf"),
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
