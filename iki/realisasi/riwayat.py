"""The audit trail for people: django-simple-history records turned into events — who, when,
what, before → after, why — with values written as the screens write them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import ForeignKey

from iki.inti import angka
from iki.models import BuktiDukung, CatatanIndikator, Indikator, Jabatan, Pengguna, Realisasi, Target, Variabel
from iki.realisasi.alur import nama_pengguna


@dataclass
class Peristiwa:
    """One change in the audit trail: who, when, what, before → after, why."""

    waktu: datetime
    oleh: str
    jenis: str
    objek: str
    perubahan: list[tuple[str, str, str]]
    alasan: str
    urut: int = 0


JENIS_RIWAYAT = {"+": "Dibuat", "~": "Diubah", "-": "Dihapus"}

KOLOM_RIWAYAT = {
    Realisasi: ["nilai", "status", "catatan_verifikasi", "diisi_oleh", "diverifikasi_oleh"],
    CatatanIndikator: ["kendala", "tindak_lanjut"],
    Target: ["periode", "nilai"],
    Indikator: ["kode", "nama", "satuan", "polaritas", "jenis", "rumus", "penjelasan", "sumber_data",
                "penanggung_jawab", "sifat_target", "wajib_bukti"],
    Variabel: ["kode", "nama", "satuan", "cara_gabung", "pengisi", "desimal", "urutan"],
    BuktiDukung: ["nama_asli", "ukuran"],
}


class PenulisNilai:
    """Formats historical field values for people: choices by label, users and jabatan by name,
    counts as 1.234, a variable's values with its decimals (3,5); the names are read in one query
    per kind."""

    def __init__(self, catatan_riwayat):
        pengguna, jabatan, variabel = set(), set(), set()
        for model, rekaman in catatan_riwayat:
            if model is Realisasi:
                variabel.update(rec.variabel_id for rec in rekaman)
            for nama in KOLOM_RIWAYAT[model]:
                f = model._meta.get_field(nama)
                if isinstance(f, ForeignKey):
                    tujuan = pengguna if f.related_model is Pengguna else jabatan
                    tujuan.update(getattr(rec, f.attname) for rec in rekaman)
        pengguna.discard(None)
        jabatan.discard(None)
        self.pengguna = {u.pk: nama_pengguna(u) for u in Pengguna.objects.filter(pk__in=pengguna)} if pengguna else {}
        self.jabatan = dict(Jabatan.objects.filter(pk__in=jabatan).values_list("pk", "nama")) if jabatan else {}
        self.desimal = dict(Variabel.objects.filter(pk__in=variabel).values_list("pk", "desimal")) if variabel else {}

    def tulis(self, model, nama: str, nilai, rec=None) -> str:
        """``rec``, the history record the value is from, tells a realisasi's variable."""
        if nilai is None or nilai == "":
            return "–"
        if model is BuktiDukung and nama == "ukuran":
            from iki.umum.berkas import format_ukuran

            return format_ukuran(nilai)
        f = model._meta.get_field(nama)
        if isinstance(f, ForeignKey):
            peta = self.pengguna if f.related_model is Pengguna else self.jabatan
            return peta.get(nilai, f"#{nilai}")
        if f.choices:
            return str(dict(f.flatchoices).get(nilai, nilai))
        if isinstance(nilai, bool):
            return "Ya" if nilai else "Tidak"
        if isinstance(nilai, Decimal):
            if model is Realisasi and rec is not None:
                return angka.format_nilai(nilai, self.desimal.get(rec.variabel_id, 0))
            return angka.format_ringkas(nilai)
        return str(nilai)


def peristiwa_dari(model, rekaman, penulis: PenulisNilai, nama_objek) -> list[Peristiwa]:
    """Turn one model's history records (any order) into events with before → after."""
    kolom = KOLOM_RIWAYAT[model]
    per_objek = defaultdict(list)
    for rec in sorted(rekaman, key=lambda r: (r.history_date, r.history_id)):
        per_objek[rec.id].append(rec)
    hasil = []
    for daftar in per_objek.values():
        sebelum = None
        for rec in daftar:
            if sebelum is None or rec.history_type == "+":
                awal = {k: getattr(rec, _attname(model, k)) for k in kolom}
                perubahan = [
                    (model._meta.get_field(k).verbose_name, "–", penulis.tulis(model, k, v, rec))
                    for k, v in awal.items()
                    if v not in (None, "")
                ]
            elif rec.history_type == "-":
                perubahan = []
            else:
                delta = rec.diff_against(sebelum, included_fields=kolom)
                urutan = {k: n for n, k in enumerate(kolom)}
                perubahan = [
                    (model._meta.get_field(c.field).verbose_name, penulis.tulis(model, c.field, c.old, rec),
                     penulis.tulis(model, c.field, c.new, rec))
                    for c in sorted(delta.changes, key=lambda c: urutan[c.field])
                ]
            hasil.append(
                Peristiwa(
                    waktu=rec.history_date,
                    oleh=nama_pengguna(rec.history_user) if rec.history_user_id else "sistem",
                    jenis=JENIS_RIWAYAT.get(rec.history_type, rec.history_type),
                    objek=nama_objek(rec),
                    perubahan=perubahan,
                    alasan=rec.history_change_reason or "",
                    urut=rec.history_id,
                )
            )
            sebelum = rec
    return hasil


def _attname(model, nama: str) -> str:
    return model._meta.get_field(nama).attname
