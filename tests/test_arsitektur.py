"""The house's rules of import (docs/arsitektur.md), read from the code itself.

Each part of iki/ may import only what lies below it: ``inti`` (pure arithmetic) at the bottom,
then ``models``, then ``umum`` (what every part shares), then the parts the users name
(``set_iki``, ``realisasi``, ``ikm``, ``presensi``, ``pengguna``), which never import each other, then
``capaian``, which reads the others' results, and ``pengingat`` (reminders), which reads what waits
for whom and the camat's summary. Views are imported only by URLconfs.
"""

import ast
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent / "iki"
BAGIAN_FITUR = ("set_iki", "realisasi", "ikm", "presensi", "pengguna")

# part -> the parts of iki it may import (besides itself)
BOLEH = {
    "inti": set(),
    "models": {"inti", "ikm.hitung", "presensi.hitung"},  # a part's pure arithmetic, for model methods
    "umum": {"inti", "models"},
    "set_iki": {"inti", "models", "umum"},
    "realisasi": {"inti", "models", "umum"},
    "ikm": {"inti", "models", "umum"},
    "presensi": {"inti", "models", "umum"},
    "pengguna": {"inti", "models", "umum"},  # accounts: passwords, one-time passwords, bulk creation
    "capaian": {"inti", "models", "umum", "ikm", "realisasi", "set_iki", "presensi"},  # reads the others
    # reminders read what waits for whom (realisasi) and the camat's summary (capaian)
    "pengingat": {"inti", "models", "umum", "realisasi", "set_iki", "capaian"},
    "templatetags": {"inti"},
}


def _modul(path: Path) -> str:
    bagian = path.relative_to(AKAR.parent).with_suffix("").parts
    return ".".join(bagian[:-1] if bagian[-1] == "__init__" else bagian)


def _impor(path: Path) -> set[str]:
    """The iki modules a file imports (``from iki import x`` counts as ``iki.x``)."""
    hasil = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "iki":
            for a in node.names:
                # "from iki.ikm import hitung" imports the module iki.ikm.hitung
                calon = f"{node.module}.{a.name}"
                jalur = AKAR.parent.joinpath(*calon.split("."))
                adalah_modul = jalur.with_suffix(".py").exists() or (jalur / "__init__.py").exists()
                hasil.add(calon if adalah_modul else node.module)
        elif isinstance(node, ast.Import):
            hasil |= {a.name for a in node.names if a.name.split(".")[0] == "iki"}
    return hasil


def _berkas():
    return sorted(p for p in AKAR.rglob("*.py") if "migrations" not in p.parts)


def _bagian(modul: str) -> str:
    return modul.split(".")[1] if modul.count(".") else "iki"


def _boleh(dari: str, ke: str) -> bool:
    bagian_dari, bagian_ke = _bagian(dari), _bagian(ke)
    if bagian_dari == bagian_ke:
        return True
    izin = BOLEH.get(bagian_dari)
    if izin is None:  # the top: urls, beranda, admin, management commands
        return True
    return bagian_ke in izin or any(ke == f"iki.{i}" or ke.startswith(f"iki.{i}.") for i in izin)


def test_every_part_is_known():
    bagian = {p.name for p in AKAR.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert bagian - {"migrations", "management"} == set(BOLEH)


@pytest.mark.parametrize("path", _berkas(), ids=lambda p: str(p.relative_to(AKAR.parent)))
def test_a_module_imports_only_what_lies_below_it(path):
    dari = _modul(path)
    salah = sorted(ke for ke in _impor(path) if not _boleh(dari, ke))
    assert salah == [], f"{dari} tidak boleh mengimpor {salah} (docs/arsitektur.md)"


@pytest.mark.parametrize("path", _berkas(), ids=lambda p: str(p.relative_to(AKAR.parent)))
def test_views_are_imported_only_by_urlconfs_and_the_home_page(path):
    dari = _modul(path)
    if dari.endswith(".urls") or dari in ("iki.urls", "iki.beranda"):
        return
    pandangan = sorted(
        ke for ke in _impor(path) if ke.rsplit(".", 1)[-1].startswith("views") and _bagian(ke) != _bagian(dari)
    )
    assert pandangan == []


def test_pure_modules_import_no_django_and_read_no_clock():
    for path in [*(AKAR / "inti").glob("*.py"), AKAR / "ikm" / "hitung.py", AKAR / "presensi" / "hitung.py"]:
        pohon = ast.parse(path.read_text())
        impor = {
            (n.module or "").split(".")[0] for n in ast.walk(pohon) if isinstance(n, ast.ImportFrom)
        } | {a.name.split(".")[0] for n in ast.walk(pohon) if isinstance(n, ast.Import) for a in n.names}
        assert "django" not in impor, path
        teks = path.read_text()
        assert "date.today(" not in teks and "datetime.now(" not in teks and "timezone.now(" not in teks, path


def test_nothing_imports_the_top_of_the_house():
    for path in _berkas():
        dari = _modul(path)
        for ke in _impor(path):
            if ke in ("iki.urls", "iki.admin", "iki.beranda"):
                assert dari in ("iki.urls",), f"{dari} mengimpor {ke}"
