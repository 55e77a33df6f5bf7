"""Deadline notifications (a deadline in N days) in the in-app inbox.

Stub on branch t16-surel so that ``kirim_pengingat`` can call it; the real module is written on
branch t16-kotak (same signature) and replaces this file at merge.
"""

from datetime import date


def buat_notifikasi_tenggat(hari_ini: date, hari: int = 3) -> int:
    """Make the notifications of the deadlines ``hari`` days after ``hari_ini``; the number made."""
    return 0
