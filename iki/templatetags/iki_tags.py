from django import template

from iki.inti.angka import format_angka, format_durasi, format_nilai, format_persen

register = template.Library()


@register.filter
def angka(nilai, desimal=2):
    """Indonesian number: 1.234,50."""
    return format_angka(nilai, int(desimal))


@register.filter
def nilai(nilai, desimal=0):
    """A variable's value with the variable's decimals: ``{{ r.nilai|nilai:r.variabel.desimal }}``
    → 3 for a count, 3,5 or 3,50 for an average (angka.format_nilai)."""
    return format_nilai(nilai, int(desimal or 0))


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
