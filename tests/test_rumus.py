"""Tests for iki.inti.rumus: the safe formula parser/evaluator (pure Python, no Django)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from iki.inti.rumus import MAKS_KEDALAMAN, MAKS_PANJANG, Rumus, RumusError

D = Decimal


# --- Evaluation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "nilai", "harapan"),
    [
        ("desa / jumlah_desa * 100", {"desa": D(18), "jumlah_desa": D(20)}, D(90)),
        ("kriminalitas - target", {"kriminalitas": D(7), "target": D(5)}, D(2)),
        ("1 + 2 * 3", {}, D(7)),
        ("(1+2)*3", {}, D(9)),
        ("10 / 4", {}, D("2.5")),
        ("10 - 4 - 3", {}, D(3)),
        ("24 / 4 / 2", {}, D(3)),
        ("-a + 3", {"a": D(5)}, D(-2)),
        ("- -a", {"a": D(5)}, D(5)),
        ("+a * -2", {"a": D(5)}, D(-10)),
        ("2 * -(a - 1)", {"a": D(5)}, D(-8)),
        ("a ÷ b × 100", {"a": D(1), "b": D(4)}, D(25)),
        ("a : b", {"a": D(9), "b": D(3)}, D(3)),
        ("a − b", {"a": D(9), "b": D(3)}, D(6)),
        ("0,5 * 4", {}, D(2)),
        ("2.5 * 2", {}, D(5)),
        ("x * 2", {"x": D(21)}, D(42)),
        ("Ab + ab", {"Ab": D(1), "ab": D(2)}, D(3)),
        ("  a\t/\nb  ", {"a": D(1), "b": D(2)}, D("0.5")),
        ("a", {"a": 3}, D(3)),
        ("a * 2", {"a": 0.1}, D("0.2")),
        ("((((a))))", {"a": D(7)}, D(7)),
    ],
)
def test_hitung(teks: str, nilai: dict[str, Decimal], harapan: Decimal) -> None:
    hasil = Rumus(teks).hitung(nilai)
    assert isinstance(hasil, Decimal)
    assert hasil == harapan


def test_hitung_rasio_dibulatkan() -> None:
    hasil = Rumus("a / b * 100").hitung({"a": D(95), "b": D(110)})
    assert hasil is not None
    assert hasil.quantize(D("0.01"), rounding=ROUND_HALF_UP) == D("86.36")


def test_hitung_presisi_34_digit() -> None:
    assert Rumus("1 / 3").hitung({}) == D("0.3333333333333333333333333333333333")


@pytest.mark.parametrize(
    ("teks", "nilai"),
    [
        ("a / b * 100", {"a": D(5), "b": D(0)}),
        ("a / (b - c)", {"a": D(5), "b": D(2), "c": D(2)}),
        ("0 * (a / 0)", {"a": D(1)}),
        ("1 / 0", {}),
        ("0 / 0", {}),
        ("a / b", {"a": D(5)}),
        ("a / b", {"a": D(5), "b": None}),
        ("a + 1", {}),
        ("a + 1", {"a": D("NaN")}),
        ("a + 1", {"a": D("Infinity")}),
        ("a * a", {"a": D("1e999999")}),
        ("a * b", {"a": D("1e600000"), "b": D("1e600000")}),
        ("a / b", {"a": D("1e999999"), "b": D("1e-999999")}),
        ("-a - a", {"a": D("9.99e999999")}),
    ],
)
def test_hitung_tidak_dapat_dihitung(teks: str, nilai: dict[str, Decimal | None]) -> None:
    assert Rumus(teks).hitung(nilai) is None


def test_hitung_angka_kecil_sekali_menjadi_nol() -> None:
    # Underflow is not an error: the result simply rounds towards zero.
    hasil = Rumus("a * a").hitung({"a": D("1e-600000")})
    assert hasil == 0


def test_hitung_nilai_bukan_angka() -> None:
    with pytest.raises(TypeError):
        Rumus("a + 1").hitung({"a": "5"})  # type: ignore[dict-item]


# --- Parse errors --------------------------------------------------------------------------------


BAD = [
    "__import__('os')",
    "a.b",
    "a.",
    ".5",
    "x[0]",
    "(a + b",
    "a + b)",
    ")a(",
    "a +",
    "* a",
    "a b",
    "2 a",
    "a (b)",
    "(a)(b)",
    "()",
    "(a+)",
    "a + * b",
    "",
    "   ",
    "\n\t",
    "a" * 10_000,
    "1+" * 5000 + "1",
    "(" * 60 + "a" + ")" * 60,
    "-" * 60 + "a",
    "a ** 2",
    "a // b",
    "a % b",
    '"a"',
    "a == b",
    "a = b",
    "lambda: 1",
    "a if b else c",
    "not a",
    "1e309",
    "1.2.3",
    "1,2,3",
    "1,000.5",
    "2x",
    "a;b",
    "a, b",
    "f(a, b)",
    "é",
    "α + 1",
    "１ + 1",
    "a²",
    "a\x00",
    "a ^ 2",
    "$a",
    "{a}",
    "a\\b",
]


@pytest.mark.parametrize("teks", BAD)
def test_rumus_tidak_sah(teks: str) -> None:
    with pytest.raises(RumusError) as info:
        Rumus(teks)
    pesan = str(info.value)
    assert pesan.strip()
    assert pesan.startswith(("Rumus", "Karakter", "Tanda", "Angka", "Nama", "Operator")), pesan
    posisi = info.value.posisi
    assert posisi is None or 0 <= posisi <= len(teks)


@pytest.mark.parametrize(
    ("teks", "kata", "posisi"),
    [
        ("", "Rumus kosong.", None),
        ("   ", "Rumus kosong.", None),
        ("a" * 10_000, "Rumus terlalu panjang: 10000 karakter (maksimal 500).", None),
        ("1+" * 5000 + "1", "terlalu panjang", None),
        ("x[0]", "Karakter tidak diizinkan '[' pada posisi 2.", 1),
        ("__import__('os')", "Karakter tidak diizinkan ''' pada posisi 12.", 11),
        ("a.b", "'.'", 1),
        ("(a + b", "Tanda kurung tidak seimbang", 0),
        ("a + b)", "Tanda kurung tidak seimbang", 5),
        ("a +", "Rumus tidak lengkap: operator '+' tidak diikuti angka atau nama.", 3),
        ("(a *)", "operator '*' tidak diikuti", 4),
        ("* a", "operator '*'", 0),
        ("a b", "Rumus tidak sah: nama 'a' diikuti nama 'b'", 2),
        ("2 a", "angka '2' diikuti nama 'a'", 2),
        ("()", "kurung kosong", 0),
        ("1.2.3", "Angka tidak sah '1.2.3'.", 0),
        ("1e309", "Angka tidak sah '1e309'.", 0),
        ("(" * 60 + "a" + ")" * 60, "Rumus terlalu bertingkat (maksimal 50 tingkat).", 50),
        ("a ** 2", "'**'", 2),
        ("a // 2", "'//'", 2),
        ("lambda: 1", "lambda", 0),
        ("a\x00", "U+0000", 1),
    ],
)
def test_pesan_kesalahan(teks: str, kata: str, posisi: int | None) -> None:
    with pytest.raises(RumusError) as info:
        Rumus(teks)
    assert kata in str(info.value)
    assert info.value.posisi == posisi


def test_batas_panjang_dan_kedalaman_tepat() -> None:
    assert Rumus("1" * MAKS_PANJANG).hitung({}) == D("1" * MAKS_PANJANG)
    with pytest.raises(RumusError, match="panjang"):
        Rumus("1" * (MAKS_PANJANG + 1))
    dalam = "(" * MAKS_KEDALAMAN + "a" + ")" * MAKS_KEDALAMAN
    assert Rumus(dalam).hitung({"a": D(1)}) == 1
    with pytest.raises(RumusError, match="bertingkat"):
        Rumus("(" + dalam + ")")
    assert Rumus("-" * MAKS_KEDALAMAN + "a").hitung({"a": D(1)}) == 1
    with pytest.raises(RumusError, match="bertingkat"):
        Rumus("-(" * 25 + "-a" + ")" * 25)


def test_rumus_panjang_datar_tidak_rekursif() -> None:
    # 250 operators stay within the length limit and must not be limited by depth.
    teks = "+".join(["1"] * 250)
    assert Rumus(teks).hitung({}) == 250
    assert Rumus("-".join(["a"] * 250)).hitung({"a": D(1)}) == -248


def test_bukan_teks() -> None:
    with pytest.raises(RumusError):
        Rumus(None)  # type: ignore[arg-type]


def test_rumus_error_adalah_value_error() -> None:
    assert issubclass(RumusError, ValueError)
    e = RumusError("Pesan.", 3)
    assert str(e) == "Pesan." and e.posisi == 3
    assert RumusError("Pesan.").posisi is None


# --- Names, equality -----------------------------------------------------------------------------


def test_nama_dan_kesamaan() -> None:
    r = Rumus("ktp_tepat / ktp_usulan * 100 + ktp_tepat")
    assert r.nama == frozenset({"ktp_tepat", "ktp_usulan"})
    assert Rumus("1 + 2").nama == frozenset()
    assert Rumus("a/b*100") == Rumus(" (a ÷ b) × 100 ")
    assert hash(Rumus("a/b*100")) == hash(Rumus("(a / b) * 100"))
    assert Rumus("a / (b * 100)") != Rumus("a / b * 100")
    assert Rumus("0,5") == Rumus("0.5")
    assert Rumus("A") != Rumus("a")
    assert Rumus("a") != "a"
    assert "a / b" in repr(Rumus("a / b"))
    assert Rumus("  a/b ").teks == "  a/b "
    assert str(Rumus("a/b")) == "a / b"


# --- periksa -------------------------------------------------------------------------------------


def test_periksa_lolos() -> None:
    Rumus("a / b * 100").periksa(nama_dikenal=["a", "b"])
    Rumus("a / jumlah_desa").periksa(nama_dikenal={"a"}, konstanta={"jumlah_desa": D(20)})
    Rumus("a / (jumlah_desa - 20)").periksa(nama_dikenal=["a"], konstanta={"jumlah_desa": D(21)})
    Rumus("a / (b - b)").periksa(nama_dikenal=["a", "b"])  # depends on data: checked at hitung
    Rumus("0 / a").periksa(nama_dikenal=["a"])


def test_periksa_nama_tidak_dikenal() -> None:
    with pytest.raises(RumusError) as info:
        Rumus("a + ktp_x / b").periksa(nama_dikenal=["a", "b", "c"])
    pesan = str(info.value)
    assert "tidak dikenal" in pesan
    assert "ktp_x" in pesan
    assert "a, b, c" in pesan
    assert info.value.posisi == 4


def test_periksa_semua_nama_asing_disebut() -> None:
    with pytest.raises(RumusError) as info:
        Rumus("zz + yy + a").periksa(nama_dikenal=[])
    pesan = str(info.value)
    assert "a, yy, zz" in pesan
    assert info.value.posisi == 0


def test_periksa_konstanta_dikenal() -> None:
    Rumus("a * faktor").periksa(nama_dikenal=["a"], konstanta={"faktor": D(2)})
    with pytest.raises(RumusError, match="faktor"):
        Rumus("a * faktor").periksa(nama_dikenal=["a"])


@pytest.mark.parametrize(
    ("teks", "konstanta", "pembagi"),
    [
        ("a / jumlah_desa", {"jumlah_desa": D(0)}, "jumlah_desa"),
        ("a / (jumlah_desa - 20)", {"jumlah_desa": D(20)}, "jumlah_desa - 20"),
        ("a / 0", {}, "0"),
        ("a / (2 * 0,5 - 1)", {}, "2 * 0.5 - 1"),
        ("a * (1 + b ÷ -k)", {"k": D(0)}, "-k"),
    ],
)
def test_periksa_pembagian_nol(teks: str, konstanta: dict[str, Decimal], pembagi: str) -> None:
    with pytest.raises(RumusError) as info:
        Rumus(teks).periksa(nama_dikenal=["a", "b"], konstanta=konstanta)
    pesan = str(info.value)
    assert "nol" in pesan
    assert f"'{pembagi}'" in pesan


def test_periksa_pembagi_variabel_tidak_ditolak() -> None:
    Rumus("a / b").periksa(nama_dikenal=["a", "b"])
    Rumus("a / (b * k)").periksa(nama_dikenal=["a", "b"], konstanta={"k": D(0)})


# --- dalam_kata ----------------------------------------------------------------------------------


LABEL = {"a": "A", "b": "B", "c": "C"}


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("a / b * 100", "A ÷ B × 100"),
        ("(a + b) / c * 100", "(A + B) ÷ C × 100"),
        ("a - (b - c)", "A − (B − C)"),
        ("a - b - c", "A − B − C"),
        ("(a - b) - c", "(A − B) − C"),
        ("a / (b / c)", "A ÷ (B ÷ C)"),
        ("a + b * c", "A + B × C"),
        ("(a * b) + c", "(A × B) + C"),
        ("a * (b + c)", "A × (B + C)"),
        ("-(a + b)", "−(A + B)"),
        ("-a * b", "−A × B"),
        ("a - -b", "A − −B"),
        ("+a", "+A"),
        ("0,5 * a", "0,5 × A"),
        ("2.25 + a", "2,25 + A"),
        ("a : b", "A : B"),
        ("d / a", "d ÷ A"),
        ("((a))", "((A))"),
        # Office notation is printed as typed.
        ("a : b x 100 %", "A : B x 100 %"),
        ("a ÷ b × 100%", "A ÷ B × 100%"),
        ("(a / b) x100", "(A ÷ B) x 100"),
        ("a / b %", "A ÷ B %"),
        ("a X b", "A X B"),
        ("ktp_x x x_desa", "ktp_x x x_desa"),
    ],
)
def test_dalam_kata(teks: str, harapan: str) -> None:
    assert Rumus(teks).dalam_kata(LABEL) == harapan


def test_dalam_kata_contoh_ktp() -> None:
    label = {"a": "Jumlah KTP yang diproses tepat waktu", "b": "Jumlah usulan KTP"}
    assert Rumus("a / b * 100").dalam_kata(label) == "Jumlah KTP yang diproses tepat waktu ÷ Jumlah usulan KTP × 100"


# --- pasangan_rasio ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("a / b * 100", [("a", "b")]),
        ("(a / b) * 100", [("a", "b")]),
        ("100 * (a / b)", [("a", "b")]),
        ("(a+b)/c", []),
        ("a / (b + c)", []),
        ("a / 2", []),
        ("a * b", []),
        ("-a / b", []),
        ("(a) ÷ (b)", [("a", "b")]),
        ("a / b + c : d", [("a", "b"), ("c", "d")]),
        ("a / b - a / b", [("a", "b")]),
        ("a / b / c", [("a", "b")]),
    ],
)
def test_pasangan_rasio(teks: str, harapan: list[tuple[str, str]]) -> None:
    assert Rumus(teks).pasangan_rasio() == harapan


# --- Property tests ------------------------------------------------------------------------------

NAMA = ["a", "b", "c", "ktp_x", "x", "x_desa"]
OPERATOR = [
    ("+", "+"), ("-", "-"), ("-", "−"), ("*", "*"), ("*", "×"), ("*", "x"), ("*", "X"),
    ("/", "/"), ("/", "÷"), ("/", ":"),
]

angka_literal = st.one_of(
    st.integers(0, 20).map(lambda n: (D(n), str(n))),
    st.decimals(min_value=0, max_value=100, places=2).map(
        lambda d: (d, format(d, "f").replace(".", ",") if d % 2 else format(d, "f"))
    ),
)
daun = st.one_of(st.sampled_from(NAMA).map(lambda n: ("nama", n)), angka_literal.map(lambda x: ("angka", x)))
pohon = st.recursive(
    daun,
    lambda anak: st.one_of(
        st.tuples(st.just("neg"), anak),
        st.tuples(st.sampled_from(OPERATOR), anak, anak),
    ),
    max_leaves=15,
)
nilai_nama = st.fixed_dictionaries({n: st.integers(-1000, 1000).map(D) for n in NAMA})


def tulis(p: tuple) -> str:
    """Fully bracketed text for a generated tree."""
    if p[0] == "nama":
        return p[1]
    if p[0] == "angka":
        return p[1][1]
    if p[0] == "neg":
        return f"-({tulis(p[1])})"
    (_, simbol), kiri, kanan = p
    return f"({tulis(kiri)} {simbol} {tulis(kanan)})"


def acuan(p: tuple, nilai: dict[str, Decimal]) -> Decimal | None:
    """Reference evaluator over the tree (prec 34, None on division by zero)."""
    if p[0] == "nama":
        return nilai[p[1]]
    if p[0] == "angka":
        return p[1][0]
    if p[0] == "neg":
        x = acuan(p[1], nilai)
        if x is None:
            return None
        with localcontext() as ctx:
            ctx.prec = 34
            return -x
    (op, _), kiri, kanan = p
    a, b = acuan(kiri, nilai), acuan(kanan, nilai)
    if a is None or b is None or (op == "/" and b == 0):
        return None
    with localcontext() as ctx:
        ctx.prec = 34
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        return a * b if op == "*" else a / b


def kedalaman(p: tuple) -> int:
    """Nesting depth of tulis(p) as the parser counts it (brackets and unary signs)."""
    if p[0] in ("nama", "angka"):
        return 0
    if p[0] == "neg":
        return 2 + kedalaman(p[1])
    return 1 + max(kedalaman(p[1]), kedalaman(p[2]))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(pohon, nilai_nama)
def test_properti_sama_dengan_evaluator_acuan(p: tuple, nilai: dict[str, Decimal]) -> None:
    assume(kedalaman(p) <= MAKS_KEDALAMAN)
    r = Rumus(tulis(p))
    assert r.hitung(nilai) == acuan(p, nilai)
    # The normalized text parses back to the same formula.
    assert Rumus(r.teks_normal) == r


@settings(max_examples=300)
@given(pohon, nilai_nama)
def test_properti_dalam_kata_dapat_diurai_kembali(p: tuple, nilai: dict[str, Decimal]) -> None:
    assume(kedalaman(p) <= MAKS_KEDALAMAN)
    r = Rumus(tulis(p))
    kata = r.dalam_kata({})
    kembali = kata.replace(" × ", "*").replace(" ÷ ", "/").replace(" − ", "-").replace("−", "-").replace(",", ".")
    r2 = Rumus(kembali)
    assert r2 == r
    assert r2.hitung(nilai) == r.hitung(nilai)


ALFABET_RUMUS = st.sampled_from(list("ab_x1209.,+-−*×/÷:()[] '\"=%^;\tλé") + ["**", "//", "lambda", "1e5"])


@settings(max_examples=500)
@given(st.one_of(st.text(max_size=80), st.lists(ALFABET_RUMUS, max_size=40).map("".join)))
def test_properti_teks_apa_pun_hanya_rumus_error(teks: str) -> None:
    try:
        r = Rumus(teks)
    except RumusError as e:
        assert str(e).strip()
        assert e.posisi is None or 0 <= e.posisi <= len(teks)
        return
    # Whatever parses can be evaluated, printed and re-parsed without other exceptions.
    hasil = r.hitung({n: D(1) for n in r.nama})
    assert hasil is None or hasil.is_finite()
    r.dalam_kata({})
    r.pasangan_rasio()
    try:
        r.periksa(nama_dikenal=r.nama)
    except RumusError as e:
        assert "nol" in str(e)
    assert Rumus(r.teks_normal) == r


@given(st.text(alphabet="()-+a", min_size=1, max_size=MAKS_PANJANG))
def test_properti_kurung_dan_tanda_tidak_pernah_recursion_error(teks: str) -> None:
    try:
        Rumus(teks)
    except RumusError:
        pass


# --- Office notation: x, :, %, and what they mean -------------------------------------------------

NILAI_KANTOR = {"a": D(3), "b": D(4), "x": D(2), "ktp_x": D(5), "x_desa": D(7)}


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("a x b", D(12)),
        ("a X b", D(12)),
        ("a × b", D(12)),
        ("a : b", D("0.75")),
        ("a ÷ b", D("0.75")),
        ("a / b x 100", D(75)),
        ("a / b x 100 %", D(75)),
        ("a : b x 100 %", D(75)),
        ("a : b x 100%", D(75)),
        ("a/b x100%", D(75)),
        ("(a : b) x 100 %", D(75)),
        ("a ÷ b × 100 %", D(75)),
        ("a / b * 100 %", D(75)),
        ("a / b %", D(75)),
        ("a : b%", D(75)),
        ("(a + b) %", D(700)),
        ("a x 100 : b x 100 %", D(7500)),  # ends in "x 100 %": the % is the sign only
        ("x x x", D(4)),  # name, operator, name
        ("x * 2", D(4)),
        ("-x x b", D(-8)),
        ("ktp_x x x_desa", D(35)),
        ("x_desa : ktp_x x 100 %", D(140)),
        ("(a)x(b)", D(12)),
        ("a x -b", D(-12)),
        ("2 x 3", D(6)),
        ("a x 0,5", D("1.5")),
    ],
)
def test_notasi_kantor(teks: str, harapan: Decimal) -> None:
    assert Rumus(teks).hitung(NILAI_KANTOR) == harapan


def test_tiga_cara_menulis_persen_sama() -> None:
    bentuk = ["a / b x 100 %", "a / b x 100", "a / b %", "a : b × 100 %", "a÷b*100"]
    rumus = [Rumus(t) for t in bentuk]
    assert {r.teks_normal for r in rumus} == {"a / b * 100"}
    assert all(r.pasangan_rasio() == [("a", "b")] for r in rumus)


@pytest.mark.parametrize(
    ("teks", "kata", "posisi"),
    [
        ("a % b", "Tanda % pada posisi 3 hanya boleh berada di akhir rumus", 2),
        ("a %%", "hanya boleh berada di akhir", 2),
        ("%", "harus mengikuti angka, nama atau kurung tutup", 0),
        ("a x %", "harus mengikuti", 4),
        ("(a %)", "hanya boleh berada di akhir", 3),
        ("100 x a : b %", "sudah dikali 100", 12),
        ("a x 100 : b %", "sudah dikali 100", 12),
        ("a x", "operator 'x' tidak diikuti angka atau nama", 3),
        ("2x3", "Angka tidak sah '2x3'", 0),
    ],
)
def test_notasi_kantor_salah(teks: str, kata: str, posisi: int) -> None:
    with pytest.raises(RumusError) as info:
        Rumus(teks)
    assert kata in str(info.value)
    assert info.value.posisi == posisi


def test_nama_berisi_x_tetap_nama() -> None:
    assert Rumus("ktp_x x x_desa").nama == frozenset({"ktp_x", "x_desa"})
    assert Rumus("x : xx").nama == frozenset({"x", "xx"})
    with pytest.raises(RumusError) as info:
        Rumus("ktp_x : usulan").periksa(nama_dikenal=["ktp_tepat", "usulan"])
    pesan = str(info.value)
    assert "Nama tidak dikenal: ktp_x." in pesan
    assert "Nama yang tersedia: ktp_tepat, usulan." in pesan


operan = st.one_of(
    st.integers(-10**6, 10**6).map(D),
    st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)


@given(operan, operan)
def test_properti_x_sama_dengan_bintang(a: Decimal, b: Decimal) -> None:
    nilai = {"a": a, "b": b}
    harapan = Rumus("a * b").hitung(nilai)
    for simbol in ("x", "X", "×"):
        assert Rumus(f"a {simbol} b").hitung(nilai) == harapan


@given(operan, operan)
def test_properti_titik_dua_sama_dengan_garis_miring(a: Decimal, b: Decimal) -> None:
    nilai = {"a": a, "b": b}
    harapan = Rumus("a / b").hitung(nilai)
    for simbol in (":", "÷"):
        assert Rumus(f"a {simbol} b").hitung(nilai) == harapan
    persen = Rumus("a / b * 100").hitung(nilai)
    for teks in ("a : b x 100 %", "a : b x 100", "a : b %", "a:b%"):
        assert Rumus(teks).hitung(nilai) == persen
