"""The month's value of an indicator in words ("48 dari 50 = 96,00 %"), as the entry and the
verification screens show it, and what the browser needs to redo it while the user types."""

from __future__ import annotations

from decimal import Decimal

from iki.inti import angka, perhitungan
from iki.models import Indikator


def _target_bulan(indikator: Indikator, bulan: int) -> Decimal | None:
    target = {t.periode: t.nilai for t in indikator.target.all()}
    return perhitungan.target_periode(
        perhitungan.Periode("bulan", bulan),
        target_tahun=target.get("tahun"),
        target_triwulan={int(k[2]): v for k, v in target.items() if k.startswith("tw")},
        proporsional=indikator.sifat_target == "proporsional",
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
