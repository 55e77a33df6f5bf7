"""The WhatsApp texts of reminders, in one place: short, Indonesian, with the link to the app.

Offices remind each other in a WhatsApp group and person to person. The app writes the text
(the group's to copy, each person's prefilled in a ``wa.me`` link) and the operator sends it from
their own phone; the optional gateway (``kirim_pengingat --whatsapp``) sends each person the same
text (``daftar.teks_pribadi``). Pure functions: names, months, dates and links come in as
arguments. (The e-mail digest uses its own templates.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from iki.inti.angka import format_tanggal, nama_bulan

_BUKAN_ANGKA = re.compile(r"[\s\-().]")


def nomor_whatsapp(telepon: str | None) -> str | None:
    """A phone number as wa.me takes it (country code, no +): ``0812-3456-7890`` → ``6281234567890``,
    ``+6281…`` → ``6281…``. None for an empty or unusable number (not an Indonesian mobile number)."""
    nomor = _BUKAN_ANGKA.sub("", telepon or "")
    if nomor.startswith("+"):
        nomor = nomor[1:]
    if nomor.startswith("0"):
        nomor = "62" + nomor[1:]
    if not re.fullmatch(r"628\d{7,12}", nomor):
        return None
    return nomor


def tautan_wa(nomor: str, teks: str) -> str:
    """``https://wa.me/<nomor>?text=…``: the chat with that number, the text prefilled (every
    character but letters and digits percent-encoded, so ``&``, ``#`` and line breaks survive)."""
    return f"https://wa.me/{nomor}?text={quote(teks, safe='')}"


@dataclass(frozen=True)
class BulanTertunda:
    """A month a staf still owes: its deadline and whether it has passed (``kalender.terlambat``)."""

    bulan: int
    batas: date
    terlambat: bool


def daftar_bulan(bulan: Sequence[int], tahun: int) -> str:
    """``[5, 6], 2023`` → ``"Mei, Juni 2023"``."""
    return ", ".join(nama_bulan(b) for b in bulan) + f" {tahun}"


def teks_staf(nama: str, tahun: int, bulan: Sequence[BulanTertunda], tautan: str) -> str:
    """A staf's personal reminder: the months not submitted, late ones said so, the entry link."""
    terlambat = [b.bulan for b in bulan if b.terlambat]
    belum = [b for b in bulan if not b.terlambat]
    baris = [f"Yth. {nama},"]
    if terlambat:
        baris.append(f"isian IKI {daftar_bulan(terlambat, tahun)} belum diajukan dan sudah lewat batas.")
    for b in belum:
        baris.append(f"isian IKI {nama_bulan(b.bulan, tahun)} belum diajukan (batas {format_tanggal(b.batas)}).")
    baris.append(f"Mohon diisi dan diajukan di {tautan}")
    baris.append("Terima kasih.")
    return "\n".join(baris)


def teks_verifikator(nama: str, tahun: int, jumlah: int, bulan: Sequence[int], tautan: str) -> str:
    """A verifier's personal reminder: how many values wait, of which months, the link."""
    return "\n".join([
        f"Yth. {nama},",
        f"{jumlah} nilai IKI {daftar_bulan(bulan, tahun)} menunggu verifikasi Anda.",
        f"Mohon diperiksa di {tautan}",
        "Terima kasih.",
    ])


def teks_grup(
    *,
    unit: str,
    hari_ini: date,
    tahun: int,
    staf: Sequence[tuple[str, Sequence[BulanTertunda]]],
    verifikator: Sequence[tuple[str, int, Sequence[int]]],
    tautan: str,
) -> str:
    """The office group's message: who is late with which months, who has not yet submitted
    (deadline not passed), who has values waiting; then the link. Empty when nothing applies."""
    terlambat = [(nama, [b.bulan for b in daftar if b.terlambat]) for nama, daftar in staf]
    terlambat = [(nama, bulan) for nama, bulan in terlambat if bulan]
    belum = [(nama, [b for b in daftar if not b.terlambat]) for nama, daftar in staf]
    belum = [(nama, daftar) for nama, daftar in belum if daftar]
    if not (terlambat or belum or verifikator):
        return ""
    baris = [f"*Pengingat IKI {unit}* ({format_tanggal(hari_ini)})"]
    if terlambat:
        baris.append("Isian terlambat (belum diajukan):")
        baris += [f"- {nama}: {daftar_bulan(bulan, tahun)}" for nama, bulan in terlambat]
    if belum:
        baris.append("Belum diajukan:")
        baris += [
            f"- {nama}: " + ", ".join(f"{nama_bulan(b.bulan, tahun)} (batas {format_tanggal(b.batas)})" for b in daftar)
            for nama, daftar in belum
        ]
    if verifikator:
        baris.append("Menunggu verifikasi:")
        baris += [f"- {nama}: {jumlah} nilai {daftar_bulan(bulan, tahun)}" for nama, jumlah, bulan in verifikator]
    baris.append(f"Mohon diselesaikan di {tautan}")
    baris.append("Terima kasih.")
    return "\n".join(baris)
