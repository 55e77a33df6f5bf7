"""Indeks Kepuasan Masyarakat (IKM) per PermenPANRB 14/2017, as design.md §3.4 states it.

Pure Python with no ORM and no clock. Answers are held as a distribution per unsur (how many
answered 1, 2, 3 and 4), because that is what both kinds of entry give (a questionnaire adds one
answer per unsur, a tally gives the counts) and because pooling a period is then just adding
counts: a period's IKM pools all its answers, never the mean of monthly IKM values.

Arithmetic is exact (``Fraction``): NRR per unsur = sum of answers ÷ number of answers for that
unsur; IKM = Σ NRR × 1/9 with the 1/9 exact; converted IKM = IKM × 25, rounded once at the end to
2 decimals half up. Mutu is read from that rounded value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor

# --- Unsur ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unsur:
    kode: str
    nama: str

    @property
    def label(self) -> str:
        return f"{self.kode} {self.nama}"


UNSUR: tuple[Unsur, ...] = (
    Unsur("U1", "Persyaratan"),
    Unsur("U2", "Sistem, Mekanisme dan Prosedur"),
    Unsur("U3", "Waktu Penyelesaian"),
    Unsur("U4", "Biaya/Tarif"),
    Unsur("U5", "Produk Spesifikasi Jenis Pelayanan"),
    Unsur("U6", "Kompetensi Pelaksana"),
    Unsur("U7", "Perilaku Pelaksana"),
    Unsur("U8", "Penanganan Pengaduan, Saran dan Masukan"),
    Unsur("U9", "Sarana dan Prasarana"),
)
KODE_UNSUR: tuple[str, ...] = tuple(u.kode for u in UNSUR)
NAMA_UNSUR: dict[str, str] = {u.kode: u.nama for u in UNSUR}
NILAI_JAWABAN: tuple[int, ...] = (1, 2, 3, 4)

# Each unsur weighs 1/9: the regulation's "bobot nilai rata-rata tertimbang" 1/jumlah unsur.
BOBOT = Fraction(1, len(UNSUR))
KONVERSI = 25
IKM_MIN = Decimal("25.00")
IKM_MAKS = Decimal("100.00")


# --- Answers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sebaran:
    """How many answered 1, 2, 3 and 4 to one unsur."""

    n1: int = 0
    n2: int = 0
    n3: int = 0
    n4: int = 0

    def __post_init__(self) -> None:
        for n in (self.n1, self.n2, self.n3, self.n4):
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise ValueError(f"Jumlah jawaban harus bilangan bulat ≥ 0, bukan {n!r}")

    @classmethod
    def dari_jumlah(cls, jumlah: Mapping[int, int]) -> Sebaran:
        """From ``{1: n1, 2: n2, 3: n3, 4: n4}`` (missing keys are 0)."""
        asing = set(jumlah) - set(NILAI_JAWABAN)
        if asing:
            raise ValueError(f"Jawaban hanya 1–4, bukan {sorted(asing)}")
        return cls(*(int(jumlah.get(v, 0)) for v in NILAI_JAWABAN))

    @property
    def per_nilai(self) -> tuple[int, int, int, int]:
        return (self.n1, self.n2, self.n3, self.n4)

    @property
    def jumlah_jawaban(self) -> int:
        return self.n1 + self.n2 + self.n3 + self.n4

    @property
    def jumlah_nilai(self) -> int:
        return self.n1 + 2 * self.n2 + 3 * self.n3 + 4 * self.n4

    @property
    def nrr(self) -> Fraction | None:
        """Nilai rata-rata per unsur; ``None`` when nobody answered this unsur."""
        if self.jumlah_jawaban == 0:
            return None
        return Fraction(self.jumlah_nilai, self.jumlah_jawaban)

    def __add__(self, other: Sebaran) -> Sebaran:
        if not isinstance(other, Sebaran):
            return NotImplemented
        return Sebaran(*(a + b for a, b in zip(self.per_nilai, other.per_nilai, strict=True)))


KOSONG = Sebaran()

Rekap = Mapping[str, Sebaran]
"""Answers of a survey (or a pool of surveys) by unsur code; a missing code means no answers."""


def periksa_jawaban(kode: str, nilai: object) -> int | None:
    """One questionnaire answer: ``None`` (not answered) or an int 1–4; ``ValueError`` otherwise."""
    if kode not in NAMA_UNSUR:
        raise ValueError(f"Unsur tidak dikenal: {kode!r}")
    if nilai is None:
        return None
    if isinstance(nilai, bool) or not isinstance(nilai, int) or nilai not in NILAI_JAWABAN:
        raise ValueError(f"Jawaban {kode} harus 1, 2, 3 atau 4, bukan {nilai!r}")
    return nilai


def rekap_kuesioner(kuesioner: Iterable[Mapping[str, int | None]]) -> dict[str, Sebaran]:
    """Tally questionnaires (each ``{"U1": 4, "U2": 3, …}``; a missing or ``None`` answer is
    skipped for that unsur only, as the formula counts answers per unsur)."""
    hitung = {kode: [0, 0, 0, 0] for kode in KODE_UNSUR}
    for jawaban in kuesioner:
        for kode, nilai in jawaban.items():
            v = periksa_jawaban(kode, nilai)
            if v is not None:
                hitung[kode][v - 1] += 1
    return {kode: Sebaran(*n) for kode, n in hitung.items()}


def gabung_rekap(*semua: Rekap) -> dict[str, Sebaran]:
    """Pool several tallies (surveys of a period, questionnaires and tallies of one survey)."""
    hasil = {kode: KOSONG for kode in KODE_UNSUR}
    for rekap in semua:
        for kode, sebaran in rekap.items():
            if kode not in hasil:
                raise ValueError(f"Unsur tidak dikenal: {kode!r}")
            hasil[kode] = hasil[kode] + sebaran
    return hasil


# --- Rounding, mutu ------------------------------------------------------------------------------


def bulatkan_pecahan(nilai: Fraction, desimal: int = 2) -> Decimal:
    """Exact half-up rounding of a fraction to ``desimal`` places (e.g. 91,4750957… → 91,48)."""
    if desimal < 0:
        raise ValueError("Jumlah desimal tidak boleh negatif")
    skala = 10**desimal
    x = Fraction(nilai) * skala
    bulat = floor(x + Fraction(1, 2)) if x >= 0 else -floor(-x + Fraction(1, 2))
    return Decimal(bulat).scaleb(-desimal)


@dataclass(frozen=True)
class Mutu:
    huruf: str  # mutu pelayanan: A, B, C, D
    kinerja: str  # kinerja unit pelayanan
    warna: str  # hex colour for screens

    @property
    def label(self) -> str:
        return f"{self.huruf} ({self.kinerja})"


MUTU_A = Mutu("A", "Sangat Baik", "#1a7f37")
MUTU_B = Mutu("B", "Baik", "#2f81f7")
MUTU_C = Mutu("C", "Kurang Baik", "#bf8700")
MUTU_D = Mutu("D", "Tidak Baik", "#cf222e")

# Lower bounds (inclusive) of the converted IKM, from the regulation's table of intervals.
BATAS_MUTU: tuple[tuple[Decimal, Mutu], ...] = (
    (Decimal("88.31"), MUTU_A),
    (Decimal("76.61"), MUTU_B),
    (Decimal("65.00"), MUTU_C),
)


def mutu(nilai_konversi: Decimal) -> Mutu:
    """Mutu of a converted IKM (25–100). The value is first rounded half up to 2 decimals, as the
    regulation reads the rounded figure: 88,305 is 88,31 and so A."""
    if not isinstance(nilai_konversi, Decimal):
        raise TypeError("Gunakan Decimal")
    dibulatkan = bulatkan_pecahan(Fraction(nilai_konversi), 2)
    for batas, m in BATAS_MUTU:
        if dibulatkan >= batas:
            return m
    return MUTU_D


# --- The index -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilUnsur:
    unsur: Unsur
    sebaran: Sebaran

    @property
    def kode(self) -> str:
        return self.unsur.kode

    @property
    def nrr(self) -> Fraction | None:
        return self.sebaran.nrr

    @property
    def nrr_tertimbang(self) -> Fraction | None:
        return None if self.nrr is None else self.nrr * BOBOT

    @property
    def konversi(self) -> Decimal | None:
        """The unsur's own converted value (NRR × 25), rounded once."""
        return None if self.nrr is None else bulatkan_pecahan(self.nrr * KONVERSI)

    @property
    def mutu(self) -> Mutu | None:
        return None if self.konversi is None else mutu(self.konversi)

    def nrr_tampil(self, desimal: int = 3) -> Decimal | None:
        return None if self.nrr is None else bulatkan_pecahan(self.nrr, desimal)


@dataclass(frozen=True)
class HasilIKM:
    """The IKM of a pool of answers.

    ``ikm`` (converted, 25–100, rounded once to 2 decimals) and ``mutu`` are ``None`` unless every
    unsur has at least one answer (``unsur_tanpa_jawaban`` says which have none).
    """

    unsur: tuple[HasilUnsur, ...]
    rata_nrr: Fraction | None = None  # Σ NRR × 1/9, exact
    ikm: Decimal | None = None
    mutu: Mutu | None = None
    unsur_terlemah: tuple[str, ...] = field(default=())
    unsur_tanpa_jawaban: tuple[str, ...] = field(default=())

    @property
    def per_kode(self) -> dict[str, HasilUnsur]:
        return {h.kode: h for h in self.unsur}

    @property
    def lengkap(self) -> bool:
        return self.ikm is not None

    @property
    def jumlah_jawaban(self) -> int:
        return sum(h.sebaran.jumlah_jawaban for h in self.unsur)

    @property
    def ada_jawaban(self) -> bool:
        return self.jumlah_jawaban > 0

    def rata_nrr_tampil(self, desimal: int = 4) -> Decimal | None:
        return None if self.rata_nrr is None else bulatkan_pecahan(self.rata_nrr, desimal)


def hitung_ikm(rekap: Rekap) -> HasilIKM:
    """NRR per unsur, IKM, mutu and the weakest unsur(s) of a tally (see ``rekap_kuesioner``)."""
    asing = set(rekap) - set(KODE_UNSUR)
    if asing:
        raise ValueError(f"Unsur tidak dikenal: {', '.join(sorted(asing))}")
    unsur = tuple(HasilUnsur(u, rekap.get(u.kode, KOSONG)) for u in UNSUR)
    nrr = {h.kode: h.nrr for h in unsur}
    tanpa = tuple(k for k, v in nrr.items() if v is None)
    dijawab = {k: v for k, v in nrr.items() if v is not None}
    terendah = min(dijawab.values()) if dijawab else None
    terlemah = tuple(k for k, v in dijawab.items() if v == terendah)
    if tanpa:
        return HasilIKM(unsur=unsur, unsur_terlemah=terlemah, unsur_tanpa_jawaban=tanpa)
    # Divide the sum by 9 once, so the weight is exactly 1/9 (never 0,111).
    rata = sum(dijawab.values(), Fraction(0)) * BOBOT
    ikm = bulatkan_pecahan(rata * KONVERSI, 2)
    return HasilIKM(unsur=unsur, rata_nrr=rata, ikm=ikm, mutu=mutu(ikm), unsur_terlemah=terlemah)


def ikm_kuesioner(kuesioner: Iterable[Mapping[str, int | None]]) -> HasilIKM:
    return hitung_ikm(rekap_kuesioner(kuesioner))


# --- Sample size ---------------------------------------------------------------------------------

# Krejcie & Morgan (1970), "Determining sample size for research activities", the table the
# regulation's annex reproduces: population N → sample S (95 % confidence, 5 % margin, P = 0,5).
TABEL_KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152),
    (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186),
    (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
    (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361),
    (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379),
    (40000, 380), (50000, 381), (75000, 382), (100000, 384),
)  # fmt: skip
SAMPEL_MAKS = TABEL_KREJCIE_MORGAN[-1][1]


def sampel_minimal(populasi: int) -> int:
    """Minimum respondents for a service population, read from the Krejcie–Morgan table.

    A population between two rows takes the next higher row's sample (the safe side), never more
    than the population itself; above the last row the sample stays 384; 0 needs 0.
    """
    if isinstance(populasi, bool) or not isinstance(populasi, int) or populasi < 0:
        raise ValueError(f"Populasi harus bilangan bulat ≥ 0, bukan {populasi!r}")
    for n, s in TABEL_KREJCIE_MORGAN:
        if populasi <= n:
            return min(s, populasi)
    return SAMPEL_MAKS
