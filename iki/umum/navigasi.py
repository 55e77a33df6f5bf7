from django.urls import reverse

from iki.umum import akses
from iki.umum.notifikasi import Bel


def navigasi(request):
    """Navigation entries for the signed-in user's role: the screens of akses.LAYAR with a menu
    entry for that role, in the table's order, and the admin for staff."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    menu = [(layar.label, reverse(layar.url)) for layar in akses.LAYAR.values() if layar.di_menu(user)]
    if user.is_staff:
        menu.append(("Pengaturan", reverse("admin:index")))
    return {"menu_navigasi": menu, "bel_notifikasi": Bel(user)}
