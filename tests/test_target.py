"""The targets grid (/iki/<unit>/<tahun>/target/): every indicator × (Tahunan, TW I–IV), saved whole."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest

from iki.models import Indikator, Target
from iki.set_iki import tahun as kelola
from iki.set_iki import target as logika

pytestmark = pytest.mark.django_db

URL_A = "/iki/ketapang/2023/target/"
URL_B = "/iki/banyuates/2023/target/"


def isian_grid(tahun_iki, **ubah) -> dict[str, str]:
    """The POST a browser sends for the grid as read now, with some cells changed:
    ``isian_grid(t, t12_tahun="92,5")``."""
    data = {"alasan": ""}
    for k in logika.grid_target(tahun_iki):
        for b in k.baris:
            pk = b.indikator.pk
            for kode, _ in logika.KOLOM:
                nilai = b.nilai[kode]
                data[f"t{pk}_{kode}"] = "" if nilai is None else str(nilai).replace(".", ",")
            data[f"v{pk}"] = b.versi
    data.update(ubah)
    return data


def teks(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def indikator(kode, unit="ketapang"):
    return Indikator.objects.get(tahun__unit__kode=unit, tahun__tahun=2023, kode=kode)


def sel(response, pk, kode) -> str:
    """The cell's input and its messages as HTML."""
    html = response.content.decode()
    awal = html.index(f'name="t{pk}_{kode}"')
    return html[html.rindex("<td", 0, awal): html.index("</td>", awal)]


# --- Reading ----------------------------------------------------------------------------------


def test_the_grid_shows_every_indicator_with_its_demo_target_unit_and_anchor(masuk, dunia):
    r = masuk("operator_a").get(URL_A)
    isi = teks(r)
    perijinan, ikm = indikator("perijinan"), indikator("ikm")
    assert f'id="indikator-{perijinan.pk}"' in r.content.decode()
    assert 'value="90"' in sel(r, perijinan.pk, "tahun")
    assert 'inputmode="decimal"' in sel(r, perijinan.pk, "tahun")
    assert 'type="text"' in sel(r, perijinan.pk, "tahun")
    assert 'value="80"' in sel(r, ikm.pk, "tahun")  # survey indicators have targets too
    for label in ("Tahunan", "TW I", "TW II", "TW III", "TW IV"):
        assert label in isi
    assert "Meningkatnya Kinerja Pelayanan Perijinan dan Administrasi Kependudukan" in isi
    assert "kasus" in isi  # Angka Kriminalitas' unit
    jumlah = Indikator.objects.filter(tahun=dunia.tahun_a).count()
    assert r.content.decode().count('id="indikator-') == jumlah


@pytest.mark.parametrize("username", ["camat_a", "verifikator_a", "pemantau"])
def test_reading_roles_see_the_targets_without_boxes(masuk, username):
    r = masuk(username).get(URL_A)
    html = r.content.decode()
    assert "Halaman ini hanya dapat dibaca" in html
    assert f'name="t{indikator("perijinan").pk}_tahun"' not in html
    assert "90,00" in teks(r)


@pytest.mark.parametrize("username", ["camat_a", "verifikator_a", "pemantau"])
def test_reading_roles_get_403_on_save_and_nothing_changes(masuk, dunia, username):
    pk = indikator("perijinan").pk
    r = masuk(username).post(URL_A, isian_grid(dunia.tahun_a, **{f"t{pk}_tahun": "50"}))
    assert r.status_code == 403
    assert Target.objects.get(indikator_id=pk, periode="tahun").nilai == Decimal(90)


def test_staf_may_not_open_the_targets(masuk):
    r = masuk("staf_a").get(URL_A)
    assert r.status_code == 403
    assert "Target indikator" not in r.content.decode()


def test_another_units_targets_are_not_found(masuk, dunia):
    klien = masuk("operator_b")
    assert klien.get(URL_A).status_code == 404
    pk = indikator("perijinan").pk
    r = klien.post(URL_A, isian_grid(dunia.tahun_a, **{f"t{pk}_tahun": "50"}))
    assert r.status_code == 404
    assert Target.objects.get(indikator_id=pk, periode="tahun").nilai == Decimal(90)


def test_an_indicator_of_another_unit_posted_into_this_grid_is_ignored(masuk, dunia):
    asing = indikator("perijinan")
    data = isian_grid(dunia.tahun_b, **{f"t{asing.pk}_tahun": "5", f"v{asing.pk}": "x"})
    masuk("operator_b").post(URL_B, data)
    assert Target.objects.get(indikator=asing, periode="tahun").nilai == Decimal(90)


def test_the_set_page_links_the_targets_for_those_who_may_read_them(masuk):
    assert "/iki/ketapang/2023/target/" in masuk("camat_a").get("/iki/ketapang/2023/").content.decode()


# --- Saving -----------------------------------------------------------------------------------


def test_saving_92_koma_5_stores_ninety_two_and_a_half_with_history(masuk, dunia):
    surat = indikator("surat", "banyuates")
    r = masuk("operator_b").post(
        URL_B, isian_grid(dunia.tahun_b, **{f"t{surat.pk}_tahun": "92,5", "alasan": "Sesuai Renstra"}), follow=True
    )
    assert Target.objects.get(indikator=surat, periode="tahun").nilai == Decimal("92.5")
    assert "1 target disimpan" in teks(r)
    h = Target.history.filter(indikator=surat, periode="tahun").latest("history_date")
    assert h.history_user.username == "operator_b"
    assert h.history_change_reason == "Sesuai Renstra"
    # The page shows the change it just recorded.
    isi = teks(r)
    assert "Perubahan target terakhir" in isi and "92,50" in isi and "Sesuai Renstra" in isi


def test_thousands_and_decimals_for_a_count_and_an_empty_cell_deletes(masuk, dunia):
    kriminalitas = indikator("kriminalitas")
    data = isian_grid(
        dunia.tahun_a, **{f"t{kriminalitas.pk}_tw1": "1.250,75", f"t{kriminalitas.pk}_tahun": ""}
    )
    r = masuk("operator_a").post(URL_A, data, follow=True)
    assert "2 target disimpan" in teks(r)
    assert Target.objects.get(indikator=kriminalitas, periode="tw1").nilai == Decimal("1250.75")
    assert not Target.objects.filter(indikator=kriminalitas, periode="tahun").exists()
    dihapus = Target.history.filter(indikator=kriminalitas, periode="tahun").latest("history_date")
    assert dihapus.history_type == "-"
    assert dihapus.history_user.username == "operator_a"
    assert "dihapus" in teks(r)


@pytest.mark.parametrize(
    ("ketik", "pesan"),
    [
        ("abc", "Contoh: 92,5"),
        ("-3", "tidak boleh negatif"),
        ("101", "Target paling besar 100 %"),
        ("92,555", "Paling banyak 2 angka di belakang koma"),
    ],
)
def test_bad_input_saves_nothing_and_shows_every_typed_value_with_its_message(masuk, dunia, ketik, pesan):
    perijinan, adminduk = indikator("perijinan"), indikator("adminduk")
    data = isian_grid(dunia.tahun_a, **{f"t{perijinan.pk}_tahun": ketik, f"t{adminduk.pk}_tw2": "88,5"})
    r = masuk("operator_a").post(URL_A, data)
    assert r.status_code == 400
    # All or nothing: the good cell is not saved either, and both are shown as typed.
    assert Target.objects.get(indikator=perijinan, periode="tahun").nilai == Decimal(90)
    assert not Target.objects.filter(indikator=adminduk, periode="tw2").exists()
    assert pesan in sel(r, perijinan.pk, "tahun")
    assert f'value="{ketik}"' in sel(r, perijinan.pk, "tahun")
    assert 'value="88,5"' in sel(r, adminduk.pk, "tw2")
    assert "Target tidak disimpan" in teks(r)


def test_a_percent_above_100_is_allowed_when_the_indicator_says_so(masuk, dunia):
    perijinan = indikator("perijinan")
    perijinan.target_maks = Decimal(120)
    perijinan.save()
    masuk("operator_a").post(URL_A, isian_grid(dunia.tahun_a, **{f"t{perijinan.pk}_tahun": "101"}))
    assert Target.objects.get(indikator=perijinan, periode="tahun").nilai == Decimal(101)


def test_a_row_changed_by_someone_else_meanwhile_is_refused_with_the_current_value(masuk, dunia):
    perijinan, skck = indikator("perijinan"), indikator("skck")
    dibaca = isian_grid(dunia.tahun_a, **{f"t{perijinan.pk}_tahun": "80", f"t{skck.pk}_tahun": "96"})
    # Meanwhile another operator sets 85 (and TW IV 70).
    Target.objects.filter(indikator=perijinan, periode="tahun").update(nilai=Decimal(85))
    Target.objects.create(indikator=perijinan, periode="tw4", nilai=Decimal(70))
    klien = masuk("operator_a")
    r = klien.post(URL_A, dibaca)
    assert r.status_code == 400
    assert Target.objects.get(indikator=perijinan, periode="tahun").nilai == Decimal(85)
    assert Target.objects.get(indikator=skck, periode="tahun").nilai == Decimal(95)  # nothing saved
    isi = teks(r)
    assert "diubah orang lain sejak halaman dibuka; sekarang: Tahunan 85, TW IV 70" in isi
    assert 'value="80"' in sel(r, perijinan.pk, "tahun")
    # Saving again after seeing the current value is a deliberate overwrite.
    versi = re.search(rf'name="v{perijinan.pk}" value="([^"]+)"', r.content.decode()).group(1)
    assert versi == "tahun=85|tw1=|tw2=|tw3=|tw4=70"
    dibaca[f"v{perijinan.pk}"] = versi
    klien.post(URL_A, dibaca)
    assert Target.objects.get(indikator=perijinan, periode="tahun").nilai == Decimal(80)
    assert Target.objects.get(indikator=skck, periode="tahun").nilai == Decimal(96)


def test_a_stale_row_that_is_not_changed_does_not_block_the_others(masuk, dunia):
    perijinan, skck = indikator("perijinan"), indikator("skck")
    dibaca = isian_grid(dunia.tahun_a, **{f"t{skck.pk}_tahun": "96"})
    Target.objects.filter(indikator=perijinan, periode="tahun").update(nilai=Decimal(85))
    masuk("operator_a").post(URL_A, dibaca)
    # The stale row was sent back as read (90): that is no change of the user's, so it is kept.
    assert Target.objects.get(indikator=perijinan, periode="tahun").nilai == Decimal(85)
    assert Target.objects.get(indikator=skck, periode="tahun").nilai == Decimal(96)


def test_a_fixed_year_is_read_only_and_refuses_a_save(masuk, dunia):
    tahun = dunia.tahun_a
    tahun.nomor_keputusan, tahun.tanggal_keputusan = "188/12/KEP/434.512/2023", date(2023, 1, 5)
    tahun.save()
    kelola.tetapkan(tahun, user=dunia.user("operator_a"))
    klien = masuk("operator_a")
    r = klien.get(URL_A)
    pk = indikator("perijinan").pk
    assert "sudah ditetapkan: target hanya dapat dibaca" in teks(r)
    assert f'name="t{pk}_tahun"' not in r.content.decode()
    r = klien.post(URL_A, isian_grid(tahun, **{f"t{pk}_tahun": "50"}))
    assert Target.objects.get(indikator_id=pk, periode="tahun").nilai == Decimal(90)
    assert "sudah ditetapkan" in teks(r)


def test_simpan_target_refuses_a_fixed_year_without_the_view(dunia):
    tahun = dunia.tahun_b
    tahun.status = "ditetapkan"
    tahun.save()
    surat = indikator("surat", "banyuates")
    with pytest.raises(logika.TargetDitolak, match="sudah ditetapkan"):
        logika.simpan_target(
            tahun_iki=tahun, isian={surat.pk: {"tahun": Decimal(90)}}, versi_dibaca={}, oleh=None
        )
    assert not Target.objects.filter(indikator=surat).exists()


def test_the_wrong_method_is_not_allowed(masuk):
    assert masuk("operator_a").put(URL_A).status_code == 405


@pytest.mark.parametrize(
    ("nilai", "teks_diharapkan"),
    [
        ({}, "belum ada target"),
        ({"tahun": Decimal(95), "tw4": Decimal(80)}, "Tahunan 95, TW IV 80"),
        ({"tw2": Decimal("92.5")}, "TW II 92,50"),
    ],
)
def test_teks_baris(nilai, teks_diharapkan):
    assert logika.teks_baris({**dict.fromkeys(logika.LABEL_KOLOM), **nilai}) == teks_diharapkan


def test_versi_carries_the_values_read_and_reads_back():
    kosong = dict.fromkeys(logika.LABEL_KOLOM)
    nilai = {**kosong, "tahun": Decimal("95.00"), "tw4": Decimal("80.5")}
    assert logika.versi(nilai) == "tahun=95|tw1=|tw2=|tw3=|tw4=80.5"
    assert logika.baca_versi(logika.versi(nilai)) == nilai
    assert logika.versi({**kosong, "tahun": Decimal(95)}) != logika.versi({**kosong, "tw4": Decimal(95)})


@pytest.mark.parametrize("teks", ["", "x", "tahun=abc|tw1=|tw2=|tw3=|tw4=", "tahun=1", "tahun=1|tw1=|tw2=|tw3=|tw9="])
def test_a_version_that_is_not_one_reads_as_none(teks):
    assert logika.baca_versi(teks) is None
