from django.urls import reverse

# (label, url name, roles that see it; None = every role).
MENU = [
    ("Beranda", "beranda", None),
    ("Isi realisasi", "entri_bulan_ini", {"staf", "operator"}),
    ("Excel", "excel_terkini", {"staf", "operator"}),
    ("Verifikasi", "verifikasi_daftar", {"verifikator", "operator", "camat"}),
    ("Dasbor", "dasbor_unit_terkini", {"camat", "operator", "pemantau", "verifikator"}),
    ("Set IKI", "iki_unit_terkini", None),
    ("Dokumen IKI", "dokumen_terkini", None),
    ("Survei IKM", "ikm_terkini", {"operator", "staf", "camat", "pemantau"}),
    ("Presensi & TPP", "presensi_beranda", {"operator", "camat", "pemantau"}),
    ("Unit kerja", "daftar_unit", {"pemantau"}),
]


def navigasi(request):
    """Navigation entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = []
    for label, nama_url, peran in MENU:
        if peran is not None and user.peran not in peran and not user.is_superuser:
            continue
        menu.append((label, reverse(nama_url)))
    if user.is_staff:
        menu.append(("Pengaturan", reverse("admin:index")))
    return {"menu_navigasi": menu}
