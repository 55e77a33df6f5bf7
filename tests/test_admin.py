"""The admin: Indonesian, scoped to the operator's unit, formulas validated."""

import pytest
from django.urls import reverse

from iki.models import Indikator, Jabatan, Variabel

pytestmark = pytest.mark.django_db


def test_admin_speaks_indonesian_and_lists_the_ketapang_jabatan(masuk):
    response = masuk("operator_a").get(reverse("admin:iki_jabatan_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sekretaris Kecamatan Ketapang" in html
    assert "Sekretaris Kecamatan Banyuates" not in html
    assert "Pilih jabatan untuk diubah" in html  # Django's own Indonesian translation


def test_operator_cannot_open_another_units_object(masuk, dunia):
    jabatan_b = Jabatan.objects.get(tahun=dunia.tahun_b)
    response = masuk("operator_a").get(reverse("admin:iki_jabatan_change", args=[jabatan_b.pk]))
    assert response.status_code == 404


def test_jabatan_page_has_its_uraian_and_iki_rows_inline(masuk, dunia):
    sekcam = Jabatan.objects.get(tahun=dunia.tahun_a, kode="sekcam")
    html = masuk("operator_a").get(reverse("admin:iki_jabatan_change", args=[sekcam.pk])).content.decode()
    assert "Pengelolaan urusan keuangan kecamatan" in html
    assert "baris iki" in html.lower()
    assert "Meningkatkan kinerja pelayanan Perijinan dan administrasi Kependudukan" in html


def test_read_only_roles_cannot_enter_the_admin(masuk):
    for username in ("camat_a", "pemantau", "staf_a"):
        response = masuk(username).get(reverse("admin:iki_jabatan_changelist"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def _formulir_indikator(dunia, rumus, variabel=("selesai", "masuk")):
    data = {
        "tahun": dunia.tahun_b.pk,
        "kode": "uji",
        "nama": "Indikator uji",
        "satuan": "%",
        "polaritas": "naik",
        "jenis": "rumus",
        "rumus": rumus,
        "penjelasan": "",
        "sumber_data": "Register",
        "sifat_target": "tetap",
        "urutan": "1",
        "variabel-TOTAL_FORMS": str(len(variabel)),
        "variabel-INITIAL_FORMS": "0",
        "target-TOTAL_FORMS": "1",
        "target-INITIAL_FORMS": "0",
        "target-0-periode": "tahun",
        "target-0-nilai": "95",
    }
    for i, kode in enumerate(variabel):
        data |= {
            f"variabel-{i}-urutan": str(i),
            f"variabel-{i}-kode": kode,
            f"variabel-{i}-nama": f"Jumlah {kode}",
            f"variabel-{i}-satuan": "surat",
            f"variabel-{i}-cara_gabung": "jumlah",
        }
    return data


def test_indicator_with_its_variables_is_saved_when_the_formula_checks_out(masuk, dunia):
    response = masuk("operator_b").post(
        reverse("admin:iki_indikator_add"), _formulir_indikator(dunia, "selesai / masuk * 100")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ind = Indikator.objects.get(tahun=dunia.tahun_b, kode="uji")
    assert set(ind.variabel.values_list("kode", flat=True)) == {"selesai", "masuk"}
    assert ind.target.get().nilai == 95


def test_the_variable_inline_takes_the_decimals_of_each_variable(masuk, dunia):
    data = _formulir_indikator(dunia, "selesai / masuk * 100", ("selesai", "masuk", "sisa")) | {
        "variabel-0-desimal": "2", "variabel-2-desimal": "",
    }
    response = masuk("operator_b").post(reverse("admin:iki_indikator_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ind = Indikator.objects.get(tahun=dunia.tahun_b, kode="uji")
    # "masuk" posted without the field (an older form), "sisa" left empty: counts.
    assert dict(ind.variabel.values_list("kode", "desimal")) == {"selesai": 2, "masuk": 0, "sisa": 0}


def test_the_variable_inline_refuses_three_decimals(masuk, dunia):
    data = _formulir_indikator(dunia, "selesai / masuk * 100") | {"variabel-0-desimal": "3"}
    response = masuk("operator_b").post(reverse("admin:iki_indikator_add"), data)
    assert "lebih kecil dari atau sama dengan 2" in response.content.decode()
    assert not Indikator.objects.filter(tahun=dunia.tahun_b, kode="uji").exists()


@pytest.mark.parametrize(
    "rumus, pesan",
    [
        ("__import__('os')", "tidak"),
        ("selesai / tidak_ada * 100", "tidak dikenal"),
        ("(selesai / masuk", "kurung"),
        ("selesai[0]", "tidak"),
        ("1+" * 400 + "1", "panjang"),
    ],
)
def test_bad_formula_is_refused_in_the_admin_and_nothing_is_saved(masuk, dunia, rumus, pesan):
    jumlah_variabel = Variabel.objects.count()
    response = masuk("operator_b").post(reverse("admin:iki_indikator_add"), _formulir_indikator(dunia, rumus))
    assert response.status_code == 200
    assert pesan in response.content.decode().lower()
    assert not Indikator.objects.filter(kode="uji").exists()
    assert Variabel.objects.count() == jumlah_variabel


def test_operator_cannot_attach_an_indicator_to_another_units_year(masuk, dunia):
    data = _formulir_indikator(dunia, "selesai / masuk * 100")
    data["tahun"] = dunia.tahun_a.pk  # Ketapang's year, posted by Banyuates' operator
    response = masuk("operator_b").post(reverse("admin:iki_indikator_add"), data)
    assert response.status_code == 200
    assert not Indikator.objects.filter(kode="uji").exists()


def test_operator_edits_the_units_letterhead_in_the_admin(masuk, dunia):
    """The unit's page offers every field the operator keeps (not only the logo), and saves them."""
    from iki.models import UnitKerja

    klien = masuk("operator_a")
    url = reverse("admin:iki_unitkerja_change", args=[dunia.unit_a.pk])
    html = klien.get(url).content.decode()
    for nama in ("alamat", "kode_surat", "jabatan_pimpinan", "hari_batas_entri", "logo"):
        assert f'name="{nama}"' in html, nama
    unit = UnitKerja.objects.get(pk=dunia.unit_a.pk)
    data = {f.name: getattr(unit, f.attname) for f in UnitKerja._meta.fields
            if f.name not in ("id", "logo", "kode", "kabupaten")}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update({"alamat": "Jl. Raya Ketapang No. 1", "periode_renstra-TOTAL_FORMS": "0",
                 "periode_renstra-INITIAL_FORMS": "0"})
    respons = klien.post(url, data)
    assert respons.status_code == 302, respons.content.decode()[:2000]
    assert UnitKerja.objects.get(pk=unit.pk).alamat == "Jl. Raya Ketapang No. 1"
