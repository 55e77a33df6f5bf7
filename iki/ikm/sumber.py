"""Reading survey answers out of the database for ``iki.ikm.hitung`` (the pure arithmetic).

Every function here pools with a fixed number of queries, whatever the number of surveys or
questionnaires: the counts of answers 1–4 per unsur are aggregated by the database (one query over
questionnaires, one over tallies), and pooling happens on those counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Q
from simple_history.utils import bulk_create_with_history

from iki.ikm import hitung as ikm
from iki.inti.perhitungan import Periode
from iki.models.ikm import Kuesioner, RekapIKM, RekapUnsur, SurveiIKM
from iki.umum.versi import naikkan_versi


def _agregat_sebaran() -> dict:
    agregat = {"jumlah": Count("pk")}
    for kode in ikm.KODE_UNSUR:
        for v in ikm.NILAI_JAWABAN:
            agregat[f"{kode}_{v}"] = Count("pk", filter=Q(**{kode.lower(): v}))
    return agregat


def _sebaran_dari_baris(baris: dict) -> dict[str, ikm.Sebaran]:
    return {kode: ikm.Sebaran(*(baris[f"{kode}_{v}"] for v in ikm.NILAI_JAWABAN)) for kode in ikm.KODE_UNSUR}


@dataclass
class RekapSurvei:
    """All answers of one survey: questionnaires and tallies pooled, and how many respondents."""

    sebaran: dict[str, ikm.Sebaran]
    jumlah_kuesioner: int = 0
    jumlah_rekap: int = 0  # respondents entered as tallies

    @property
    def jumlah_responden(self) -> int:
        return self.jumlah_kuesioner + self.jumlah_rekap

    def hasil(self) -> ikm.HasilIKM:
        return ikm.hitung_ikm(self.sebaran)


def _kosong() -> RekapSurvei:
    return RekapSurvei(sebaran=ikm.gabung_rekap())


def rekap_per_survei(survei_qs) -> dict[int, RekapSurvei]:
    """``{survei id: RekapSurvei}`` for every survey of the queryset that has answers (2 queries)."""
    hasil: dict[int, RekapSurvei] = {}
    baris_kuesioner = (
        Kuesioner.objects.filter(survei__in=survei_qs).order_by().values("survei_id").annotate(**_agregat_sebaran())
    )
    for baris in baris_kuesioner:
        hasil[baris["survei_id"]] = RekapSurvei(
            sebaran=_sebaran_dari_baris(baris), jumlah_kuesioner=baris["jumlah"]
        )
    baris_rekap = RekapUnsur.objects.filter(rekap__survei__in=survei_qs).values_list(
        "rekap__survei_id", "rekap__jumlah_responden", "unsur", "n1", "n2", "n3", "n4"
    )
    for survei_id, jumlah, unsur, *n in baris_rekap:
        r = hasil.setdefault(survei_id, _kosong())
        r.jumlah_rekap = jumlah
        r.sebaran = ikm.gabung_rekap(r.sebaran, {unsur: ikm.Sebaran(*n)})
    return hasil


def rekap_survei(survei: SurveiIKM) -> RekapSurvei:
    return rekap_per_survei(SurveiIKM.objects.filter(pk=survei.pk)).get(survei.pk, _kosong())


def gabung(rekap: Iterable[RekapSurvei]) -> RekapSurvei:
    hasil = _kosong()
    for r in rekap:
        hasil = RekapSurvei(
            sebaran=ikm.gabung_rekap(hasil.sebaran, r.sebaran),
            jumlah_kuesioner=hasil.jumlah_kuesioner + r.jumlah_kuesioner,
            jumlah_rekap=hasil.jumlah_rekap + r.jumlah_rekap,
        )
    return hasil


def rekap_periode(unit_id: int, tahun: int, periode: Periode) -> RekapSurvei:
    """All answers of the unit's surveys whose period lies within ``periode`` of that year."""
    return gabung(rekap_per_survei(SurveiIKM.objects.dalam_periode(unit_id, tahun, periode)).values())


def hasil_ikm(tahun_iki, periode: Periode) -> ikm.HasilIKM:
    return rekap_periode(tahun_iki.unit_id, tahun_iki.tahun, periode).hasil()


def nilai_ikm(tahun_iki, periode: Periode) -> Decimal | None:
    """The converted IKM (25–100, rounded once to 2 decimals) of the unit's surveys in the period
    of the IKI year, all their answers pooled; ``None`` when there are none or an unsur has no
    answer. This feeds the IKI indicator of jenis "survei" (2 queries)."""
    return hasil_ikm(tahun_iki, periode).ikm


def nilai_ikm_banyak(tahun_iki, daftar_periode: Iterable[Periode]) -> dict[str, Decimal | None]:
    """``{periode.kode: nilai}`` for many periods of one year at once (3 queries in all), for
    dashboards that show every month and triwulan."""
    return nilai_ikm_tahun([tahun_iki], daftar_periode)[tahun_iki.pk]


def nilai_ikm_tahun(daftar_tahun, daftar_periode: Iterable[Periode]) -> dict[int, dict[str, Decimal | None]]:
    """``{tahun_iki.pk: {periode.kode: nilai}}`` for many units' years at once (3 queries in all,
    however many units: the kabupaten dashboard)."""
    daftar_tahun = list(daftar_tahun)
    daftar_periode = list(daftar_periode)
    hasil = {t.pk: dict.fromkeys((p.kode for p in daftar_periode), None) for t in daftar_tahun}
    if not daftar_tahun:
        return hasil
    kunci = Q()
    for t in daftar_tahun:
        kunci |= Q(unit_id=t.unit_id, tahun=t.tahun)
    semua = SurveiIKM.objects.filter(kunci)
    survei = list(semua.only("pk", "unit_id", "tahun", "jenis", "nomor"))
    if not survei:
        return hasil
    per_survei = rekap_per_survei(semua)
    for t in daftar_tahun:
        milik = [s for s in survei if s.unit_id == t.unit_id and s.tahun == t.tahun and s.pk in per_survei]
        for periode in daftar_periode:
            bulan = set(periode.bulan)
            dalam = [per_survei[s.pk] for s in milik if set(s.periode.bulan) <= bulan]
            hasil[t.pk][periode.kode] = gabung(dalam).hasil().ikm if dalam else None
    return hasil


def survei_sebelumnya(survei: SurveiIKM) -> SurveiIKM | None:
    """The unit's latest survey of the same kind of period that ended before this one."""
    kandidat = SurveiIKM.objects.filter(unit_id=survei.unit_id, jenis=survei.jenis).filter(
        Q(tahun__lt=survei.tahun) | Q(tahun=survei.tahun, nomor__lt=survei.nomor)
    )
    return kandidat.order_by("-tahun", "-nomor").first()


# --- Respondent profile --------------------------------------------------------------------------

KELOMPOK_UMUR = (
    ("≤ 24 tahun", 0, 24),
    ("25–34 tahun", 25, 34),
    ("35–44 tahun", 35, 44),
    ("45–54 tahun", 45, 54),
    ("≥ 55 tahun", 55, 999),
)
TIDAK_DIISI = "Tidak diisi"


@dataclass
class BarisProfil:
    label: str
    jumlah: int
    persen: Decimal | None


def _baris(hitung: Counter, urutan: list[str], total: int) -> list[BarisProfil]:
    label = [*urutan, TIDAK_DIISI] if hitung.get(TIDAK_DIISI) else urutan
    return [
        BarisProfil(lbl, hitung.get(lbl, 0), Decimal(hitung.get(lbl, 0) * 100) / total if total else None)
        for lbl in label
    ]


def profil_responden(survei: SurveiIKM) -> dict[str, list[BarisProfil]]:
    """Respondents of the questionnaires by sex, age group, education, occupation and service
    (tallies carry no profile). One query."""
    baris = list(
        Kuesioner.objects.filter(survei=survei)
        .order_by()
        .values("jenis_kelamin", "pendidikan", "pekerjaan", "umur", "layanan__nama")
        .annotate(n=Count("pk"))
    )
    total = sum(b["n"] for b in baris)
    jk = dict(Kuesioner.JENIS_KELAMIN_CHOICES)
    pend = dict(Kuesioner.PENDIDIKAN_CHOICES)
    pek = dict(Kuesioner.PEKERJAAN_CHOICES)
    hitung = {k: Counter() for k in ("jenis_kelamin", "umur", "pendidikan", "pekerjaan", "layanan")}
    for b in baris:
        hitung["jenis_kelamin"][jk.get(b["jenis_kelamin"], TIDAK_DIISI)] += b["n"]
        hitung["pendidikan"][pend.get(b["pendidikan"], TIDAK_DIISI)] += b["n"]
        hitung["pekerjaan"][pek.get(b["pekerjaan"], TIDAK_DIISI)] += b["n"]
        hitung["layanan"][b["layanan__nama"] or TIDAK_DIISI] += b["n"]
        umur = b["umur"]
        kelompok = next((lbl for lbl, lo, hi in KELOMPOK_UMUR if umur is not None and lo <= umur <= hi), TIDAK_DIISI)
        hitung["umur"][kelompok] += b["n"]
    layanan = sorted(k for k in hitung["layanan"] if k != TIDAK_DIISI)
    return {
        "Jenis kelamin": _baris(hitung["jenis_kelamin"], list(jk.values()), total),
        "Umur": _baris(hitung["umur"], [k[0] for k in KELOMPOK_UMUR], total),
        "Pendidikan": _baris(hitung["pendidikan"], list(pend.values()), total),
        "Pekerjaan": _baris(hitung["pekerjaan"], list(pek.values()), total),
        "Jenis layanan": _baris(hitung["layanan"], layanan, total),
    }


# --- Writes --------------------------------------------------------------------------------------


def _kunci_survei(survei: SurveiIKM) -> None:
    """Serialise writers of one survey (numbering questionnaires) on PostgreSQL; SQLite already
    queues writers with its IMMEDIATE transactions."""
    list(SurveiIKM.objects.select_for_update().filter(pk=survei.pk).values_list("pk"))


def _nomor_berikut(survei: SurveiIKM) -> int:
    terakhir = Kuesioner.objects.filter(survei=survei).aggregate(m=Max("nomor"))["m"]
    return (terakhir or 0) + 1


@transaction.atomic
def simpan_kuesioner(*, survei: SurveiIKM, kuesioner: Kuesioner, user) -> Kuesioner:
    """Save one questionnaire (new ones get the next number of the survey)."""
    _kunci_survei(survei)
    kuesioner.survei = survei
    kuesioner.diisi_oleh = user
    if kuesioner.pk is None:
        kuesioner.nomor = _nomor_berikut(survei)
    kuesioner.save()
    return kuesioner


@transaction.atomic
def simpan_impor(*, survei: SurveiIKM, baris: list[dict], user) -> list[Kuesioner]:
    """Save every row read from an Excel upload, numbered after the survey's last questionnaire:
    all or nothing."""
    _kunci_survei(survei)
    nomor = _nomor_berikut(survei)
    objek = []
    for i, b in enumerate(baris):
        nilai = {k: v for k, v in b.items() if not k.startswith("_")}
        objek.append(Kuesioner(survei=survei, nomor=nomor + i, diisi_oleh=user, **nilai))
    dibuat = bulk_create_with_history(objek, Kuesioner, batch_size=500, default_user=user)
    naikkan_versi(Q(unit_id=survei.unit_id))  # bulk-created, without signals
    return dibuat


@transaction.atomic
def simpan_rekap(
    *, survei: SurveiIKM, jumlah_responden: int, rekap: dict[str, dict[str, int]], user
) -> RekapIKM | None:
    """Replace the survey's tallies; 0 respondents removes them. Counts per unsur must add up to
    the respondents (checked by the form; checked again here so no caller can store a bad tally)."""
    for kode, n in rekap.items():
        if kode not in ikm.NAMA_UNSUR:
            raise ValueError(f"Unsur tidak dikenal: {kode}")
        if any(v < 0 for v in n.values()) or sum(n.values()) != jumlah_responden:
            raise ValueError(f"Rekap {kode} tidak berjumlah {jumlah_responden}")
    if set(rekap) != set(ikm.KODE_UNSUR):
        raise ValueError("Rekap harus memuat kesembilan unsur")
    _kunci_survei(survei)
    lama = RekapIKM.objects.filter(survei=survei).first()
    if jumlah_responden == 0:
        if lama is not None:
            lama.delete()
        return None
    if lama is None:
        lama = RekapIKM(survei=survei)
    lama.jumlah_responden = jumlah_responden
    lama.diisi_oleh = user
    lama.save()
    ada = {u.unsur: u for u in lama.unsur.all()}
    for kode in ikm.KODE_UNSUR:
        baris = ada.get(kode) or RekapUnsur(rekap=lama, unsur=kode)
        for kolom, nilai in rekap[kode].items():
            setattr(baris, kolom, nilai)
        baris.save()
    return lama
