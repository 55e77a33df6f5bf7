from django import template

from iki.inti.angka import format_angka, format_durasi, format_persen

register = template.Library()


@register.filter
def angka(nilai, desimal=2):
    """Indonesian number: 1.234,50."""
    return format_angka(nilai, int(desimal))


@register.filter
def persen(nilai, desimal=2):
    """Indonesian percentage: 98,50 %."""
    return format_persen(nilai, int(desimal))


@register.filter
def huruf(indeks):
    """0 -> 'a', 1 -> 'b': the lettering of tugas and fungsi lists."""
    return "abcdefghijklmnopqrstuvwxyz"[int(indeks) % 26]


@register.filter
def durasi(nilai):
    """timedelta(minutes=15) -> '15 menit' (the lockout page's cool-off, never 'PT15M')."""
    return format_durasi(nilai) if nilai is not None else ""
