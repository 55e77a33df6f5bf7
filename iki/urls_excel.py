from django.urls import path

from iki import views_excel

urlpatterns = [
    path("", views_excel.excel_terkini, name="excel_terkini"),
    path("<slug:kode>/<int:tahun>/unduh/", views_excel.excel_unduh, name="excel_unduh"),
    path("<slug:kode>/<int:tahun>/unggah/", views_excel.excel_unggah, name="excel_unggah"),
    path("<slug:kode>/<int:tahun>/konfirmasi/", views_excel.excel_konfirmasi, name="excel_konfirmasi"),
]
