"""The month's value of an indicator in words ("48 dari 50 = 96,00 %"), as the entry and the
verification screens show it, and what the browser needs to redo it while the user types."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from iki.inti import angka, perhitungan
from iki.models import Indikator


def _target_dengan_sumber(indikator: Indikator, bulan: int) -> perhitungan.TargetPeriode:
    target = {t.periode: t.nilai for t in indikator.target.all()}
    return perhitungan.tentukan_target(
        perhitungan.Periode("bulan", bulan),
        target_tahun=target.get("tahun"),
        target_triwulan={int(k[2]): v for k, v in target.items() if k.startswith("tw")},
        proporsional=indikator.sifat_target == "proporsional",
    )


def _target_bulan(indikator: Indikator, bulan: int) -> Decimal | None:
    return _target_dengan_sumber(indikator, bulan).nilai


@dataclass(frozen=True)
class HasilBulan:
    """An indicator's month as the verifier weighs it: value, the target that month uses (and
    where it comes from), capaian (uncapped; ``capaian_tampil`` capped for display) and category."""

    nilai: Decimal | None
    target: perhitungan.TargetPeriode
    capaian: Decimal | None
    capaian_tampil: Decimal | None
    kategori: perhitungan.Kategori | None

    @property
    def teks_nilai(self) -> str:
        return angka.format_angka(self.nilai) if self.nilai is not None else "–"

    @property
    def teks_target(self) -> str:
        return angka.format_angka(self.target.nilai) if self.target.nilai is not None else "belum ditetapkan"

    @property
    def teks_capaian(self) -> str:
        return angka.format_persen(self.capaian_tampil)


def hasil_bulan(
    indikator: Indikator,
    nilai: dict[str, Decimal | None],
    konstanta: dict[str, Decimal],
    bulan: int,
    *,
    skala: perhitungan.SkalaKategori,
    batas_tampil: int | None = None,
) -> HasilBulan:
    """One month of an indicator from its variables' values of that month (``nilai``, by code):
    the dashboard's month (``iki.capaian.data``) with the same rules of ``iki.inti.perhitungan``
    (target of the period, the formula, capaian by kind and polarity, the kabupaten's scale), for
    the few indicators on a verifier's page. ``indikator.target`` and ``.variabel`` prefetched."""
    target = _target_dengan_sumber(indikator, bulan)
    selisih = indikator.jenis == Indikator.SELISIH
    rumus = indikator.rumus_terurai()
    hasil = None
    if rumus is not None and nilai and all(v is not None for v in nilai.values()):
        data: dict[str, Decimal] = dict(konstanta)
        if selisih and target.nilai is not None:
            data["target"] = target.nilai
        data.update(nilai)
        if all(n in data for n in rumus.nama):
            hasil = rumus.hitung(data)
    capaian = perhitungan.capaian_indikator(hasil, target.nilai, indikator.polaritas, selisih=selisih)
    return HasilBulan(
        nilai=hasil,
        target=target,
        capaian=capaian,
        capaian_tampil=perhitungan.batasi(capaian, batas_tampil),
        kategori=skala.kategori(capaian),
    )


def _hasil_teks(indikator: Indikator, hasil: Decimal | None) -> str:
    if hasil is None:
        return perhitungan.TIDAK_DAPAT_DIHITUNG
    if indikator.satuan == "%":
        return angka.format_persen(hasil)
    return f"{angka.format_angka(hasil)} {indikator.satuan}".strip()


def pratinjau(
    indikator: Indikator, nilai: dict[str, Decimal | None], konstanta: dict[str, Decimal], bulan: int
) -> tuple[str, dict | None]:
    """The month's value of an indicator in words, and what the browser needs to redo it live.

    ``nilai`` maps variable codes to the month's values. Returns ``("", None)`` for survey
    indicators; "belum lengkap" while a value is missing.
    """
    rumus = indikator.rumus_terurai()
    if rumus is None:
        return "", None
    data: dict[str, Decimal] = dict(konstanta)
    if indikator.jenis == Indikator.SELISIH:
        target = _target_bulan(indikator, bulan)
        if target is not None:
            data["target"] = target
    data.update({k: v for k, v in nilai.items() if v is not None})
    pasangan = indikator.pasangan_rasio_rumus()
    desimal = {v.kode: v.desimal for v in indikator.variabel.all()}

    def tampil(kode: str) -> str:
        # A variable's value with its decimals; a constant as people write it.
        return angka.format_nilai(data[kode], desimal[kode]) if kode in desimal else angka.format_ringkas(data[kode])

    js = None
    if len(pasangan) == 1 and rumus.teks_normal in (f"{pasangan[0][0]} / {pasangan[0][1]} * 100",
                                                   f"{pasangan[0][0]} / {pasangan[0][1]}"):
        a, b = pasangan[0]
        js = {
            "a": a,
            "b": b,
            "kali": 100 if rumus.teks_normal.endswith("* 100") else 1,
            "satuan": indikator.satuan,
            # A side that is not typed on this page (a constant, a locked or another's value).
            "tetap_a": str(data[a]) if a in data else "",
            "tetap_b": str(data[b]) if b in data else "",
            # Decimals of each side as the server shows them ("" for a constant: as it is).
            "desimal_a": desimal.get(a, ""),
            "desimal_b": desimal.get(b, ""),
        }
    if any(v is None for v in nilai.values()) or any(n not in data for n in rumus.nama):
        return "Belum lengkap: isi semua nilai untuk melihat hasilnya.", js
    hasil = rumus.hitung(data)
    teks = _hasil_teks(indikator, hasil)
    if len(pasangan) == 1:
        a, b = pasangan[0]
        return f"{tampil(a)} dari {tampil(b)} = {teks}", js
    if indikator.jenis == Indikator.SELISIH and "target" in data:
        kejadian = [n for n in rumus.nama if n != "target" and n in nilai]
        if len(kejadian) == 1:
            return (f"{tampil(kejadian[0])} − target {angka.format_angka(data['target'])} "
                    f"= {teks}"), js
    return f"Hasil: {teks}", js
