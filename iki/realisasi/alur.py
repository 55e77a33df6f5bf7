"""The monthly workflow around entry: submit a month, verify or return, reopen a locked month.

Draft → Diajukan → Diverifikasi (locked), or → Dikembalikan with the verifier's note and back to
the staf (design.md §4). Values are written through ``iki.realisasi.simpan.simpan_realisasi`` so its
rules (rights, locks, versions, numerator ≤ denominator) hold here too; the functions below add
the workflow steps. Every write is all or nothing and leaves a reason in the audit history.

Who verifies: the holder (verifikator) of the pengisi jabatan's atasan. A jabatan with no atasan
answers to the camat, whose account is read-only, so an operator verifies those on the camat's
behalf. Reopening a locked month is for the operator or the camat, with a written reason.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from iki.inti import angka
from iki.models import (
    CatatanIndikator,
    HariLibur,
    Jabatan,
    Notifikasi,
    PembukaanKunci,
    Pengguna,
    Penugasan,
    Realisasi,
    TahunIKI,
    Variabel,
)
from iki.realisasi import bukti, desa, kalender
from iki.realisasi.simpan import (
    BulanTerkunci,
    GagalSimpan,
    KonflikVersi,
    Perubahan,
    TidakBerwenang,
    simpan_realisasi,
    variabel_pengisi,
)
from iki.umum import akses
from iki.umum.notifikasi import beri_tahu
from iki.umum.penyimpanan import transaksi_berkas

CATATAN_MAKS = 2000


class SudahDiajukan(GagalSimpan):
    """Nothing left to submit: every value of the month is already submitted or verified."""


def nama_pengguna(user: Pengguna | None) -> str:
    if user is None:
        return "sistem"
    return user.get_full_name() or user.username




# --- Who may do what ---------------------------------------------------------------------------


def jabatan_diverifikasi(user: Pengguna, tahun_iki: TahunIKI, hari_ini: date | None = None):
    """The jabatan whose counts this user verifies in that year (a Jabatan queryset)."""
    qs = Jabatan.objects.filter(tahun=tahun_iki)
    if user.is_superuser:
        return qs
    if user.unit_id != tahun_iki.unit_id:
        return qs.none()
    if user.peran == Pengguna.VERIFIKATOR:
        hari_ini = hari_ini or timezone.localdate()
        return qs.filter(atasan__in=user.jabatan_pada(tahun_iki, kalender.tanggal_acuan(tahun_iki.tahun, hari_ini)))
    if user.peran == Pengguna.OPERATOR:
        # Answerable to the camat, whose account only reads: the operator acts for the camat.
        return qs.filter(atasan__isnull=True)
    return qs.none()


def boleh_buka_kunci(user: Pengguna, tahun_iki: TahunIKI) -> bool:
    if user.is_superuser:
        return True
    return user.unit_id == tahun_iki.unit_id and akses.boleh(user, "buka_kunci", tulis=True)


def _pemegang(jabatan_id: int, tahun_iki: TahunIKI, hari_ini: date | None):
    """The pegawai holding a jabatan on the year's reference date (``tanggal_acuan``), Plt/Plh included."""
    tanggal = kalender.tanggal_acuan(tahun_iki.tahun, hari_ini or timezone.localdate())
    return Penugasan.objects.filter(jabatan_id=jabatan_id).aktif_pada(tanggal).values("pegawai_id")


def verifikator_jabatan(jabatan: Jabatan, hari_ini: date | None = None) -> list[Pengguna]:
    """Who verifies a jabatan's counts: ``jabatan_diverifikasi`` read the other way (the verifikator
    holding its atasan, or the unit's operators when it answers to the camat). Superusers are left out."""
    tahun_iki = jabatan.tahun
    qs = Pengguna.objects.filter(is_active=True, unit_id=tahun_iki.unit_id).order_by("pk")
    if jabatan.atasan_id is None:
        return list(qs.filter(peran=Pengguna.OPERATOR))
    return list(qs.filter(peran=Pengguna.VERIFIKATOR, pegawai_id__in=_pemegang(jabatan.atasan_id, tahun_iki, hari_ini)))


def pengisi_jabatan(jabatan: Jabatan, hari_ini: date | None = None) -> list[Pengguna]:
    """The staf accounts holding a jabatan (who enter its counts) on the year's reference date."""
    return list(
        Pengguna.objects.filter(
            is_active=True, unit_id=jabatan.tahun.unit_id, peran=Pengguna.STAF,
            pegawai_id__in=_pemegang(jabatan.pk, jabatan.tahun, hari_ini),
        ).order_by("pk")
    )


# --- What a staf owes --------------------------------------------------------------------------


@dataclass
class Tagihan:
    """One variable of one month on the staf's list."""

    variabel: Variabel
    realisasi: Realisasi | None
    # Still owed in a month that is late (kalender.terlambat judges the month, not the value).
    terlambat: bool

    @property
    def status(self) -> str:
        return self.realisasi.status if self.realisasi else Realisasi.BELUM_DIISI

    @property
    def label_status(self) -> str:
        return Realisasi.LABEL_STATUS[self.status]

    @property
    def perlu_tindakan(self) -> bool:
        return self.status in Realisasi.BELUM_DIAJUKAN

    @property
    def terkunci(self) -> bool:
        return self.realisasi is not None and self.realisasi.terkunci

    @property
    def catatan_verifikator(self) -> str:
        return catatan_untuk_pengisi(self.realisasi, self.status)

    @property
    def dikembalikan(self) -> bool:
        return self.realisasi is not None and self.realisasi.dikembalikan

    @property
    def dibuka_kembali(self) -> bool:
        return self.realisasi is not None and self.realisasi.dibuka_kembali


def catatan_untuk_pengisi(realisasi, status: str) -> str:
    """The verifier's note the staf still has to act on (a returned or reopened value)."""
    if realisasi and status in Realisasi.BELUM_DIAJUKAN:
        return realisasi.catatan_verifikasi
    return ""


@dataclass
class TagihanBulan:
    bulan: int
    batas: date
    isi: list[Tagihan]
    bulan_ini: bool

    @property
    def nama(self) -> str:
        return angka.nama_bulan(self.bulan)

    @property
    def perlu_tindakan(self) -> int:
        return sum(1 for t in self.isi if t.perlu_tindakan)

    @property
    def terlambat(self) -> bool:
        """``kalender.terlambat`` of the month (set on the values still owed)."""
        return any(t.terlambat for t in self.isi)


def tagihan(user: Pengguna, tahun_iki: TahunIKI, sekarang: datetime | None = None) -> list[TagihanBulan]:
    """The staf's months: the current month in full, and earlier months of the year that are
    not yet all verified. Three queries however many variables and months."""
    sekarang = sekarang or timezone.now()
    hari_ini = timezone.localdate(sekarang)
    akhir = kalender.bulan_kini(tahun_iki.tahun, hari_ini)
    if akhir == 0:
        return []
    variabel = list(
        variabel_pengisi(user, tahun_iki, hari_ini)
        .select_related("indikator")
        .order_by("indikator__urutan", "indikator_id", "urutan", "id")
    )
    if not variabel:
        return []
    realisasi = {
        (r.variabel_id, r.bulan): r
        for r in Realisasi.objects.filter(variabel__in=variabel, bulan__lte=akhir).only(
            "id", "variabel_id", "bulan", "status", "catatan_verifikasi", "diajukan_pada", "nilai"
        )
    }
    hari_batas = tahun_iki.unit.hari_batas_entri
    libur = HariLibur.tanggal_untuk(tahun_iki.unit, tahun_iki.tahun)
    hasil = []
    for bulan in range(1, akhir + 1):
        isi = [Tagihan(variabel=v, realisasi=realisasi.get((v.pk, bulan)), terlambat=False) for v in variabel]
        # One meaning of late (kalender.terlambat): the month is late; its values still owed are why.
        if kalender.terlambat(
            tahun=tahun_iki.tahun, bulan=bulan, hari_batas=hari_batas, sekarang=sekarang,
            status=[t.status for t in isi], libur=libur,
        ):
            for t in isi:
                t.terlambat = t.perlu_tindakan
        bulan_ini = bulan == akhir
        if bulan_ini or not all(t.terkunci for t in isi):
            hasil.append(
                TagihanBulan(
                    bulan=bulan,
                    batas=kalender.batas_entri(
                        tahun=tahun_iki.tahun, bulan=bulan, hari_batas=hari_batas, libur=libur
                    ),
                    isi=isi,
                    bulan_ini=bulan_ini,
                )
            )
    return hasil


def menunggu_verifikasi(user: Pengguna, tahun_iki: TahunIKI):
    """Realisasi waiting for this user's verification (diajukan, of the jabatan they verify)."""
    return Realisasi.objects.diajukan().filter(
        variabel__indikator__tahun=tahun_iki,
        variabel__pengisi__in=jabatan_diverifikasi(user, tahun_iki),
    )


# --- Entry: values, notes, submission ----------------------------------------------------------


@dataclass(frozen=True)
class PerubahanCatatan:
    """Kendala / tindak lanjut a user wants to save; ``versi`` as read by the form (0 = new)."""

    indikator_id: int
    kendala: str
    tindak_lanjut: str
    versi: int = 0


def _variabel_entri(user: Pengguna, tahun_iki: TahunIKI, jabatan: Jabatan | None):
    qs = variabel_pengisi(user, tahun_iki)
    if jabatan is not None:
        qs = qs.filter(pengisi=jabatan)
    return qs


def _kurang_bukti(realisasi: list[Realisasi]) -> list[str]:
    """Messages for indicators that require evidence and have none (``iki.realisasi.bukti``'s rule)."""
    if not realisasi:
        return []
    return [bukti.pesan_kurang_bukti(r) for r in bukti.kurang_bukti(realisasi)]


@transaction.atomic
def simpan_catatan(
    *, user: Pengguna, tahun_iki: TahunIKI, bulan: int, catatan: list[PerubahanCatatan], jabatan: Jabatan | None = None
) -> list[CatatanIndikator]:
    """Save kendala / tindak lanjut notes: only for indicators whose counts the user enters,
    never once the user's counts of that indicator are verified, never over a newer version."""
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    if not catatan:
        return []
    milik = {}
    for v in _variabel_entri(user, tahun_iki, jabatan).select_related("indikator"):
        milik.setdefault(v.indikator_id, (v.indikator, []))[1].append(v.pk)
    for c in catatan:
        if c.indikator_id not in milik:
            raise TidakBerwenang(["Indikator tidak ditemukan atau bukan tanggung jawab Anda."])
        if len(c.kendala) > CATATAN_MAKS or len(c.tindak_lanjut) > CATATAN_MAKS:
            raise GagalSimpan([f"Catatan paling panjang {CATATAN_MAKS} karakter."])
    status_bulan: dict[int, set[str]] = {}
    for vid, status in Realisasi.objects.filter(
        variabel_id__in=[vid for _, vids in milik.values() for vid in vids], bulan=bulan
    ).values_list("variabel_id", "status"):
        status_bulan.setdefault(vid, set()).add(status)
    tersimpan = {
        c.indikator_id: c
        for c in CatatanIndikator.objects.select_for_update(of=("self",))
        .filter(indikator_id__in=[c.indikator_id for c in catatan], bulan=bulan)
        .select_related("diisi_oleh")
    }
    kesalahan, hasil = [], []
    for c in catatan:
        indikator, vids = milik[c.indikator_id]
        lama = tersimpan.get(c.indikator_id)
        if lama is not None and (lama.kendala, lama.tindak_lanjut) == (c.kendala, c.tindak_lanjut):
            continue
        if lama is None and not (c.kendala or c.tindak_lanjut):
            continue
        status = [s for vid in vids for s in status_bulan.get(vid, ())]
        if status and all(Realisasi.status_terkunci(s) for s in status):
            raise BulanTerkunci([f"Catatan “{indikator.nama}” bulan {angka.nama_bulan(bulan)} sudah terkunci."])
        if (lama.versi if lama else 0) != c.versi:
            if lama is None:
                kesalahan.append(f"Catatan “{indikator.nama}” telah dihapus oleh pengguna lain. Muat ulang halaman.")
            else:
                kesalahan.append(
                    f"Catatan “{indikator.nama}” telah diubah oleh {nama_pengguna(lama.diisi_oleh)} pada "
                    f"{timezone.localtime(lama.diperbarui):%d/%m/%Y %H.%M}; isi saat ini: kendala "
                    f"“{lama.kendala or '–'}”, tindak lanjut “{lama.tindak_lanjut or '–'}”. "
                    "Perubahan Anda tidak disimpan."
                )
            continue
        obj = lama or CatatanIndikator(indikator_id=c.indikator_id, bulan=bulan, versi=0)
        obj.kendala, obj.tindak_lanjut = c.kendala, c.tindak_lanjut
        obj.versi += 1
        obj.diisi_oleh = user
        obj._history_user = user
        obj._change_reason = "Catatan disimpan"
        hasil.append(obj)
    if kesalahan:
        raise KonflikVersi(kesalahan)
    for obj in hasil:
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise KonflikVersi(["Catatan baru saja diisi oleh pengguna lain. Muat ulang halaman."]) from None
    return hasil


@transaction.atomic
def ajukan_bulan(
    *,
    user: Pengguna,
    tahun_iki: TahunIKI,
    bulan: int,
    perubahan: Iterable[Perubahan] = (),
    jabatan: Jabatan | None = None,
    alasan: str = "",
    dengan_bukti: Collection[int] = (),
) -> list[Realisasi]:
    """Submit the user's counts of a month for verification, with the values just typed.

    Refused when any of the user's variables of the month has no value (the names are listed)
    or required evidence is missing (``dengan_bukti``: variable ids whose files come in the same
    submission, so they count as having evidence). Values already submitted and unchanged, and
    verified values, are left as they are.
    """
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    if not 1 <= bulan <= 12:
        raise GagalSimpan([f"Bulan {bulan} tidak sah."])
    variabel = list(
        _variabel_entri(user, tahun_iki, jabatan)
        .select_related("indikator")
        .order_by("indikator__urutan", "indikator_id", "urutan", "id")
    )
    if not variabel:
        raise TidakBerwenang(["Tidak ada variabel yang menjadi tanggung jawab Anda."])
    per_id = {v.pk: v for v in variabel}
    diketik = {p.variabel_id: p for p in perubahan}
    tersimpan = {r.variabel_id: r for r in Realisasi.objects.filter(variabel__in=variabel, bulan=bulan)}
    for r in tersimpan.values():
        r.variabel = per_id[r.variabel_id]
    kosong = [v.nama for v in variabel if v.pk not in diketik and v.pk not in tersimpan]
    if kosong:
        raise GagalSimpan([f"{angka.nama_bulan(bulan)} belum dapat diajukan; belum diisi: " + "; ".join(kosong) + "."])
    kirim = []
    for v in variabel:
        r = tersimpan.get(v.pk)
        p = diketik.get(v.pk)
        if p is not None:
            if r is not None and r.status == Realisasi.DIAJUKAN and r.nilai == p.nilai:
                continue
            kirim.append(p)
        elif r.status in Realisasi.BELUM_DIAJUKAN:
            kirim.append(Perubahan(v.pk, bulan, r.nilai, r.versi))
    # Anything posted beyond the user's variables is refused by simpan_realisasi.
    kirim += [p for vid, p in diketik.items() if vid not in per_id]
    if not kirim:
        raise SudahDiajukan([f"Semua nilai {angka.nama_bulan(bulan)} sudah diajukan atau diverifikasi."])
    kurang = _kurang_bukti(
        [tersimpan.get(p.variabel_id) or Realisasi(variabel=per_id[p.variabel_id], bulan=bulan)
         for p in kirim if p.variabel_id in per_id and p.variabel_id not in dengan_bukti]
    )
    if kurang:
        raise GagalSimpan(kurang)
    hasil = simpan_realisasi(user=user, tahun_iki=tahun_iki, perubahan=kirim, ajukan=True, alasan=alasan or "Diajukan")
    _beri_tahu_diajukan(user, tahun_iki, bulan, [per_id[r.variabel_id].pengisi_id for r in hasil])
    return hasil


def simpan_entri(
    *,
    user: Pengguna,
    tahun_iki: TahunIKI,
    bulan: int,
    perubahan: list[Perubahan],
    catatan: list[PerubahanCatatan] = (),
    ajukan: bool = False,
    jabatan: Jabatan | None = None,
    bukti_baru: Mapping[int, list] | None = None,
    centang: Mapping[int, Mapping[int, bool]] | None = None,
    bukti_desa: Mapping[int, int] | None = None,
) -> list[Realisasi]:
    """What the entry screen saves: the typed values and notes, the evidence files picked beside
    them (``bukti_baru``: variabel id → ``[(file, HasilPeriksa)]``, already checked by the form),
    and with ``ajukan`` the month's submission; all of it or nothing, files included
    (``transaksi_berkas``: a refused save leaves no file behind).

    The same submission sent again (a double tap, a second tab with the same values) finds its
    values already stored by this user since the page was read: it writes nothing, adds no
    history, skips files identical to those already kept, and is not an error.

    ``centang``: variabel id → {desa id: on time}, the checklists of per-desa variables, whose
    values in ``perubahan`` are their counts (``iki.realisasi.desa.simpan_centang``);
    ``bukti_desa``: variabel id → the desa its new files are evidence for.
    """
    bukti_baru = {vid: daftar for vid, daftar in (bukti_baru or {}).items() if daftar}
    centang = {vid: dict(c) for vid, c in (centang or {}).items()}
    with transaksi_berkas() as tulis:
        try:
            with transaction.atomic():
                hasil = _simpan_entri(
                    user=user, tahun_iki=tahun_iki, bulan=bulan, perubahan=perubahan, catatan=catatan,
                    ajukan=ajukan, jabatan=jabatan, dengan_bukti=set(bukti_baru),
                )
                desa.simpan_centang(
                    user=user, tahun_iki=tahun_iki, bulan=bulan, centang=centang, ajukan=ajukan,
                    versi_dibaca={p.variabel_id: p.versi for p in perubahan},
                )
            ulang = False
        except (KonflikVersi, SudahDiajukan):
            if not _sudah_tersimpan(
                user=user, bulan=bulan, perubahan=perubahan, catatan=catatan, ajukan=ajukan, centang=centang
            ):
                raise
            hasil, ulang = [], True
        _lampirkan(tulis, user=user, bulan=bulan, bukti_baru=bukti_baru, ulang=ulang, bukti_desa=bukti_desa or {},
                   tahun_iki=tahun_iki)
    return hasil


def _simpan_entri(*, user, tahun_iki, bulan, perubahan, catatan, ajukan, jabatan, dengan_bukti) -> list[Realisasi]:
    simpan_catatan(user=user, tahun_iki=tahun_iki, bulan=bulan, catatan=list(catatan), jabatan=jabatan)
    if ajukan:
        return ajukan_bulan(
            user=user, tahun_iki=tahun_iki, bulan=bulan, perubahan=perubahan, jabatan=jabatan,
            dengan_bukti=dengan_bukti,
        )
    if not perubahan:
        return []
    return simpan_realisasi(user=user, tahun_iki=tahun_iki, perubahan=perubahan)


def _sudah_tersimpan(*, user, bulan, perubahan, catatan, ajukan, centang=None) -> bool:
    """Is what this submission asks already stored, by this user (a repeat of a save that won)?"""
    if not perubahan:
        return False
    kini = {
        r.variabel_id: r
        for r in Realisasi.objects.filter(variabel_id__in=[p.variabel_id for p in perubahan], bulan=bulan)
    }
    if centang:
        simpanan = desa.centang_tersimpan(r.pk for r in kini.values())
        if any(vid not in kini or simpanan.get(kini[vid].pk, {}) != c for vid, c in centang.items()):
            return False
    for p in perubahan:
        r = kini.get(p.variabel_id)
        if r is None or r.nilai != p.nilai or r.diisi_oleh_id != user.pk or r.terkunci:
            return False
        if ajukan and r.status != Realisasi.DIAJUKAN:
            return False
    simpan = {
        c.indikator_id: (c.kendala, c.tindak_lanjut)
        for c in CatatanIndikator.objects.filter(indikator_id__in=[c.indikator_id for c in catatan], bulan=bulan)
    }
    return all(simpan.get(c.indikator_id, ("", "")) == (c.kendala, c.tindak_lanjut) for c in catatan)


def _lampirkan(tulis, *, user, bulan, bukti_baru, ulang, bukti_desa=None, tahun_iki=None) -> None:
    """Keep the files of a submission with the realisasi just saved (inside its transaction),
    each attached to its desa when ``bukti_desa`` names one (a desa of the unit, active that month)."""
    if not bukti_baru:
        return
    ditawarkan = (
        {d.pk: d for d in desa.desa_bulan(tahun_iki.unit_id, tahun_iki.tahun, bulan)} if bukti_desa else {}
    )
    realisasi = {
        r.variabel_id: r
        for r in Realisasi.objects.select_related("variabel__indikator__tahun").filter(
            variabel_id__in=list(bukti_baru), bulan=bulan
        )
    }
    for vid, daftar in bukti_baru.items():
        r = realisasi.get(vid)
        if r is None:
            nama = Variabel.objects.filter(pk=vid).values_list("nama", flat=True).first() or "variabel ini"
            raise GagalSimpan([
                f"Bukti dukung “{nama}” belum dapat disimpan: isi nilainya terlebih dahulu."
            ])
        untuk_desa = None
        if bukti_desa and bukti_desa.get(vid):
            untuk_desa = ditawarkan.get(bukti_desa[vid])
            if untuk_desa is None or not r.variabel.per_desa:
                raise GagalSimpan(["Desa untuk bukti dukung tidak ditemukan pada unit ini atau tidak aktif bulan ini."])
        for berkas, periksa in daftar:
            try:
                bukti.tambah_bukti(
                    tulis, realisasi=r, berkas=berkas, hasil=periksa, oleh=user, sama_boleh=ulang, desa=untuk_desa
                )
            except bukti.BuktiTidakDisimpan as e:
                raise GagalSimpan([
                    f"Bukti dukung “{periksa.nama_aman}” tidak disimpan. {e.pesan}"
                ]) from None


# --- Verification ------------------------------------------------------------------------------


def _label(r: Realisasi) -> str:
    return f"{angka.nama_bulan(r.bulan)}: “{r.variabel.nama}”"


def _kunci(ids) -> list[Realisasi]:
    return list(
        Realisasi.objects.select_for_update(of=("self",))
        .filter(pk__in=list(ids))
        .select_related("variabel__indikator__tahun__unit", "variabel__pengisi")
        .order_by("bulan", "variabel__indikator__urutan", "variabel__urutan", "pk")
    )


def _periksa_verifikator(user: Pengguna, baris: list[Realisasi], versi: Mapping[int, int] | None) -> None:
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    boleh: dict[int, set[int]] = {}
    for r in baris:
        tahun = r.variabel.indikator.tahun
        if tahun.pk not in boleh:
            boleh[tahun.pk] = set(jabatan_diverifikasi(user, tahun).values_list("pk", flat=True))
        if r.variabel.pengisi_id not in boleh[tahun.pk]:
            raise TidakBerwenang([f"{_label(r)} bukan wewenang verifikasi Anda."])
    kesalahan, konflik = [], []
    for r in baris:
        if r.diisi_oleh_id == user.pk:
            kesalahan.append(f"{_label(r)}: Anda tidak dapat memverifikasi nilai yang Anda isi sendiri.")
        elif r.status != Realisasi.DIAJUKAN:
            kesalahan.append(
                f"{_label(r)} berstatus {r.get_status_display().lower()}; hanya nilai yang diajukan yang dapat "
                "diverifikasi atau dikembalikan."
            )
        elif versi is not None and versi.get(r.pk) != r.versi:
            konflik.append(
                f"{_label(r)} telah diubah sejak halaman dibuka; nilai saat ini "
                f"{r.variabel.format_nilai(r.nilai)}. Muat ulang halaman lalu periksa kembali."
            )
    if kesalahan:
        raise GagalSimpan(kesalahan)
    if konflik:
        raise KonflikVersi(konflik)


@transaction.atomic
def verifikasi(
    *, user: Pengguna, realisasi_list: Iterable[Realisasi], versi: Mapping[int, int] | None = None
) -> list[Realisasi]:
    """Verify submitted values; they are then locked. ``versi`` (pk → versi as shown) refuses a
    value changed since the verifier looked at it."""
    baris = _kunci(r.pk for r in realisasi_list)
    if not baris:
        raise GagalSimpan(["Tidak ada nilai yang dipilih."])
    _periksa_verifikator(user, baris, versi)
    _verifikasi(user, baris)
    _beri_tahu_diverifikasi(user, baris)
    return baris


def _verifikasi(user: Pengguna, baris: list[Realisasi]) -> list[Realisasi]:
    sekarang = timezone.now()
    for r in baris:
        r.verifikasi(oleh=user, pada=sekarang)
        r.save()
    return baris


@dataclass
class PutusanBulan:
    """What one "verify all without a note" did: verified, returned (with the note typed for
    them), and skipped values, each skipped one named with why."""

    diverifikasi: list[Realisasi]
    dikembalikan: list[Realisasi]
    dilewati: list[str]


@transaction.atomic
def verifikasi_tanpa_catatan(
    *, user: Pengguna, tahun_iki: TahunIKI, bulan: int, versi: Mapping[int, int], catatan: Mapping[int, str]
) -> PutusanBulan:
    """Decide a month's submitted values in one step, as the verifier saw them.

    ``versi`` (realisasi id → versi as shown) names the values on the verifier's page; each one
    the verifier wrote no note for is verified, each with a note (``catatan``: id → text) goes back
    to the staf with it. A value changed since the page was shown (another version, no longer
    submitted) or entered by the verifier themselves is skipped and named; values submitted after
    the page was shown are not touched. All the rest in one transaction, through
    ``Realisasi.verifikasi`` / ``Realisasi.kembalikan``, within the verifier's jabatan.
    """
    if user.hanya_baca:
        raise TidakBerwenang(["Peran Anda hanya dapat membaca data."])
    if not 1 <= bulan <= 12:
        raise GagalSimpan([f"Bulan {bulan} tidak sah."])
    nama_bulan = angka.nama_bulan(bulan)
    if not versi:
        raise GagalSimpan([f"Tidak ada nilai {nama_bulan} yang dipilih."])
    catatan = {pk: teks.strip() for pk, teks in catatan.items() if pk in versi and (teks or "").strip()}
    if any(len(teks) > CATATAN_MAKS for teks in catatan.values()):
        raise GagalSimpan([f"Catatan paling panjang {CATATAN_MAKS} karakter."])
    baris = _kunci(versi)
    if {r.pk for r in baris} != set(versi) or any(
        r.bulan != bulan or r.variabel.indikator.tahun_id != tahun_iki.pk for r in baris
    ):
        raise GagalSimpan(["Data halaman tidak sah. Muat ulang halaman."])
    boleh = set(jabatan_diverifikasi(user, tahun_iki).values_list("pk", flat=True))
    bukan = [_label(r) for r in baris if r.variabel.pengisi_id not in boleh]
    if bukan:
        raise TidakBerwenang([f"{'; '.join(bukan)} bukan wewenang verifikasi Anda."])
    setuju, kembali, dilewati = [], [], []
    for r in baris:
        if r.status != Realisasi.DIAJUKAN or r.versi != versi[r.pk]:
            dilewati.append(
                f"{_label(r)} telah diubah sejak halaman dibuka (kini {r.get_status_display().lower()}, nilai "
                f"{r.variabel.format_nilai(r.nilai)}); tidak diputuskan, periksa kembali."
            )
        elif r.diisi_oleh_id == user.pk:
            dilewati.append(f"{_label(r)}: Anda tidak dapat memverifikasi nilai yang Anda isi sendiri.")
        elif r.pk in catatan:
            kembali.append(r)
        else:
            setuju.append(r)
    if not setuju and not kembali:
        raise GagalSimpan(dilewati or [f"Tidak ada nilai {nama_bulan} yang menunggu verifikasi."])
    _verifikasi(user, setuju)
    for r in kembali:
        r.kembalikan(oleh=user, catatan=catatan[r.pk])
        r.save()
    _beri_tahu_kembali(user, [(r, catatan[r.pk]) for r in kembali])
    _beri_tahu_diverifikasi(user, setuju, dikembalikan=kembali)
    return PutusanBulan(diverifikasi=setuju, dikembalikan=kembali, dilewati=dilewati)


def _catatan_wajib(catatan: str) -> str:
    catatan = (catatan or "").strip()
    if not catatan:
        raise GagalSimpan(["Catatan wajib diisi saat mengembalikan: tuliskan apa yang perlu diperbaiki."])
    if len(catatan) > CATATAN_MAKS:
        raise GagalSimpan([f"Catatan paling panjang {CATATAN_MAKS} karakter."])
    return catatan


def _kembalikan(user: Pengguna, baris: list[Realisasi], catatan: str) -> list[Realisasi]:
    for r in baris:
        r.kembalikan(oleh=user, catatan=catatan)
        r.save()
    _beri_tahu_kembali(user, [(r, catatan) for r in baris])
    return baris


@transaction.atomic
def kembalikan(*, user: Pengguna, realisasi: Realisasi, catatan: str, versi: int | None = None) -> Realisasi:
    """Return one submitted value to the staf with a note saying what to correct."""
    catatan = _catatan_wajib(catatan)
    baris = _kunci([realisasi.pk])
    if not baris:
        raise GagalSimpan(["Nilai tidak ditemukan."])
    _periksa_verifikator(user, baris, None if versi is None else {realisasi.pk: versi})
    return _kembalikan(user, baris, catatan)[0]


def _baris_bulan(jabatan: Jabatan, bulan: int, qs) -> list[Realisasi]:
    """The values of ``qs`` (diajukan, terkunci) of a jabatan's month, locked."""
    if not 1 <= bulan <= 12:
        raise GagalSimpan([f"Bulan {bulan} tidak sah."])
    return _kunci(qs.filter(variabel__pengisi=jabatan, bulan=bulan).values_list("pk", flat=True))


def _periksa_bulan(user, jabatan, bulan, baris, versi) -> None:
    if not jabatan_diverifikasi(user, jabatan.tahun).filter(pk=jabatan.pk).exists() or user.hanya_baca:
        raise TidakBerwenang([f"{jabatan.nama} bukan jabatan yang Anda verifikasi."])
    if not baris:
        raise GagalSimpan([f"Tidak ada nilai {jabatan.nama} bulan {angka.nama_bulan(bulan)} yang menunggu verifikasi."])
    if versi is not None and set(versi) != {r.pk for r in baris}:
        raise KonflikVersi(
            [f"Nilai {jabatan.nama} bulan {angka.nama_bulan(bulan)} berubah sejak halaman dibuka. Muat ulang halaman."]
        )
    _periksa_verifikator(user, baris, versi)


@transaction.atomic
def verifikasi_bulan_jabatan(
    *, user: Pengguna, jabatan: Jabatan, bulan: int, versi: Mapping[int, int] | None = None
) -> list[Realisasi]:
    """Verify every submitted value of a jabatan's month at once."""
    baris = _baris_bulan(jabatan, bulan, Realisasi.objects.diajukan())
    _periksa_bulan(user, jabatan, bulan, baris, versi)
    _verifikasi(user, baris)
    _beri_tahu_diverifikasi(user, baris)
    return baris


@transaction.atomic
def kembalikan_bulan_jabatan(
    *, user: Pengguna, jabatan: Jabatan, bulan: int, catatan: str, versi: Mapping[int, int] | None = None
) -> list[Realisasi]:
    """Return every submitted value of a jabatan's month with one note."""
    catatan = _catatan_wajib(catatan)
    baris = _baris_bulan(jabatan, bulan, Realisasi.objects.diajukan())
    _periksa_bulan(user, jabatan, bulan, baris, versi)
    return _kembalikan(user, baris, catatan)


# --- Reopening a locked month ------------------------------------------------------------------


@transaction.atomic
def buka_kunci(*, user: Pengguna, jabatan: Jabatan, bulan: int, alasan: str) -> PembukaanKunci:
    """Reopen a jabatan's verified month (operator or camat), keeping the written reason.

    The verified values go back to draft with the reason as the note, so the staf can correct
    and submit them again and the verifier verifies them again.
    """
    if not boleh_buka_kunci(user, jabatan.tahun):
        raise TidakBerwenang(["Hanya operator atau camat yang dapat membuka bulan yang terkunci."])
    alasan = (alasan or "").strip()
    if not alasan:
        raise GagalSimpan(["Alasan membuka kunci wajib diisi."])
    if len(alasan) > CATATAN_MAKS:
        raise GagalSimpan([f"Alasan paling panjang {CATATAN_MAKS} karakter."])
    baris = _baris_bulan(jabatan, bulan, Realisasi.objects.terkunci())
    if not baris:
        raise GagalSimpan([f"{jabatan.nama} bulan {angka.nama_bulan(bulan)} tidak memiliki nilai yang terkunci."])
    pembukaan = PembukaanKunci.objects.create(jabatan=jabatan, bulan=bulan, alasan=alasan, oleh=user)
    for r in baris:
        r.buka(oleh=user, alasan=alasan)
        r.save()
    _beri_tahu_dibuka(user, jabatan, bulan, baris, alasan)
    return pembukaan


# --- Notifications -----------------------------------------------------------------------------
# Written with iki.umum.notifikasi.beri_tahu inside the transaction of the state change, so a
# refused or rolled-back step leaves none. Each links straight to the screen to act on.


def url_entri(tahun_iki: TahunIKI, bulan: int, *, indikator_id: int | None = None,
              penerima: Pengguna | None = None, jabatan: Jabatan | None = None) -> str:
    """The entry screen of a month (an operator's for one jabatan), at an indicator's card."""
    url = reverse("entri_bulan", args=[tahun_iki.unit.kode, tahun_iki.tahun, bulan])
    if penerima is not None and penerima.peran == Pengguna.OPERATOR and jabatan is not None:
        url += f"?jabatan={jabatan.kode}"
    return f"{url}#indikator-{indikator_id}" if indikator_id else url


def url_verifikasi(jabatan: Jabatan, bulan: int) -> str:
    """The verification page of the jabatan's year, at the jabatan's month."""
    return f"{reverse('verifikasi_daftar')}?tahun={jabatan.tahun.tahun}#kelompok-{jabatan.pk}-{bulan}"


def _periode(tahun_iki: TahunIKI, bulan: int) -> str:
    return f"{angka.nama_bulan(bulan)} {tahun_iki.tahun}"


def _beri_tahu_diajukan(user: Pengguna, tahun_iki: TahunIKI, bulan: int, pengisi_ids: list[int]) -> None:
    """A month submitted: to the verifiers of each jabatan in it, once while the last is unread."""
    periode = _periode(tahun_iki, bulan)
    for jabatan in Jabatan.objects.filter(pk__in=set(pengisi_ids)).select_related("tahun__unit").order_by("pk"):
        jumlah = pengisi_ids.count(jabatan.pk)
        tautan = url_verifikasi(jabatan, bulan)
        for penerima in verifikator_jabatan(jabatan):
            if penerima.pk == user.pk or Notifikasi.objects.filter(
                penerima=penerima, jenis=Notifikasi.MENUNGGU_VERIFIKASI, tautan=tautan, dibaca__isnull=True
            ).exists():
                continue
            beri_tahu(
                penerima, Notifikasi.MENUNGGU_VERIFIKASI, f"Menunggu verifikasi: {jabatan.nama}, {periode}",
                f"{nama_pengguna(user)} mengajukan {jumlah} nilai {periode} untuk Anda verifikasi.", tautan,
            )


def _beri_tahu_kembali(user: Pengguna, pasangan: list[tuple[Realisasi, str]]) -> None:
    """Values returned: one notification per filler and month, with the verifier's note(s)."""
    kelompok: dict[tuple[int, int, int], list[tuple[Realisasi, str]]] = {}
    for r, catatan in pasangan:
        if r.diisi_oleh_id and r.diisi_oleh_id != user.pk:
            kelompok.setdefault((r.diisi_oleh_id, r.variabel.indikator.tahun_id, r.bulan), []).append((r, catatan))
    if not kelompok:
        return
    pengguna = Pengguna.objects.in_bulk({k[0] for k in kelompok})
    nama = nama_pengguna(user)
    for (pid, _, bulan), isi in kelompok.items():
        pertama = isi[0][0]
        tahun_iki = pertama.variabel.indikator.tahun
        periode = _periode(tahun_iki, bulan)
        catatan = {c for _, c in isi}
        if len(isi) == 1:
            judul = f"Dikembalikan: “{pertama.variabel.nama}”, {periode}"
            teks = f"Catatan {nama}: {isi[0][1]}"
        elif len(catatan) == 1:
            judul = f"{len(isi)} nilai {periode} dikembalikan"
            teks = f"Catatan {nama}: {isi[0][1]}\nNilai: " + "; ".join(f"“{r.variabel.nama}”" for r, _ in isi)
        else:
            judul = f"{len(isi)} nilai {periode} dikembalikan"
            teks = f"Catatan {nama}:\n" + "\n".join(f"“{r.variabel.nama}”: {c}" for r, c in isi)
        penerima = pengguna[pid]
        tautan = url_entri(
            tahun_iki, bulan, indikator_id=pertama.variabel.indikator_id, penerima=penerima,
            jabatan=pertama.variabel.pengisi,
        )
        beri_tahu(penerima, Notifikasi.DIKEMBALIKAN, judul, teks, tautan)


def _beri_tahu_diverifikasi(user: Pengguna, baris: list[Realisasi], dikembalikan: list[Realisasi] = ()) -> None:
    """Values verified: one notification per jabatan and month to its fillers, once nothing of
    that month waits any more (a month partly returned gets the return's notification only)."""
    kembali = {(r.variabel.pengisi_id, r.bulan) for r in dikembalikan}
    kelompok: dict[tuple[int, int], list[Realisasi]] = {}
    for r in baris:
        kelompok.setdefault((r.variabel.pengisi_id, r.bulan), []).append(r)
    nama = nama_pengguna(user)
    for (jabatan_id, bulan), isi in kelompok.items():
        if (jabatan_id, bulan) in kembali or Realisasi.objects.diajukan().filter(
            variabel__pengisi_id=jabatan_id, bulan=bulan
        ).exists():
            continue
        penerima_ids = {r.diisi_oleh_id for r in isi} - {None, user.pk}
        if not penerima_ids:
            continue
        jabatan, tahun_iki = isi[0].variabel.pengisi, isi[0].variabel.indikator.tahun
        periode = _periode(tahun_iki, bulan)
        for penerima in Pengguna.objects.filter(pk__in=penerima_ids).order_by("pk"):
            beri_tahu(
                penerima, Notifikasi.DIVERIFIKASI, f"Diverifikasi: {jabatan.nama}, {periode}",
                f"Nilai {periode} yang Anda ajukan telah diverifikasi oleh {nama} dan dikunci.",
                url_entri(tahun_iki, bulan, penerima=penerima, jabatan=jabatan),
            )


def _beri_tahu_dibuka(user: Pengguna, jabatan: Jabatan, bulan: int, baris: list[Realisasi], alasan: str) -> None:
    """A verified month reopened: to those who filled it and the staf holding the jabatan now."""
    penerima_ids = ({r.diisi_oleh_id for r in baris} | {u.pk for u in pengisi_jabatan(jabatan)}) - {None, user.pk}
    tahun_iki = jabatan.tahun
    periode = _periode(tahun_iki, bulan)
    for penerima in Pengguna.objects.filter(pk__in=penerima_ids).order_by("pk"):
        beri_tahu(
            penerima, Notifikasi.DIBUKA, f"Dibuka kembali: {jabatan.nama}, {periode}",
            f"{nama_pengguna(user)} membuka kunci {periode}: {alasan}\nPerbaiki bila perlu, lalu ajukan lagi.",
            url_entri(tahun_iki, bulan, penerima=penerima, jabatan=jabatan),
        )




def beri_tahu_pekerjaan_terbuka(tahun_iki: TahunIKI) -> int:
    """The inboxes of a year whose open work was set without the workflow (the demo:
    ``set_iki.muat.buka_pekerjaan_contoh`` runs before its accounts exist): each returned value to
    the staf holding its jabatan, with the note, and each submitted month of a jabatan to its
    verifiers, as returning and submitting would have written them. Safe to run again (``kunci``).
    Returns the number of notifications written."""
    jumlah = 0
    kembali = (
        Realisasi.objects.filter(variabel__indikator__tahun=tahun_iki, status=Realisasi.DIKEMBALIKAN)
        .select_related("variabel__pengisi__tahun", "variabel__indikator")
        .order_by("bulan", "pk")
    )
    for r in kembali:
        jabatan = r.variabel.pengisi
        if jabatan is None:
            continue
        for penerima in pengisi_jabatan(jabatan):
            jumlah += bool(beri_tahu(
                penerima, Notifikasi.DIKEMBALIKAN,
                f"Dikembalikan: “{r.variabel.nama}”, {_periode(tahun_iki, r.bulan)}",
                f"Catatan verifikator: {r.catatan_verifikasi}",
                url_entri(tahun_iki, r.bulan, indikator_id=r.variabel.indikator_id, penerima=penerima, jabatan=jabatan),
                kunci=f"kembali:{r.pk}:{r.versi}",
            ))
    diajukan = (
        Realisasi.objects.filter(variabel__indikator__tahun=tahun_iki, status=Realisasi.DIAJUKAN)
        .values_list("variabel__pengisi_id", "bulan")
        .distinct()
    )
    per_jabatan = Jabatan.objects.select_related("tahun__unit").in_bulk({j for j, _ in diajukan if j})
    for jabatan_id, bulan in sorted(diajukan):
        jabatan = per_jabatan.get(jabatan_id)
        if jabatan is None:
            continue
        periode = _periode(tahun_iki, bulan)
        for penerima in verifikator_jabatan(jabatan):
            jumlah += bool(beri_tahu(
                penerima, Notifikasi.MENUNGGU_VERIFIKASI, f"Menunggu verifikasi: {jabatan.nama}, {periode}",
                f"Nilai {periode} {jabatan.nama} diajukan untuk Anda verifikasi.", url_verifikasi(jabatan, bulan),
                kunci=f"ajuan:{jabatan.pk}:{bulan}",
            ))
    return jumlah
