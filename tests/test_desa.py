"""Per-desa data (issue 17): the desa checklist of a per-desa variable on the entry card, saved
through the one saving path; evidence per desa; desa made inactive; the drill-down matrix."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iki.models import BuktiDukung, Desa, Realisasi, RealisasiDesa, UnitKerja, Variabel
from iki.realisasi import desa as desa_mod
from iki.set_iki.data import ketapang_2023
from iki.set_iki.muat import muat_desa_contoh

pytestmark = pytest.mark.django_db

URL_MARET = "/realisasi/ketapang/2023/3/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def per_desa(dunia):
    """The demo's per-desa form (as the demo command loads it), March of the Kasi Pemerintahan empty."""
    muat_desa_contoh(ketapang_2023, dunia.tahun_a)
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, variabel__pengisi__kode="kasi_pemerintahan",
                             bulan=3).delete()
    dunia.v = Variabel.objects.get(indikator__tahun=dunia.tahun_a, kode="desa_tertib_adm")
    dunia.desa = list(Desa.objects.filter(unit=dunia.unit_a).order_by("urutan"))
    return dunia


def kiriman(v, dicentang, terlambat=(), versi=0, aksi="simpan", **lain):
    data = {"aksi": aksi, f"daftar_desa_{v.pk}": "1", f"versi_{v.pk}": str(versi)}
    data[f"desa_{v.pk}"] = [str(d.pk) for d in dicentang]
    data[f"tepat_{v.pk}"] = [str(d.pk) for d in dicentang if d not in terlambat]
    data.update(lain)
    return data


def test_the_demo_has_twenty_desa_marked_data_contoh_and_ticks_matching_every_value(per_desa):
    assert len(per_desa.desa) == 20 == ketapang_2023.KONSTANTA[0]["nilai"]
    assert all(d.data_contoh for d in per_desa.desa)
    per_desa_kode = set(Variabel.objects.filter(indikator__tahun=per_desa.tahun_a, per_desa=True)
                        .values_list("kode", flat=True))
    assert per_desa_kode == {"desa_tertib_adm", "apbdes_tepat", "spj_desa_tepat"}
    for r in Realisasi.objects.filter(variabel__per_desa=True, variabel__indikator__tahun=per_desa.tahun_a):
        assert r.desa_terpenuhi.count() == r.nilai
    # Loading again changes nothing.
    jumlah = RealisasiDesa.objects.count()
    muat_desa_contoh(ketapang_2023, per_desa.tahun_a)
    assert RealisasiDesa.objects.count() == jumlah and Desa.objects.filter(unit=per_desa.unit_a).count() == 20


def test_the_card_shows_a_checklist_of_the_months_desa_instead_of_a_number(masuk, per_desa):
    html = masuk("staf_a").get(URL_MARET).content.decode()
    v = per_desa.v
    assert f'name="nilai_{v.pk}"' not in html
    assert html.count(f'name="desa_{v.pk}"') == 20 and html.count(f'name="tepat_{v.pk}"') == 20
    assert "Bunten Barat" in html and "data contoh" in html
    # Whole-count entry unchanged for the other variables.
    ktp = Variabel.objects.get(indikator__tahun=per_desa.tahun_a, kode="ktp_usulan")
    assert f'name="nilai_{ktp.pk}"' in html


def test_saving_ticks_derives_the_count_keeps_the_desa_and_writes_history(masuk, per_desa):
    v, desa = per_desa.v, per_desa.desa
    response = masuk("staf_a").post(URL_MARET, kiriman(v, desa[:14], terlambat=desa[2:4]))
    assert response.status_code == 302
    r = Realisasi.objects.get(variabel=v, bulan=3)
    assert r.nilai == 14 and r.status == Realisasi.DRAFT
    simpan = dict(r.desa_terpenuhi.values_list("desa__nama", "tepat_waktu"))
    assert set(simpan) == {d.nama for d in desa[:14]}
    assert [n for n, tepat in simpan.items() if not tepat] == [d.nama for d in desa[2:4]]
    assert r.history.count() == 1 and RealisasiDesa.history.filter(realisasi_id=r.pk).count() == 14
    assert r.history.first().history_user == per_desa.user("staf_a")

    # The same count with another desa: a change all the same (new version, history).
    lain = desa[1:15]
    response = masuk("staf_a").post(URL_MARET, kiriman(v, lain, versi=r.versi))
    r2 = Realisasi.objects.get(pk=r.pk)
    assert r2.nilai == 14 and r2.versi == r.versi + 1 and r2.history.count() == 2
    assert set(r2.desa_terpenuhi.values_list("desa_id", flat=True)) == {d.pk for d in lain}
    assert not r2.desa_terpenuhi.filter(tepat_waktu=False).exists()

    # A second tab still holding the first version: refused, the newer list kept.
    response = masuk("staf_a").post(URL_MARET, kiriman(v, desa[5:19], versi=r.versi))
    assert "telah diubah oleh" in response.content.decode()
    assert set(r2.desa_terpenuhi.values_list("desa_id", flat=True)) == {d.pk for d in lain}


def test_more_desa_ticked_than_the_constant_is_refused_nothing_saved_ticks_shown_back(masuk, per_desa):
    extra = Desa.objects.create(unit=per_desa.unit_a, nama="Desa Ke-21", urutan=21)
    semua = per_desa.desa + [extra]
    response = masuk("staf_a").post(URL_MARET, kiriman(per_desa.v, semua))
    html = response.content.decode()
    assert response.status_code == 200
    assert "21 desa dicentang, lebih banyak dari jumlah desa (20)" in html
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()
    assert not RealisasiDesa.objects.filter(desa=extra).exists()
    assert html.count(f'name="desa_{per_desa.v.pk}" value=') == 21
    assert html.count("checked") >= 21


def test_another_units_desa_is_refused_and_never_saved(masuk, per_desa):
    unit_b = UnitKerja.objects.get(kode="banyuates")
    asing = Desa.objects.create(unit=unit_b, nama="Desa Banyuates")
    response = masuk("staf_a").post(URL_MARET, kiriman(per_desa.v, per_desa.desa[:3] + [asing]))
    assert f"desa (ID {asing.pk}) tidak ditemukan pada unit ini" in response.content.decode()
    assert not RealisasiDesa.objects.filter(desa=asing).exists()
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()
    # Straight at the saving path too.
    with pytest.raises(desa_mod.GagalSimpan):
        from iki.realisasi.alur import simpan_entri
        from iki.realisasi.simpan import Perubahan

        simpan_entri(
            user=per_desa.user("staf_a"), tahun_iki=per_desa.tahun_a, bulan=3,
            perubahan=[Perubahan(per_desa.v.pk, 3, Decimal(1))], centang={per_desa.v.pk: {asing.pk: True}},
        )
    assert not RealisasiDesa.objects.filter(desa=asing).exists()


def test_a_checklist_count_that_does_not_match_its_value_is_refused_at_the_saving_path(per_desa):
    from iki.realisasi.alur import simpan_entri
    from iki.realisasi.simpan import GagalSimpan, Perubahan

    with pytest.raises(GagalSimpan, match="jumlah desa yang dicentang"):
        simpan_entri(
            user=per_desa.user("staf_a"), tahun_iki=per_desa.tahun_a, bulan=3,
            perubahan=[Perubahan(per_desa.v.pk, 3, Decimal(5))],
            centang={per_desa.v.pk: {d.pk: True for d in per_desa.desa[:2]}},
        )
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()


def test_a_verified_month_stays_locked(masuk, per_desa):
    april = Realisasi.objects.get(variabel=per_desa.v, bulan=4)
    assert april.terkunci
    sebelum = set(april.desa_terpenuhi.values_list("desa_id", flat=True))
    data = kiriman(per_desa.v, per_desa.desa[:1], versi=april.versi)
    response = masuk("staf_a").post("/realisasi/ketapang/2023/4/", data)
    assert "sudah diverifikasi dan terkunci" in response.content.decode()
    assert set(april.desa_terpenuhi.values_list("desa_id", flat=True)) == sebelum


def test_an_inactive_desa_is_not_offered_later_but_stays_in_the_matrix(masuk, per_desa):
    pergi = per_desa.desa[0]
    assert RealisasiDesa.objects.filter(desa=pergi, realisasi__bulan=1).exists()
    pergi.nonaktif_sejak = date(2023, 3, 1)
    pergi.save()
    RealisasiDesa.objects.filter(desa=pergi, realisasi__bulan__gte=3).delete()  # the demo ticked it all year
    v = per_desa.v
    html = masuk("staf_a").get(URL_MARET).content.decode()
    assert f'id="desa-{v.pk}-{pergi.pk}"' not in html and html.count(f'name="desa_{v.pk}"') == 19
    html_feb = masuk("staf_a").get("/realisasi/ketapang/2023/2/").content.decode()
    assert pergi.nama in html_feb
    response = masuk("staf_a").post(URL_MARET, kiriman(v, [pergi]))
    assert "tidak aktif pada bulan ini" in response.content.decode()
    assert not Realisasi.objects.filter(variabel=v, bulan=3).exists()

    baris = {b.desa.pk: b for b in desa_mod.matriks(v, per_desa.tahun_a)}
    assert baris[pergi.pk].sel[0] in (desa_mod.TEPAT, desa_mod.TERLAMBAT)
    assert baris[pergi.pk].sel[2:] == [desa_mod.NONAKTIF] * 10


def test_evidence_can_be_attached_to_a_desa(masuk, per_desa, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v, desa = per_desa.v, per_desa.desa
    data = kiriman(v, desa[:14], **{f"bukti_desa_{v.pk}": str(desa[3].pk)})
    data[f"bukti-{v.pk}"] = SimpleUploadedFile("lpj-bunten.pdf", PDF, content_type="application/pdf")
    response = masuk("staf_a").post(URL_MARET, data)
    assert response.status_code == 302
    b = BuktiDukung.objects.get(realisasi__variabel=v, realisasi__bulan=3)
    assert b.desa == desa[3]
    html = masuk("staf_a").get(URL_MARET).content.decode()
    assert f"(desa {desa[3].nama})" in html

    # Another unit's desa for the file: refused, nothing kept.
    asing = Desa.objects.create(unit=UnitKerja.objects.get(kode="banyuates"), nama="Desa Lain")
    r = Realisasi.objects.get(variabel=v, bulan=3)
    data = kiriman(v, desa[:14], versi=r.versi, **{f"bukti_desa_{v.pk}": str(asing.pk)})
    data[f"bukti-{v.pk}"] = SimpleUploadedFile("lain.pdf", PDF + b"x", content_type="application/pdf")
    response = masuk("staf_a").post(URL_MARET, data)
    assert "Desa untuk bukti dukung tidak ditemukan" in response.content.decode()
    assert BuktiDukung.objects.filter(realisasi__variabel=v).count() == 1


def test_read_only_roles_cannot_post_a_checklist(masuk, per_desa):
    for username in ("camat_a", "pemantau"):
        response = masuk(username).post(URL_MARET, kiriman(per_desa.v, per_desa.desa[:3]))
        assert response.status_code == 403
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()


def test_another_units_staf_cannot_post_a_checklist(masuk, per_desa):
    response = masuk("staf_b").post(URL_MARET, kiriman(per_desa.v, per_desa.desa[:3]))
    assert response.status_code == 404
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()


def test_per_desa_is_refused_for_a_variable_with_decimals(per_desa):
    from django.core.exceptions import ValidationError

    v = per_desa.v
    v.desimal = 1
    with pytest.raises(ValidationError, match="bilangan bulat"):
        v.full_clean()


def test_a_desa_with_data_is_not_deleted_in_the_admin(masuk, per_desa):
    d = per_desa.desa[0]
    c = masuk("operator_a")
    response = c.post(reverse("admin:iki_desa_delete", args=[d.pk]), {"post": "yes"}, follow=True)
    assert Desa.objects.filter(pk=d.pk).exists()
    assert "tidak dapat dihapus" in response.content.decode()
    baru = Desa.objects.create(unit=per_desa.unit_a, nama="Desa Baru Tanpa Data")
    c.post(reverse("admin:iki_desa_delete", args=[baru.pk]), {"post": "yes"})
    assert not Desa.objects.filter(pk=baru.pk).exists()
    # Another unit's operator does not find it.
    assert masuk("operator_b").get(reverse("admin:iki_desa_change", args=[d.pk])).status_code == 404


# --- The drill-down -----------------------------------------------------------------------------


def _url_indikator(dunia, kode="desa_tertib"):
    from iki.models import Indikator

    i = Indikator.objects.get(tahun=dunia.tahun_a, kode=kode)
    return reverse("dasbor_indikator", args=["ketapang", 2023, i.pk])


def test_the_drill_down_shows_the_desa_by_month_matrix_and_the_desa_late_again_and_again(masuk, per_desa):
    v, desa = per_desa.v, per_desa.desa
    masuk("staf_a").post(URL_MARET, kiriman(v, desa[:14], terlambat=desa[:1]))
    RealisasiDesa.objects.filter(realisasi__variabel=v, realisasi__bulan=2, desa=desa[0]).update(tepat_waktu=False)
    response = masuk("camat_a").get(_url_indikator(per_desa))
    html = response.content.decode()
    [m] = response.context["matriks_desa"]
    assert m["jumlah"][2] == 14
    assert m["jumlah"] == [int(Realisasi.objects.get(variabel=v, bulan=b).nilai) for b in range(1, 13)]
    baris = {b.desa.pk: b for b in m["baris"]}
    assert baris[desa[0].pk].sel[1:3] == [desa_mod.TERLAMBAT, desa_mod.TERLAMBAT]
    assert baris[desa[1].pk].sel[2] == desa_mod.TEPAT
    assert baris[desa[19].pk].sel[2] == desa_mod.KOSONG
    assert "Desa yang berulang kali terlambat atau tidak memenuhi" in html
    assert f"{desa[0].nama}: terlambat" in html
    assert '<span class="visually-hidden">terlambat</span>' in html
    assert '<span class="visually-hidden">tepat waktu</span>' in html
    # Other indicators have no matrix.
    assert masuk("camat_a").get(_url_indikator(per_desa, "adminduk")).context["matriks_desa"] == []


def test_the_matrix_of_another_unit_is_not_found(masuk, per_desa):
    response = masuk("operator_b").get(_url_indikator(per_desa))
    assert response.status_code == 404 and "Bunten Barat" not in response.content.decode()


# --- Excel ---------------------------------------------------------------------------------------


def test_the_excel_import_does_not_change_a_per_desa_value_behind_its_checklist(per_desa):
    import io

    from openpyxl import load_workbook

    from iki.realisasi.excel import baca_workbook, tulis_workbook
    from iki.realisasi.simpan import GagalSimpan

    staf = per_desa.user("staf_a")
    v = per_desa.v
    RealisasiDesa.objects.filter(realisasi__variabel=v, realisasi__bulan=5).delete()
    Realisasi.objects.filter(variabel=v, bulan=5).update(status=Realisasi.DRAFT)
    wb = load_workbook(io.BytesIO(tulis_workbook(staf, per_desa.tahun_a, 5)))
    baris = next(r for r in wb["Mei"].iter_rows(min_row=2) if r[7].value == v.pk)
    baris[4].value = 3
    keluaran = io.BytesIO()
    wb.save(keluaran)
    berkas = io.BytesIO(keluaran.getvalue())
    berkas.name = "realisasi.xlsx"
    rows, kesalahan = baca_workbook(berkas, user=staf, tahun_iki=per_desa.tahun_a)
    assert "diisi per desa: centang desanya di lembar “Per desa” atau di layar isian" in " | ".join(
        str(k) for k in kesalahan
    )
    assert v.pk not in {r.variabel_id for r in rows}
    from iki.realisasi.excel import simpan_impor

    # Marked per desa between the preview and the save: refused under lock too.
    Variabel.objects.filter(pk=v.pk).update(per_desa=False)
    berkas.seek(0)
    rows, kesalahan = baca_workbook(berkas, user=staf, tahun_iki=per_desa.tahun_a)
    assert not kesalahan and v.pk in {r.variabel_id for r in rows}
    Variabel.objects.filter(pk=v.pk).update(per_desa=True)
    with pytest.raises(GagalSimpan, match="diisi per desa"):
        simpan_impor(rows=rows, user=staf, tahun_iki=per_desa.tahun_a, nama_berkas="x.xlsx")
    assert Realisasi.objects.get(variabel=v, bulan=5).nilai != 3
