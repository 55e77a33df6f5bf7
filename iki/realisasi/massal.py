"""The writes of the bulk saving path (``iki.realisasi.simpan.simpan_massal``, the Excel import):
values already checked by the path's rules, under its locks, written many rows per statement.

These replace Django's bulk_create/bulk_update and simple_history's bulk history for speed:
preparing every field of every object took most of the time of a 20,000-row import
(bulk_update alone 37 s of CPU on SQLite), and one statement per row is one round trip per row
on PostgreSQL. Every value written gets what ``Realisasi.isi`` gives a typed value (a draft,
filled by the importing user, one version more). No model signals are sent for these rows, as
with Django's own bulk methods. See docs/excel-realisasi.md, "Speed".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db import connection

from iki.models import Pengguna, Realisasi

_PER_BARIS = ("variabel", "bulan", "nilai", "catatan")


class Baris(Protocol):
    """A value to write (``simpan.Perubahan``)."""

    variabel_id: int
    bulan: int
    nilai: Decimal
    catatan: str


def potongan(daftar: Sequence, ukuran: int = 500):
    """``daftar`` in slices of ``ukuran``: the database's limit on parameters per statement."""
    for i in range(0, len(daftar), ukuran):
        yield daftar[i : i + ukuran]


def _diisi(user: Pengguna, sekarang: datetime, **isi) -> Realisasi:
    """A Realisasi as ``Realisasi.isi`` leaves a new value: what every written row shares."""
    contoh = Realisasi(versi=0, diperbarui=sekarang, **isi)
    contoh.isi(isi.get("nilai", Decimal(0)), oleh=user)
    return contoh


def _baris_per_perintah(jumlah_kolom: int) -> int:
    """Rows in one multi-row INSERT, within the database's limit on parameters."""
    batas = connection.features.max_query_params
    return max(1, min(500, batas // jumlah_kolom)) if batas else 500


def sisipkan(baris: Sequence[Baris], *, user: Pengguna, sekarang: datetime) -> list[int]:
    """INSERT the new values, many rows per statement; returns their ids.

    The columns that are the same for every new value (status, user, time, version 1, the
    defaults of the rest) are prepared once, from one model instance, so a field added to
    Realisasi later gets its default here too.
    """
    pertama = baris[0]
    contoh = _diisi(
        user, sekarang, variabel_id=pertama.variabel_id, bulan=pertama.bulan, nilai=pertama.nilai,
        catatan=pertama.catatan,
    )
    fields = [f for f in Realisasi._meta.concrete_fields if not f.primary_key]
    tetap = {
        f.attname: f.get_db_prep_save(f.pre_save(contoh, add=True), connection)
        for f in fields
        if f.name not in _PER_BARIS
    }
    nilai = Realisasi._meta.get_field("nilai")
    q = connection.ops.quote_name
    kolom = [f.column for f in fields]
    satu = "(" + ", ".join(["%s"] * len(kolom)) + ")"
    urutan = [f.attname for f in fields]
    baris_sql = []
    for r in baris:
        isi = {"variabel_id": r.variabel_id, "bulan": r.bulan, "nilai": nilai.get_db_prep_save(r.nilai, connection),
               "catatan": r.catatan, **tetap}
        baris_sql.append([isi[a] for a in urutan])
    per_perintah = _baris_per_perintah(len(kolom))
    with connection.cursor() as cursor:
        for potong in potongan(baris_sql, per_perintah):
            cursor.execute(
                f"INSERT INTO {q(Realisasi._meta.db_table)} ({', '.join(q(k) for k in kolom)}) "
                f"VALUES {', '.join([satu] * len(potong))}",
                [v for b in potong for v in b],
            )
    kunci = {(r.variabel_id, r.bulan) for r in baris}
    bulan = sorted({r.bulan for r in baris})
    ids = []
    for potong in potongan(sorted({r.variabel_id for r in baris})):
        for pk, vid, b in Realisasi.objects.filter(variabel_id__in=potong, bulan__in=bulan).values_list(
            "pk", "variabel_id", "bulan"
        ):
            if (vid, b) in kunci:
                ids.append(pk)
    return ids


def perbarui(ubah: Sequence[tuple[int, Baris]], *, user: Pengguna, sekarang: datetime) -> None:
    """UPDATE the changed values (id, value), many rows per statement with a CASE on the id.

    The rows are locked and their version checked by the saving path; it goes up by one.
    """
    contoh = _diisi(user, sekarang)
    field = Realisasi._meta.get_field
    q = connection.ops.quote_name
    pk = q(Realisasi._meta.pk.column)
    k = {n: q(field(n).column) for n in ("nilai", "catatan", "versi", "status", "diisi_oleh", "diperbarui")}
    nilai = field("nilai")
    tetap = [
        field("status").get_db_prep_save(contoh.status, connection),
        contoh.diisi_oleh_id,
        field("diperbarui").get_db_prep_save(sekarang, connection),
    ]
    with connection.cursor() as cursor:
        for potong in potongan(ubah, _baris_per_perintah(5)):
            kasus = " ".join(["WHEN %s THEN %s"] * len(potong))
            cursor.execute(
                f"UPDATE {q(Realisasi._meta.db_table)} SET {k['nilai']} = CASE {pk} {kasus} END, "
                f"{k['catatan']} = CASE {pk} {kasus} END, {k['versi']} = {k['versi']} + 1, "
                f"{k['status']} = %s, {k['diisi_oleh']} = %s, {k['diperbarui']} = %s "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(potong))})",
                [v for pk, r in potong for v in (pk, nilai.get_db_prep_save(r.nilai, connection))]
                + [v for pk, r in potong for v in (pk, r.catatan)]
                + tetap
                + [pk for pk, _ in potong],
            )


def catat_riwayat(ids: list[int], jenis: str, *, user: Pengguna, alasan: str, tanggal: datetime) -> None:
    """The audit rows of saved realisasi, copied from the table by INSERT … SELECT, 500 ids at a time.

    These are the rows django-simple-history writes itself (every tracked field, with the date,
    user, reason and type "+" created / "~" changed), so the history screens read them as any
    other.
    """
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    riwayat = Realisasi.history.model
    q = connection.ops.quote_name
    salin = ", ".join(q(f.column) for f in riwayat.tracked_fields)
    tambahan = ", ".join(
        q(riwayat._meta.get_field(n).column)
        for n in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    tanggal_db = riwayat._meta.get_field("history_date").get_db_prep_save(tanggal, connection)
    with connection.cursor() as cursor:
        for potong in potongan(ids):
            cursor.execute(
                f"INSERT INTO {q(riwayat._meta.db_table)} ({salin}, {tambahan}) "
                f"SELECT {salin}, %s, %s, %s, %s FROM {q(Realisasi._meta.db_table)} "
                f"WHERE {q(Realisasi._meta.pk.column)} IN ({', '.join(['%s'] * len(potong))})",
                [tanggal_db, alasan, jenis, user.pk, *potong],
            )
