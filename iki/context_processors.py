from django.urls import reverse


def navigasi(request):
    """Navigation entries for the signed-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = [("Beranda", reverse("beranda"))]
    if user.unit_id:
        menu.append(("Dokumen IKI", reverse("iki_unit_terkini")))
    elif user.peran == user.PEMANTAU or user.is_superuser:
        menu.append(("Unit kerja", reverse("daftar_unit")))
    if user.is_staff:
        menu.append(("Pengaturan", reverse("admin:index")))
    return {"menu_navigasi": menu}
