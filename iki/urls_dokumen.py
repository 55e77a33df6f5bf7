from django.urls import path

from iki import views_dokumen as v

urlpatterns = [
    path("", v.dokumen_terkini, name="dokumen_terkini"),
    path("templat-set-iki.xlsx", v.templat, name="dokumen_templat"),
    path("<slug:kode>/impor/", v.impor, name="dokumen_impor"),
    path("<slug:kode>/impor/simpan/", v.impor_simpan, name="dokumen_impor_simpan"),
    path("<slug:kode>/<int:tahun>/", v.pratinjau, name="dokumen_pratinjau"),
    path("<slug:kode>/<int:tahun>/pdf/", v.unduh_pdf, name="dokumen_pdf"),
    path("<slug:kode>/<int:tahun>/mutu/", v.tinjauan_mutu, name="dokumen_mutu"),
    path("<slug:kode>/<int:tahun>/set-iki.xlsx", v.ekspor, name="dokumen_ekspor"),
    path("<slug:kode>/<int:tahun>/narasi/", v.ubah_narasi, name="dokumen_narasi"),
    path("<slug:kode>/<int:tahun>/keputusan/", v.ubah_keputusan, name="dokumen_keputusan"),
    path("<slug:kode>/<int:tahun>/tetapkan/", v.tetapkan, name="dokumen_tetapkan"),
    path("<slug:kode>/<int:tahun>/revisi/", v.revisi, name="dokumen_revisi"),
    path("<slug:kode>/<int:tahun>/salin/", v.salin, name="dokumen_salin"),
]
