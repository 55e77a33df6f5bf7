"""The staf's to-do on the home page ("Yang harus Anda isi"): only what needs their action.

Returned values come first, each with the verifier's note and who wrote it (name, role, when,
from the audit history of the return); then, month by month, values not entered and drafts, with
a reopening reason (``PembukaanKunci``) once per month rather than on every row. Submitted and
verified values are listed apart (the home page shows them collapsed). Late is
``kalender.terlambat``'s one meaning, per month (``alur.tagihan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from iki.inti import angka
from iki.models import PembukaanKunci, Pengguna, Realisasi, TahunIKI
from iki.realisasi.alur import Tagihan, TagihanBulan, nama_pengguna, tagihan


@dataclass(frozen=True)
class Catatan:
    """A note with who wrote it; ``nama`` empty when the history does not say."""

    teks: str
    nama: str = ""
    peran: str = ""
    pada: datetime | None = None


@dataclass
class Tugas:
    """One value of one month, with the link to its card on the entry screen."""

    tagihan: Tagihan
    bulan: int
    url: str
    catatan: Catatan | None = None

    @property
    def nama_bulan(self) -> str:
        return angka.nama_bulan(self.bulan)


@dataclass
class BulanTugas:
    bulan: int
    batas: date
    bulan_ini: bool
    terlambat: bool
    url: str
    tugas: list[Tugas] = field(default_factory=list)
    pembukaan: list[Catatan] = field(default_factory=list)

    @property
    def nama(self) -> str:
        return angka.nama_bulan(self.bulan)


@dataclass
class DaftarTugas:
    dikembalikan: list[Tugas]
    belum: list[BulanTugas]
    selesai: list[BulanTugas]
    bulan_terverifikasi: list[int]

    @property
    def jumlah(self) -> int:
        """Values needing the user's action."""
        return len(self.dikembalikan) + sum(len(b.tugas) for b in self.belum)

    @property
    def jumlah_selesai(self) -> int:
        return sum(len(b.tugas) for b in self.selesai)

    @property
    def teks_bulan_terverifikasi(self) -> str:
        return ", ".join(angka.nama_bulan(b) for b in self.bulan_terverifikasi)


def _penulis(user: Pengguna | None) -> tuple[str, str]:
    if user is None:
        return "", ""
    return nama_pengguna(user), user.get_peran_display()


def _penulis_kembali(realisasi: list[Realisasi]) -> dict[int, tuple[str, str, datetime]]:
    """Who returned each value and when: its latest "dikembalikan" history row (one query)."""
    if not realisasi:
        return {}
    hasil = {}
    for h in (
        Realisasi.history.filter(id__in=[r.pk for r in realisasi], status=Realisasi.DIKEMBALIKAN)
        .select_related("history_user")
        .order_by("id", "-history_date")
    ):
        if h.id not in hasil:
            hasil[h.id] = (*_penulis(h.history_user), h.history_date)
    return hasil


def _pembukaan(tb_list: list[TagihanBulan]) -> dict[int, list[Catatan]]:
    """The reopening reasons of the months whose values are reopened and owed: the latest
    reopening of each jabatan and month (one query)."""
    kunci = {(t.variabel.pengisi_id, tb.bulan) for tb in tb_list for t in tb.isi if t.dibuka_kembali}
    if not kunci:
        return {}
    hasil: dict[int, list[Catatan]] = {}
    terlihat = set()
    for p in (
        PembukaanKunci.objects.filter(
            jabatan_id__in={j for j, _ in kunci}, bulan__in={b for _, b in kunci}
        )
        .select_related("oleh")
        .order_by("-pada", "-pk")
    ):
        if (p.jabatan_id, p.bulan) not in kunci or (p.jabatan_id, p.bulan) in terlihat:
            continue
        terlihat.add((p.jabatan_id, p.bulan))
        catatan = Catatan(p.alasan, *_penulis(p.oleh), p.pada)
        if all(c.teks != catatan.teks for c in hasil.get(p.bulan, [])):
            hasil.setdefault(p.bulan, []).append(catatan)
    # A reopened value without its record (loaded data): its note, once, without a name.
    for tb in tb_list:
        for t in tb.isi:
            if t.dibuka_kembali and tb.bulan not in hasil:
                hasil[tb.bulan] = [Catatan(t.realisasi.catatan_verifikasi.removeprefix(Realisasi.AWALAN_DIBUKA))]
    return hasil


def daftar_tugas(user: Pengguna, tahun_iki: TahunIKI, sekarang: datetime | None = None) -> DaftarTugas:
    """The staf's home list (see the module's docstring); a fixed number of queries."""
    bulan_list = tagihan(user, tahun_iki, sekarang)
    kode, tahun = tahun_iki.unit.kode, tahun_iki.tahun
    pembukaan = _pembukaan(bulan_list)
    penulis = _penulis_kembali([t.realisasi for tb in bulan_list for t in tb.isi if t.dikembalikan])
    dikembalikan, belum, selesai = [], [], []
    for tb in bulan_list:
        url_bulan = reverse("entri_bulan", args=[kode, tahun, tb.bulan])
        kepala = dict(bulan=tb.bulan, batas=tb.batas, bulan_ini=tb.bulan_ini, terlambat=tb.terlambat, url=url_bulan)
        perlu, sudah = BulanTugas(**kepala, pembukaan=pembukaan.get(tb.bulan, [])), BulanTugas(**kepala)
        for t in tb.isi:
            tugas = Tugas(t, tb.bulan, f"{url_bulan}#indikator-{t.variabel.indikator_id}")
            if t.dikembalikan:
                nama, peran, pada = penulis.get(t.realisasi.pk, ("", "", None))
                tugas.catatan = Catatan(t.realisasi.catatan_verifikasi, nama, peran, pada)
                dikembalikan.append(tugas)
            elif t.perlu_tindakan:
                perlu.tugas.append(tugas)
            else:
                sudah.tugas.append(tugas)
        if perlu.tugas:
            belum.append(perlu)
        if sudah.tugas:
            selesai.append(sudah)
    dibuka = {tb.bulan for tb in bulan_list}
    akhir = max(dibuka, default=0)
    return DaftarTugas(
        dikembalikan=dikembalikan,
        belum=belum,
        selesai=selesai,
        # alur.tagihan leaves out the earlier months whose values are all verified.
        bulan_terverifikasi=[b for b in range(1, akhir) if b not in dibuka],
    )
