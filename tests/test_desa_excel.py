"""The Excel round trip of per-desa values (issue 17): the "Per desa" sheet of the workbook (one row
per desa, one column per month), read back, checked, previewed and saved through the one saving
path with the ticked desa, all or nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from iki.models import Desa, Realisasi, RealisasiDesa, UnitKerja, Variabel
from iki.realisasi.excel import baca_workbook, simpan_impor, tulis_workbook
from iki.realisasi.excel_desa import LEMBAR_DESA, baca_centang
from iki.set_iki.data import ketapang_2023
from iki.set_iki.muat import muat_desa_contoh

pytestmark = pytest.mark.django_db

URL_UNGGAH = "/excel/ketapang/2023/unggah/"
URL_UNDUH = "/excel/ketapang/2023/unduh/"
URL_KONFIRMASI = "/excel/ketapang/2023/konfirmasi/"


@pytest.fixture(autouse=True)
def folder_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def per_desa(dunia):
    """The demo's per-desa form, March of the Kasi Pemerintahan empty (as in tests/test_desa.py)."""
    muat_desa_contoh(ketapang_2023, dunia.tahun_a)
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, variabel__pengisi__kode="kasi_pemerintahan",
                             bulan=3).delete()
    dunia.v = Variabel.objects.get(indikator__tahun=dunia.tahun_a, kode="desa_tertib_adm")
    dunia.desa = list(Desa.objects.filter(unit=dunia.unit_a).order_by("urutan"))
    return dunia


def _ubah(data: bytes, fn) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    fn(wb)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def _blok(ws, v) -> dict[str, tuple]:
    """The rows of variable ``v`` on the Per desa sheet, by desa name."""
    return {r[2].value: r for r in ws.iter_rows(min_row=2) if r[-1].value == v.pk}


def _centang(v, isian: dict[str, object], kolom: int = 3):
    """fn for _ubah: write these cells (desa name → value) in the month column ``kolom``."""

    def fn(wb):
        blok = _blok(wb[LEMBAR_DESA], v)
        for nama, nilai in isian.items():
            blok[nama][kolom].value = nilai

    return fn


def _unggah(client, data: bytes, nama="desa.xlsx"):
    berkas = io.BytesIO(data)
    berkas.name = nama
    return client.post(URL_UNGGAH, {"berkas": berkas})


def _baca(user, tahun, data: bytes):
    berkas = io.BytesIO(data)
    berkas.name = "desa.xlsx"
    return baca_workbook(berkas, user=user, tahun_iki=tahun)


def _teks(kesalahan) -> str:
    return " | ".join(str(k) for k in kesalahan)


def _tersimpan(v, bulan) -> dict[str, bool]:
    return dict(RealisasiDesa.objects.filter(realisasi__variabel=v, realisasi__bulan=bulan)
                .values_list("desa__nama", "tepat_waktu"))


# --- The workbook --------------------------------------------------------------------------------


def test_the_workbook_carries_a_row_per_desa_and_a_derived_count(per_desa):
    staf = per_desa.user("staf_a")
    wb = load_workbook(io.BytesIO(tulis_workbook(staf, per_desa.tahun_a, 2)))
    assert wb.sheetnames == ["Februari", LEMBAR_DESA, "Petunjuk"]
    ws = wb[LEMBAR_DESA]
    assert [c.value for c in ws[1]] == ["Indikator", "Variabel", "Desa/kelurahan", "Februari", "ID variabel"]
    blok = _blok(ws, per_desa.v)
    assert list(blok) == [d.nama for d in per_desa.desa]
    # The stored ticks of February, "ya" / "terlambat".
    simpan = _tersimpan(per_desa.v, 2)
    assert {n: r[3].value for n, r in blok.items() if r[3].value} == {
        n: "ya" if tepat else "terlambat" for n, tepat in simpan.items()
    }
    # The month sheet's Nilai cell counts that column: shown, not typed.
    baris = next(r for r in wb["Februari"].iter_rows(min_row=2) if r[7].value == per_desa.v.pk)
    awal = min(r[0].row for r in blok.values())
    assert baris[4].value == f"=COUNTA('{LEMBAR_DESA}'!D{awal}:D{awal + 19})"
    assert baris[4].protection.locked
    petunjuk = " ".join(str(c.value) for r in wb["Petunjuk"].iter_rows() for c in r if c.value)
    assert "“ya” (atau 1, ✓)" in petunjuk and "“terlambat” (atau t)" in petunjuk


def test_without_desa_the_workbook_is_as_before(dunia):
    wb = load_workbook(io.BytesIO(tulis_workbook(dunia.user("staf_a"), dunia.tahun_a, 3)))
    assert wb.sheetnames == ["Maret", "Petunjuk"]


def test_a_desa_named_like_a_formula_stays_text_and_is_found_again(masuk, per_desa):
    Desa.objects.filter(pk=per_desa.desa[0].pk).update(nama="=cmd|' /C calc'!A0")
    client = masuk("staf_a")
    unduhan = client.get(URL_UNDUH, {"bulan": 3}).content
    wb = load_workbook(io.BytesIO(unduhan))
    sel = _blok(wb[LEMBAR_DESA], per_desa.v)["=cmd|' /C calc'!A0"][2]
    assert sel.data_type == "s" and sel.quotePrefix
    data = _ubah(unduhan, _centang(per_desa.v, {"=cmd|' /C calc'!A0": "ya"}))
    rows, kesalahan = _baca(per_desa.user("staf_a"), per_desa.tahun_a, data)
    assert not kesalahan
    r = next(r for r in rows if r.variabel_id == per_desa.v.pk and r.bulan == 3)
    assert r.centang == {per_desa.desa[0].pk: True} and r.nilai == 1


def test_tick_cells_are_read_only_in_the_agreed_spellings():
    assert [baca_centang(x)[0] for x in ("ya", " YA ", 1, 1.0, "1", "✓", "terlambat", "T", None, "", "tidak", 0)] == [
        True, True, True, True, True, True, False, False, None, None, None, None
    ]
    for x in ("x", "mungkin", 2, "v", True, date(2023, 3, 1), "ya!"):
        assert baca_centang(x)[1], x


# --- The round trip ------------------------------------------------------------------------------


def test_round_trip_tick_upload_preview_confirm_saves_desa_and_count(masuk, per_desa):
    client = masuk("staf_a")
    v, desa = per_desa.v, per_desa.desa
    isian = {d.nama: "ya" for d in desa[:10]}
    isian.update({desa[10].nama: "1", desa[11].nama: "✓", desa[12].nama: "terlambat", desa[13].nama: "t"})
    data = _ubah(client.get(URL_UNDUH, {"bulan": 3}).content, _centang(v, isian))

    response = _unggah(client, data, nama="desa maret.xlsx")
    html = response.content.decode()
    perubahan = [p for p in response.context["perubahan"] if p.variabel_id == v.pk]
    assert [(p.nilai_lama, p.nilai) for p in perubahan] == [(None, Decimal(14))]
    assert "– → <strong>14</strong> desa" in html
    assert f"+ {desa[0].nama} (tepat waktu)" in html and f"+ {desa[12].nama} (terlambat)" in html
    assert not response.context["kesalahan"]
    assert not Realisasi.objects.filter(variabel=v, bulan=3).exists()  # preview only

    response = client.post(URL_KONFIRMASI, {"token": response.context["token"]}, follow=True)
    assert "disimpan sebagai draf" in response.content.decode()
    r = Realisasi.objects.get(variabel=v, bulan=3)
    assert (r.nilai, r.status, r.diisi_oleh) == (Decimal(14), Realisasi.DRAFT, per_desa.user("staf_a"))
    simpan = _tersimpan(v, 3)
    assert set(simpan) == {d.nama for d in desa[:14]}
    assert sorted(n for n, tepat in simpan.items() if not tepat) == sorted([desa[12].nama, desa[13].nama])
    assert r.history.get().history_change_reason == "Impor Excel: desa maret.xlsx"

    # The same count, another desa: a change all the same (new version, history, preview says which).
    unduhan = client.get(URL_UNDUH, {"bulan": 3}).content
    assert _blok(load_workbook(io.BytesIO(unduhan))[LEMBAR_DESA], v)[desa[13].nama][3].value == "terlambat"
    data = _ubah(unduhan, _centang(v, {desa[0].nama: None, desa[19].nama: "ya", desa[12].nama: "ya"}))
    response = _unggah(client, data)
    html = response.content.decode()
    assert f"− {desa[0].nama}" in html and f"+ {desa[19].nama} (tepat waktu)" in html
    assert f"{desa[12].nama}: terlambat → tepat waktu" in html and "14 → <strong>14</strong>" in html
    client.post(URL_KONFIRMASI, {"token": response.context["token"]})
    r2 = Realisasi.objects.get(pk=r.pk)
    assert r2.nilai == 14 and r2.versi == r.versi + 1 and r2.history.count() == 2
    simpan = _tersimpan(v, 3)
    assert desa[0].nama not in simpan and simpan[desa[19].nama] is True and simpan[desa[12].nama] is True


def test_a_year_workbook_sent_back_unchanged_changes_nothing_and_empty_months_stay_empty(masuk, per_desa):
    client = masuk("staf_a")
    sebelum = RealisasiDesa.objects.count(), Realisasi.objects.count()
    unduhan = client.get(URL_UNDUH).content
    ws = load_workbook(io.BytesIO(unduhan))[LEMBAR_DESA]
    assert [c.value for c in ws[1]][3:15] == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                               "Agustus", "September", "Oktober", "November", "Desember"]
    response = _unggah(client, unduhan)
    assert not response.context["kesalahan"] and not response.context["perubahan"]
    assert "Tidak ada perubahan" in response.content.decode()
    assert (RealisasiDesa.objects.count(), Realisasi.objects.count()) == sebelum


def test_a_count_stored_without_ticks_is_kept_when_the_workbook_comes_back_unchanged(masuk, per_desa):
    """A value entered before the variable was marked per desa has no ticks: not made 0."""
    Realisasi.objects.filter(variabel=per_desa.v, bulan=5).update(status=Realisasi.DRAFT)
    RealisasiDesa.objects.filter(realisasi__variabel=per_desa.v, realisasi__bulan=5).delete()
    mei = Realisasi.objects.get(variabel=per_desa.v, bulan=5)
    assert mei.nilai > 0
    client = masuk("staf_a")
    response = _unggah(client, client.get(URL_UNDUH, {"bulan": 5}).content)
    assert not response.context["kesalahan"] and not response.context["perubahan"]
    assert Realisasi.objects.get(pk=mei.pk).nilai == mei.nilai
    # Ticking desa replaces it by their count.
    unduhan = client.get(URL_UNDUH, {"bulan": 5}).content
    response = _unggah(client, _ubah(unduhan, _centang(per_desa.v, {per_desa.desa[0].nama: "ya"})))
    p = next(p for p in response.context["perubahan"] if p.variabel_id == per_desa.v.pk)
    assert (p.nilai_lama, p.nilai) == (mei.nilai, 1)


def test_a_count_typed_over_the_formula_is_refused_when_it_is_not_the_ticks(per_desa):
    staf = per_desa.user("staf_a")
    v = per_desa.v

    def ketik(wb):
        _centang(v, {per_desa.desa[0].nama: "ya"})(wb)
        next(r for r in wb["Maret"].iter_rows(min_row=2) if r[7].value == v.pk)[4].value = 7

    rows, kesalahan = _baca(staf, per_desa.tahun_a, _ubah(tulis_workbook(staf, per_desa.tahun_a, 3), ketik))
    teks = _teks(kesalahan)
    assert "kolom E (Nilai)" in teks and "dihitung dari centang desa" in teks and "(1 desa)" in teks
    assert v.pk not in {r.variabel_id for r in rows}


# --- Bad cells: a located error, nothing saved ---------------------------------------------------


@pytest.mark.parametrize(
    "isi, pesan",
    [
        ("mungkin", "Isian “mungkin” tidak dikenal"),
        (True, "BENAR/SALAH"),
        ("=1+1", "Sel berisi rumus"),
        (date(2023, 3, 1), "tanggal"),
        (2, "Isian “2” tidak dikenal"),
    ],
)
def test_an_unreadable_tick_is_refused_with_its_cell(masuk, per_desa, isi, pesan):
    client = masuk("staf_a")
    data = _ubah(client.get(URL_UNDUH, {"bulan": 3}).content,
                 _centang(per_desa.v, {per_desa.desa[0].nama: "ya", per_desa.desa[1].nama: isi}))
    response = _unggah(client, data)
    kesalahan = response.context["kesalahan"]
    k = next(k for k in kesalahan if pesan in k.pesan)
    assert (k.lembar, k.kolom, k.nama_kolom) == (LEMBAR_DESA, "D", "Maret")
    assert response.context["token"] is None
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()


def test_an_unknown_desa_name_or_another_units_desa_is_refused(masuk, per_desa):
    unit_b = UnitKerja.objects.get(kode="banyuates")
    Desa.objects.create(unit=unit_b, nama="Desa Banyuates")
    client = masuk("staf_a")

    def ganti(nama_baru):
        def fn(wb):
            baris = _blok(wb[LEMBAR_DESA], per_desa.v)[per_desa.desa[0].nama]
            baris[2].value = nama_baru
            baris[3].value = "ya"
        return fn

    unduhan = client.get(URL_UNDUH, {"bulan": 3}).content
    for nama in ("Desa Antah Berantah", "Desa Banyuates"):
        response = _unggah(client, _ubah(unduhan, ganti(nama)))
        k = next(k for k in response.context["kesalahan"] if nama in k.pesan)
        assert (k.lembar, k.kolom) == (LEMBAR_DESA, "C") and "tidak ditemukan pada" in k.pesan
        # The desa row gone from its block is said too; nothing is saved.
        assert "tidak ada di lembar “Per desa”" in _teks(response.context["kesalahan"])
        assert response.context["token"] is None
    assert not RealisasiDesa.objects.filter(desa__unit=unit_b).exists()
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()


def test_a_name_differing_only_in_case_and_blanks_is_the_same_desa(per_desa):
    staf = per_desa.user("staf_a")
    d = per_desa.desa[0]

    def fn(wb):
        baris = _blok(wb[LEMBAR_DESA], per_desa.v)[d.nama]
        baris[2].value = f"  {d.nama.upper()} "
        baris[3].value = "ya"

    rows, kesalahan = _baca(staf, per_desa.tahun_a, _ubah(tulis_workbook(staf, per_desa.tahun_a, 3), fn))
    assert not kesalahan
    assert next(r for r in rows if r.variabel_id == per_desa.v.pk and r.bulan == 3).centang == {d.pk: True}


def test_a_deleted_desa_row_is_refused_never_read_as_unticked(per_desa):
    staf = per_desa.user("staf_a")
    Realisasi.objects.filter(variabel=per_desa.v, bulan=5).update(status=Realisasi.DRAFT)
    sebelum = _tersimpan(per_desa.v, 5)
    hilang = next(n for n in sebelum)

    def hapus(wb):
        ws = wb[LEMBAR_DESA]
        ws.delete_rows(_blok(ws, per_desa.v)[hilang][0].row)

    rows, kesalahan = _baca(staf, per_desa.tahun_a, _ubah(tulis_workbook(staf, per_desa.tahun_a, 5), hapus))
    assert f"baris desa {hilang} tidak ada di lembar “Per desa”" in _teks(kesalahan)
    assert _tersimpan(per_desa.v, 5) == sebelum


def test_more_desa_ticked_than_the_constant_is_refused(masuk, per_desa):
    Desa.objects.create(unit=per_desa.unit_a, nama="Desa Ke-21", urutan=21)
    client = masuk("staf_a")
    semua = [d.nama for d in per_desa.desa] + ["Desa Ke-21"]
    data = _ubah(client.get(URL_UNDUH, {"bulan": 3}).content, _centang(per_desa.v, dict.fromkeys(semua, "ya")))
    response = _unggah(client, data)
    k = next(k for k in response.context["kesalahan"] if "21 desa dicentang" in k.pesan)
    assert (k.lembar, k.kolom) == (LEMBAR_DESA, "D") and "jumlah desa (20)" in k.pesan
    assert response.context["token"] is None
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()
    assert not RealisasiDesa.objects.filter(desa__nama="Desa Ke-21").exists()


def test_an_inactive_desa_cannot_be_ticked_in_a_month_it_is_not_offered(per_desa):
    staf = per_desa.user("staf_a")
    pergi = per_desa.desa[-1]
    Desa.objects.filter(pk=pergi.pk).update(nonaktif_sejak=date(2023, 3, 1))
    Realisasi.objects.filter(variabel=per_desa.v, bulan=2).update(status=Realisasi.DRAFT)
    unduhan = tulis_workbook(staf, per_desa.tahun_a, None)
    baris = _blok(load_workbook(io.BytesIO(unduhan))[LEMBAR_DESA], per_desa.v)[pergi.nama]
    assert baris[3 + 2].protection.locked and not baris[3 + 1].protection.locked  # March grey, Feb open
    # Ticked in March (column F): refused at that cell.
    rows, kesalahan = _baca(staf, per_desa.tahun_a, _ubah(unduhan, _centang(per_desa.v, {pergi.nama: "ya"}, 5)))
    k = next(k for k in kesalahan if pergi.nama in k.pesan)
    assert (k.lembar, k.kolom, k.baris) == (LEMBAR_DESA, "F", baris[0].row) and "tidak aktif pada Maret" in k.pesan
    assert not _tersimpan(per_desa.v, 3)


def test_a_verified_month_stays_locked(masuk, per_desa):
    april = Realisasi.objects.get(variabel=per_desa.v, bulan=4)
    assert april.terkunci
    sebelum = _tersimpan(per_desa.v, 4)
    client = masuk("staf_a")
    unduhan = client.get(URL_UNDUH, {"bulan": 4}).content
    blok = _blok(load_workbook(io.BytesIO(unduhan))[LEMBAR_DESA], per_desa.v)
    assert all(r[3].protection.locked for r in blok.values())
    kosong = next(n for n in blok if n not in sebelum)
    response = _unggah(client, _ubah(unduhan, _centang(per_desa.v, {kosong: "ya", next(iter(sebelum)): None})))
    assert "sudah diverifikasi dan terkunci" in _teks(response.context["kesalahan"])
    assert response.context["token"] is None
    assert _tersimpan(per_desa.v, 4) == sebelum and Realisasi.objects.get(pk=april.pk).versi == april.versi


def test_a_checklist_changed_since_the_download_is_a_conflict_and_nothing_is_saved(masuk, per_desa):
    from iki.realisasi.alur import simpan_entri
    from iki.realisasi.simpan import Perubahan

    client = masuk("staf_a")
    unduhan = client.get(URL_UNDUH, {"bulan": 3}).content
    desa = per_desa.desa
    simpan_entri(user=per_desa.user("operator_a"), tahun_iki=per_desa.tahun_a, bulan=3,
                 perubahan=[Perubahan(per_desa.v.pk, 3, Decimal(2))],
                 centang={per_desa.v.pk: {desa[0].pk: True, desa[1].pk: True}})
    response = _unggah(client, _ubah(unduhan, _centang(per_desa.v, {desa[5].nama: "ya"})))
    assert "telah diubah oleh" in _teks(response.context["kesalahan"])
    assert set(_tersimpan(per_desa.v, 3)) == {desa[0].nama, desa[1].nama}


def test_a_checklist_changed_between_preview_and_save_is_refused_under_lock(per_desa):
    from iki.realisasi.simpan import GagalSimpan

    staf = per_desa.user("staf_a")
    v, desa = per_desa.v, per_desa.desa
    data = _ubah(tulis_workbook(staf, per_desa.tahun_a, 3), _centang(v, {desa[3].nama: "ya", desa[4].nama: "t"}))
    rows, kesalahan = _baca(staf, per_desa.tahun_a, data)
    assert not kesalahan
    # A ticked desa made inactive after the preview: the saved list is checked again.
    Desa.objects.filter(pk=desa[4].pk).update(nonaktif_sejak=date(2023, 1, 1))
    with pytest.raises(GagalSimpan, match="tidak aktif"):
        simpan_impor(rows=rows, user=staf, tahun_iki=per_desa.tahun_a, nama_berkas="x.xlsx")
    assert not Realisasi.objects.filter(variabel=v, bulan=3).exists() and not _tersimpan(v, 3)


def test_another_persons_variable_in_the_desa_sheet_is_refused(per_desa):
    """A staf whose jabatan does not enter the variable: its block is not theirs."""
    operator = per_desa.user("operator_a")
    lain = Variabel.objects.filter(indikator__tahun=per_desa.tahun_a, per_desa=True).exclude(
        pengisi__kode="kasi_pemerintahan").first()
    if lain is None:
        pytest.skip("every per-desa variable of the demo is the Kasi Pemerintahan's")
    data = _ubah(tulis_workbook(operator, per_desa.tahun_a, 3), _centang(lain, {per_desa.desa[0].nama: "ya"}))
    rows, kesalahan = _baca(per_desa.user("staf_a"), per_desa.tahun_a, data)
    assert "bukan tanggung jawab Anda" in _teks(kesalahan)


# --- Rights ---------------------------------------------------------------------------------------


def test_a_read_only_role_cannot_import_and_another_unit_is_not_found(masuk, per_desa):
    data = _ubah(tulis_workbook(per_desa.user("staf_a"), per_desa.tahun_a, 3),
                 _centang(per_desa.v, {per_desa.desa[0].nama: "ya"}))
    response = _unggah(masuk("camat_a"), data)
    assert response.status_code == 403 and "Simpan" not in response.content.decode()
    response = _unggah(masuk("operator_b"), data)
    assert response.status_code == 404
    assert not Realisasi.objects.filter(variabel=per_desa.v, bulan=3).exists()
