"""Safe parser and evaluator for indicator formulas ("rumus").

Operators type formulas such as ``ktp_tepat / ktp_usulan * 100``. The text comes from
users, so it is never handed to ``eval``/``exec``/``ast``: a small tokenizer and a
recursive-descent parser turn it into a postfix program that is evaluated in ``Decimal``.

Grammar (whitespace ignored)::

    jumlah := kali (('+' | '-') kali)*
    kali   := unari (('*' | '/') unari)*
    unari  := ('+' | '-') unari | dasar
    dasar  := ANGKA | NAMA | '(' jumlah ')'

ANGKA is ``[0-9]+`` with an optional decimal part after ``.`` or ``,``; NAMA is
``[A-Za-z_][A-Za-z0-9_]*`` (case-sensitive). Office notation (docs/rumus.md):

- ``×`` means ``*``; ``÷`` and ``:`` mean ``/``; ``−`` (U+2212) means ``-``.
- ``x`` or ``X`` means ``*`` only where an operator can stand: after a number, a name or ``)``
  (``a x b``, ``a/b x100``). Where an operand is expected it is a name (``x * 2``), and names
  that contain it (``ktp_x``, ``x_desa``) are always names.
- ``%`` may only end the formula. After a top-level ``× 100`` it is the unit sign and changes
  nothing (``a/b x 100 %`` = ``a/b x 100``); otherwise it multiplies the whole formula by 100
  (``a/b %`` = ``a/b x 100``). A formula that already multiplies by 100 elsewhere and ends in a
  bare ``%`` (``100 x a : b %``) is refused as ambiguous.

``dalam_kata`` prints the formula as the office typed it (its brackets, ``x``, ``:``, ``%``), with
names replaced by their labels; only the programmer's ``*``, ``/`` and ``-`` become ``×``, ``÷``
and ``−``. Error messages are in Bahasa Indonesia because operators read them.
"""

from __future__ import annotations

import keyword
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from types import MappingProxyType
from typing import TypeVar

__all__ = ["MAKS_KEDALAMAN", "MAKS_PANJANG", "Rumus", "RumusError"]

MAKS_PANJANG = 500  # characters
MAKS_KEDALAMAN = 50  # nesting depth of brackets and unary signs

# prec, rounding, Emin, Emax: 34 digits as the spec asks; only real errors trap.
_KONTEKS = Context(34, ROUND_HALF_EVEN, -999_999, 999_999, traps=[InvalidOperation, DivisionByZero, Overflow])
_OPERATOR = {"+": "+", "-": "-", "\u2212": "-", "*": "*", "×": "*", "/": "/", "÷": "/", ":": "/"}
# Context methods, not operators under localcontext(): the same arithmetic without switching the
# thread's context for every step (the dashboard evaluates formulas thousands of times a page).
_FUNGSI: dict[str, Callable[[Context, Decimal, Decimal], Decimal]] = {
    "+": Context.add,
    "-": Context.subtract,
    "*": Context.multiply,
    "/": Context.divide,
}
_DIGIT = frozenset(string.digits)  # ASCII only: str.isdigit() would accept '²' or '١'
_AWAL_NAMA = frozenset(string.ascii_letters + "_")
_ISI_NAMA = _AWAL_NAMA | _DIGIT
# A number is scanned greedily over letters too, so '1.2.3' or '1e309' is reported whole.
_ISI_ANGKA = _ISI_NAMA | {".", ","}
_ANGKA = re.compile(r"[0-9]+(?:[.,][0-9]+)?")

# Precedence used when printing; a child is bracketed only when the grammar needs it.
_PRIORITAS = {"+": 1, "-": 1, "*": 2, "/": 2}
_P_NEGASI = 3
_P_ATOM = 4
_SIMBOL_KODE = {"+": " + ", "-": " - ", "*": " * ", "/": " / "}
# Printed words: the programmer's operators in office symbols; the office's own kept as typed.
_SIMBOL_KATA = {"+": " + ", "-": " \u2212 ", "\u2212": " \u2212 ", "*": " × ", "/": " ÷ "}

T = TypeVar("T")


class RumusError(ValueError):
    """Invalid formula. ``str(e)`` is the Indonesian message; ``posisi`` is a 0-based index
    into the text given to ``Rumus`` (None when not tied to one place). Messages quote
    positions 1-based, as a person counts."""

    def __init__(self, pesan: str, posisi: int | None = None) -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.posisi = posisi


@dataclass(frozen=True, slots=True)
class _Token:
    jenis: str  # "angka", "nama", "op", "(", ")", "%", "akhir"
    teks: str  # as written
    posisi: int
    op: str = ""  # normalized operator: + - * /


@dataclass(frozen=True, slots=True)
class _Langkah:
    """One step of the postfix program."""

    jenis: str  # "angka", "nama", "negasi", "biner"
    isi: str  # angka: normalized text ('0.5'); nama: the name; biner: + - * /
    posisi: int
    angka: Decimal | None = None


def _sebut(t: _Token) -> str:
    if t.jenis in ("angka", "nama", "op"):
        return f"{'operator' if t.jenis == 'op' else t.jenis} '{t.teks}'"
    return "akhir rumus" if t.jenis == "akhir" else f"tanda kurung '{t.teks}'"


def _pindai(teks: str) -> list[_Token]:
    hasil: list[_Token] = []
    i, n = 0, len(teks)
    while i < n:
        c = teks[i]
        if c.isspace():
            i += 1
        elif c in _DIGIT or c in _AWAL_NAMA:
            isi = _ISI_ANGKA if c in _DIGIT else _ISI_NAMA
            j = i + 1
            while j < n and teks[j] in isi:
                j += 1
            kata = teks[i:j]
            if c in _DIGIT and not _ANGKA.fullmatch(kata):
                raise RumusError(
                    f"Angka tidak sah '{kata}'. Tulis angka dengan paling banyak satu tanda desimal "
                    "(titik atau koma), tanpa pemisah ribuan, pangkat atau huruf.",
                    i,
                )
            if keyword.iskeyword(kata):  # keeps Python-looking text such as 'lambda: 1' out
                raise RumusError(f"Nama '{kata}' tidak boleh dipakai karena merupakan kata cadangan.", i)
            hasil.append(_Token("angka" if c in _DIGIT else "nama", kata, i))
            i = j
        elif c in _OPERATOR:
            if c in "*/" and teks[i + 1 : i + 2] == c:
                raise RumusError(f"Operator '{c * 2}' tidak dikenal. Gunakan + − × ÷ (atau - * / :).", i)
            hasil.append(_Token("op", c, i, _OPERATOR[c]))
            i += 1
        elif c in "()%":
            hasil.append(_Token(c, c, i))
            i += 1
        else:
            tampil = c if c.isprintable() else f"U+{ord(c):04X}"
            pesan = f"Karakter tidak diizinkan '{tampil}' pada posisi {i + 1}."
            if c in ".,":
                pesan += " Titik atau koma hanya boleh dipakai sebagai tanda desimal di dalam angka, misalnya 0,5."
            raise RumusError(pesan, i)
    hasil.append(_Token("akhir", "", n))
    return _kali_x(hasil)


_X_ANGKA = re.compile(r"[xX]([0-9]+)")


def _kali_x(token: list[_Token]) -> list[_Token]:
    """Read ``x``/``X`` as multiplication where an operator can stand: right after a number, a
    name or ``)``. There a name could never follow, so nothing that parsed before changes
    meaning; ``x100`` typed without a space becomes ``x`` and ``100``."""
    hasil: list[_Token] = []
    for t in token:
        sebelum = hasil[-1].jenis if hasil else None
        if t.jenis == "nama" and sebelum in ("angka", "nama", ")"):
            if t.teks in ("x", "X"):
                hasil.append(_Token("op", t.teks, t.posisi, "*"))
                continue
            if m := _X_ANGKA.fullmatch(t.teks):
                hasil.append(_Token("op", t.teks[0], t.posisi, "*"))
                hasil.append(_Token("angka", m.group(1), t.posisi + 1))
                continue
        hasil.append(t)
    return hasil


def _pisah_persen(token: list[_Token]) -> tuple[list[_Token], _Token | None]:
    """The tokens without a final ``%``, and that ``%`` token; a ``%`` anywhere else is refused."""
    for k, t in enumerate(token):
        if t.jenis == "%" and token[k + 1].jenis != "akhir":
            raise RumusError(
                f"Tanda % pada posisi {t.posisi + 1} hanya boleh berada di akhir rumus "
                "(contoh: a : b x 100 %). Untuk sisa bagi tidak ada operator.",
                t.posisi,
            )
    if len(token) >= 2 and token[-2].jenis == "%":
        persen = token[-2]
        if len(token) == 2 or token[-3].jenis not in ("angka", "nama", ")"):
            raise RumusError(
                f"Tanda % pada posisi {persen.posisi + 1} harus mengikuti angka, nama atau kurung tutup.",
                persen.posisi,
            )
        return token[:-2] + token[-1:], persen
    return token, None


def _ujung_kali_100(langkah: tuple[_Langkah, ...]) -> bool:
    """Does the whole formula end in a top-level ``× 100`` (the root multiplies by the literal 100)?"""
    return (
        len(langkah) >= 3
        and langkah[-1].jenis == "biner"
        and langkah[-1].isi == "*"
        and langkah[-2].jenis == "angka"
        and langkah[-2].angka == 100
    )


def _sudah_kali_100(langkah: tuple[_Langkah, ...]) -> bool:
    """Is the literal 100 a multiplied factor of the formula's top-level product (``100 x a : b``)?"""

    def daun(lk: _Langkah) -> bool:
        return lk.jenis == "angka" and lk.angka == 100

    def biner(lk: _Langkah, a: bool, b: bool) -> bool:
        return (a or b) if lk.isi == "*" else (a if lk.isi == "/" else False)

    return _lipat(langkah, daun, lambda _: False, biner)


def _cek_kurung(token: list[_Token]) -> None:
    terbuka: list[int] = []
    for t in token:
        if t.jenis == "(":
            terbuka.append(t.posisi)
        elif t.jenis == ")":
            if not terbuka:
                raise RumusError(
                    f"Tanda kurung tidak seimbang. Kurung tutup ')' pada posisi {t.posisi + 1} "
                    "tidak punya pasangan '('.",
                    t.posisi,
                )
            terbuka.pop()
    if terbuka:
        p = terbuka[-1]
        raise RumusError(f"Tanda kurung tidak seimbang. Kurung buka '(' pada posisi {p + 1} belum ditutup.", p)


class _Pengurai:
    """Recursive-descent parser emitting postfix steps. Recursion is bounded by
    MAKS_KEDALAMAN; chains of binary operators are loops, so long formulas cannot
    exhaust the stack."""

    def __init__(self, token: list[_Token]) -> None:
        self._token = token
        self._i = 0
        self._tingkat = 0
        self._langkah: list[_Langkah] = []

    def urai(self) -> tuple[_Langkah, ...]:
        self._jumlah()
        sisa = self._token[self._i]
        if sisa.jenis != "akhir":
            raise self._salah_urutan(sisa)
        return tuple(self._langkah)

    def _jumlah(self) -> None:
        self._rantai("+-", self._kali)

    def _kali(self) -> None:
        self._rantai("*/", self._unari)

    def _rantai(self, ops: str, bawah: Callable[[], None]) -> None:
        bawah()
        while (t := self._token[self._i]).jenis == "op" and t.op in ops:
            self._i += 1
            bawah()
            self._langkah.append(_Langkah("biner", t.op, t.posisi))

    def _unari(self) -> None:
        t = self._token[self._i]
        if t.jenis != "op" or t.op not in "+-":
            self._dasar()
            return
        self._i += 1
        self._masuk(t)
        self._unari()
        self._tingkat -= 1
        if t.op == "-":  # unary plus changes nothing and is dropped
            self._langkah.append(_Langkah("negasi", "-", t.posisi))

    def _dasar(self) -> None:
        t = self._token[self._i]
        if t.jenis == "angka":
            teks = t.teks.replace(",", ".")
            self._langkah.append(_Langkah("angka", teks, t.posisi, Decimal(teks)))
        elif t.jenis == "nama":
            self._langkah.append(_Langkah("nama", t.teks, t.posisi))
        elif t.jenis == "(":
            self._i += 1
            self._masuk(t)
            self._jumlah()
            tutup = self._token[self._i]
            if tutup.jenis != ")":
                raise self._salah_urutan(tutup)
            self._tingkat -= 1
        else:
            raise self._tanpa_operan(t)
        self._i += 1

    def _masuk(self, t: _Token) -> None:
        self._tingkat += 1
        if self._tingkat > MAKS_KEDALAMAN:
            raise RumusError(f"Rumus terlalu bertingkat (maksimal {MAKS_KEDALAMAN} tingkat).", t.posisi)

    def _salah_urutan(self, t: _Token) -> RumusError:
        """An operand (or '(') where an operator or ')' was expected, e.g. 'a b'."""
        sebelum = self._token[self._i - 1]
        return RumusError(
            f"Rumus tidak sah: {_sebut(sebelum)} diikuti {_sebut(t)} pada posisi {t.posisi + 1}. "
            "Mungkin ada operator yang terlupa.",
            t.posisi,
        )

    def _tanpa_operan(self, t: _Token) -> RumusError:
        """A number, name or '(' was expected but `t` came."""
        sebelum = self._token[self._i - 1] if self._i > 0 else None
        if sebelum is None:
            pesan = f"Rumus tidak sah: diawali {_sebut(t)}; operator harus berada di antara dua angka atau nama."
        elif sebelum.jenis == "op" and t.jenis in ("akhir", ")"):
            pesan = f"Rumus tidak lengkap: operator '{sebelum.teks}' tidak diikuti angka atau nama."
        elif sebelum.jenis == "(" and t.jenis == ")":
            p = sebelum.posisi
            return RumusError(f"Rumus tidak sah: tanda kurung kosong '()' pada posisi {p + 1}.", p)
        else:
            pesan = f"Rumus tidak sah: {_sebut(sebelum)} diikuti {_sebut(t)} pada posisi {t.posisi + 1}."
        return RumusError(pesan, t.posisi)


def _lipat(
    langkah: Iterable[_Langkah],
    daun: Callable[[_Langkah], T],
    negasi: Callable[[T], T],
    biner: Callable[[_Langkah, T, T], T],
) -> T:
    """Evaluate the postfix program with the given meaning for leaves and operators.
    Iterative, so no traversal can hit the recursion limit."""
    tumpukan: list[T] = []
    for lk in langkah:
        if lk.jenis == "negasi":
            tumpukan.append(negasi(tumpukan.pop()))
        elif lk.jenis == "biner":
            kanan = tumpukan.pop()
            tumpukan.append(biner(lk, tumpukan.pop(), kanan))
        else:
            tumpukan.append(daun(lk))
    return tumpukan[-1]


def _tulis(
    langkah: Iterable[_Langkah], sebut_nama: Callable[[str], str], simbol: Mapping[str, str], minus: str, koma: bool
) -> str:
    def daun(lk: _Langkah) -> tuple[str, int]:
        if lk.jenis == "nama":
            return sebut_nama(lk.isi), _P_ATOM
        return (lk.isi.replace(".", ",") if koma else lk.isi), _P_ATOM

    def negasi(x: tuple[str, int]) -> tuple[str, int]:
        return minus + (f"({x[0]})" if x[1] < _P_NEGASI else x[0]), _P_NEGASI

    def biner(lk: _Langkah, a: tuple[str, int], b: tuple[str, int]) -> tuple[str, int]:
        p = _PRIORITAS[lk.isi]
        kiri = f"({a[0]})" if a[1] < p else a[0]
        # A right operand of equal precedence keeps its brackets: required for a − (b − c),
        # and kept for a × (b ÷ c) so the printed text evaluates in the same order.
        kanan = f"({b[0]})" if b[1] <= p else b[0]
        return f"{kiri}{simbol[lk.isi]}{kanan}", p

    return _lipat(langkah, daun, negasi, biner)[0]


def _ke_decimal(v: object) -> Decimal | None:
    """Input value as a finite Decimal; None for missing, NaN or infinite values."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        d = v
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))  # 0.1 -> Decimal('0.1'), not its binary expansion
    else:
        raise TypeError(f"Nilai harus berupa angka, bukan {type(v).__name__}.")
    return d if d.is_finite() else None


def _biner(op: str, a: Decimal | None, b: Decimal | None, konteks: Context) -> Decimal | None:
    if a is None or b is None or (op == "/" and b == 0):
        return None
    try:
        return _FUNGSI[op](konteks, a, b)
    except ArithmeticError:  # Overflow / InvalidOperation on huge values
        return None


def _negatif(a: Decimal | None, konteks: Context) -> Decimal | None:
    if a is None:
        return None
    try:
        return konteks.minus(a)
    except ArithmeticError:
        return None


class Rumus:
    """A parsed formula. Equality and hashing use the normalized text (``teks_normal``)."""

    teks: str
    nama: frozenset[str]

    def __init__(self, teks: str) -> None:
        if not isinstance(teks, str):
            raise RumusError("Rumus harus berupa teks.")
        bersih = teks.strip()
        if not bersih:
            raise RumusError("Rumus kosong.")
        if len(bersih) > MAKS_PANJANG:
            raise RumusError(f"Rumus terlalu panjang: {len(bersih)} karakter (maksimal {MAKS_PANJANG}).")
        token, persen = _pisah_persen(_pindai(teks))
        _cek_kurung(token)
        self.teks = teks
        self._token = tuple(token[:-1])  # as typed, for dalam_kata
        self._persen = persen
        self._langkah = _Pengurai(token).urai()
        if persen is not None and not _ujung_kali_100(self._langkah):
            if _sudah_kali_100(self._langkah):
                raise RumusError(
                    "Rumus sudah dikali 100 dan diakhiri %: tidak jelas apakah dikali 100 sekali atau "
                    "dua kali. Tulis “x 100 %” di akhir rumus (contoh: a : b x 100 %), atau hapus %.",
                    persen.posisi,
                )
            # A bare final % is "× 100" of the whole formula.
            self._langkah += (
                _Langkah("angka", "100", persen.posisi, Decimal(100)),
                _Langkah("biner", "*", persen.posisi),
            )
        # Postfix keeps operands in text order, so this is each name's first position.
        self._posisi_nama: dict[str, int] = {}
        for lk in self._langkah:
            if lk.jenis == "nama":
                self._posisi_nama.setdefault(lk.isi, lk.posisi)
        self.nama = frozenset(self._posisi_nama)
        self.teks_normal = _tulis(self._langkah, str, _SIMBOL_KODE, "-", koma=False)

    def periksa(self, *, nama_dikenal: Iterable[str], konstanta: Mapping[str, Decimal] = MappingProxyType({})) -> None:
        """Raise RumusError for unknown names or a divisor that is 0 regardless of the data."""
        dikenal = set(nama_dikenal) | set(konstanta)
        asing = sorted(self.nama - dikenal)
        if asing:
            tersedia = ", ".join(sorted(dikenal)) or "(belum ada)"
            raise RumusError(
                f"Nama tidak dikenal: {', '.join(asing)}. Nama yang tersedia: {tersedia}.",
                min(self._posisi_nama[n] for n in asing),
            )
        tetap = {k: _ke_decimal(v) for k, v in konstanta.items()}
        konteks = _KONTEKS.copy()
        # Stack of (value if it depends only on numbers/constants else None, start index of
        # the subtree in the postfix program, so the divisor can be quoted).
        tumpukan: list[tuple[Decimal | None, int]] = []
        for i, lk in enumerate(self._langkah):
            if lk.jenis == "angka":
                tumpukan.append((lk.angka, i))
            elif lk.jenis == "nama":
                tumpukan.append((tetap.get(lk.isi), i))
            elif lk.jenis == "negasi":
                nilai, awal = tumpukan.pop()
                tumpukan.append((_negatif(nilai, konteks), awal))
            else:
                b, awal_b = tumpukan.pop()
                a, awal_a = tumpukan.pop()
                if lk.isi == "/" and b is not None and b == 0:
                    pembagi = _tulis(self._langkah[awal_b:i], str, _SIMBOL_KODE, "-", koma=False)
                    raise RumusError(f"Pembagian dengan nol: pembagi '{pembagi}' bernilai 0.", lk.posisi)
                tumpukan.append((_biner(lk.isi, a, b, konteks), awal_a))

    def hitung(self, nilai: Mapping[str, Decimal]) -> Decimal | None:
        """Value of the formula, or None ("tidak dapat dihitung") when a value is missing,
        a divisor is 0 or the result is out of range."""
        konteks = _KONTEKS.copy()  # its own flags: nothing shared between threads is written
        tumpukan: list[Decimal | None] = []
        for lk in self._langkah:  # _lipat's loop, inlined: this is the dashboard's hot path
            jenis = lk.jenis
            if jenis == "biner":
                kanan = tumpukan.pop()
                tumpukan.append(_biner(lk.isi, tumpukan.pop(), kanan, konteks))
            elif jenis == "angka":
                tumpukan.append(lk.angka)
            elif jenis == "nama":
                tumpukan.append(_ke_decimal(nilai.get(lk.isi)))
            else:
                tumpukan.append(_negatif(tumpukan.pop(), konteks))
        return tumpukan[-1]

    def dalam_kata(self, label: Mapping[str, str]) -> str:
        """The formula in words for the printed "Penjelasan / Formulasi Penghitungan": the tokens
        as the office typed them (brackets, ``x``, ``:``, ``×``, ``÷``, ``%``), each name replaced
        by its label, decimal numbers with a comma; only ``*``, ``/`` and ``-`` are printed as
        ``×``, ``÷`` and ``−``."""
        bagian: list[str] = []
        operan_diharap = True
        for t in self._token:
            if t.jenis == "nama":
                bagian.append(label.get(t.teks) or t.teks)
                operan_diharap = False
            elif t.jenis == "angka":
                bagian.append(t.teks.replace(".", ","))
                operan_diharap = False
            elif t.jenis == "op":
                simbol = _SIMBOL_KATA.get(t.teks, f" {t.teks} ")
                bagian.append(simbol.strip() if operan_diharap else simbol)  # a sign sticks to its operand
                operan_diharap = True
            else:
                bagian.append(t.teks)
                operan_diharap = t.jenis == "("
        if self._persen is not None:
            spasi = self.teks[: self._persen.posisi][-1:].isspace()
            bagian.append(" %" if spasi else "%")
        return "".join(bagian)

    def pasangan_rasio(self) -> list[tuple[str, str]]:
        """(numerator, denominator) for each division of one plain name by another."""
        pasangan: list[tuple[str, str]] = []

        def biner(lk: _Langkah, a: str | None, b: str | None) -> str | None:
            if lk.isi == "/" and a is not None and b is not None and (a, b) not in pasangan:
                pasangan.append((a, b))
            return None

        _lipat(self._langkah, lambda lk: lk.isi if lk.jenis == "nama" else None, lambda _: None, biner)
        return pasangan

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rumus):
            return NotImplemented
        return self.teks_normal == other.teks_normal

    def __hash__(self) -> int:
        return hash(self.teks_normal)

    def __repr__(self) -> str:
        return f"Rumus({self.teks!r})"

    def __str__(self) -> str:
        return self.teks_normal
