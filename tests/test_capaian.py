"""iki/capaian.py: a year's values, targets, capaian, categories and completeness as plain data."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iki.capaian import data as capaian
from iki.inti import angka, perhitungan
from iki.inti.perhitungan import Periode
from iki.models import (
    CatatanIndikator,
    Indikator,
    Jabatan,
    KategoriCapaian,
    Realisasi,
    TahunIKI,
    Target,
    Variabel,
)
from iki.realisasi import kalender
from iki.set_iki.data import ketapang_2023

pytestmark = pytest.mark.django_db

DEMO = ketapang_2023.realisasi_contoh()
TW2 = Periode.dari_kode("tw2")


def muat_a():
    return capaian.muat(TahunIKI.objects.select_related("unit__kabupaten").get(unit__kode="ketapang", tahun=2023))


def jumlah(kode, bulan):
    return sum(Decimal(DEMO[kode][b]) for b in bulan)


def ind(data, kode):
    return next(i for i in data.indikator.values() if i.kode == kode)


# --- Values, targets, capaian -------------------------------------------------------------------


def test_a_ratio_over_a_quarter_is_the_ratio_of_the_summed_counts():
    data = muat_a()
    h = data.hasil(ind(data, "adminduk").pk, TW2)
    tepat, usulan = jumlah("ktp_tepat", (4, 5, 6)), jumlah("ktp_usulan", (4, 5, 6))
    assert angka.bulatkan(h.nilai, 12) == angka.bulatkan(tepat / usulan * 100, 12)
    assert h.target == Decimal("95")
    assert angka.bulatkan(h.capaian, 12) == angka.bulatkan(tepat / usulan * 100 / 95 * 100, 12)
    assert h.kategori == perhitungan.SKALA_SAMPANG.kategori(h.capaian)
    assert h.komponen == f"{tepat:,.0f} dari {usulan:,.0f}".replace(",", ".")
    assert h.komponen_berlabel.startswith("TW II: ")


def test_a_month_shows_its_components_in_words():
    data = muat_a()
    mei = data.seri_bulanan(ind(data, "adminduk").pk)[4]
    assert mei.komponen_berlabel == f"Mei: {DEMO['ktp_tepat'][5]} dari {DEMO['ktp_usulan'][5]}"


def test_a_count_over_the_constant_uses_the_last_month_and_20_desa():
    data = muat_a()
    h = data.hasil(ind(data, "desa_tertib").pk, TW2)
    juni = Decimal(DEMO["desa_tertib_adm"][6])
    assert h.nilai == juni / 20 * 100
    assert h.komponen == f"{juni} dari 20"


def test_the_difference_kind_shows_the_difference_and_judges_it_lower_is_better():
    data = muat_a()
    h = data.hasil(ind(data, "kriminalitas").pk, TW2)
    kejadian = jumlah("kejadian_kriminalitas", (4, 5, 6))
    # An annual target of 12 events, pro rata: 3 for a quarter.
    assert h.target == Decimal("3")
    assert h.nilai == kejadian - 3
    assert h.capaian == perhitungan.capaian_selisih(kejadian - 3, Decimal("3"))
    assert "target 3" in h.komponen


def test_the_survey_indicator_waits_for_the_survey(monkeypatch):
    data = muat_a()
    ikm = ind(data, "ikm").pk
    h = data.hasil(ikm, TW2)
    assert h.nilai is None and h.capaian is None and h.kategori is None
    assert h.pesan == "belum ada data survei" == h.teks_nilai

    monkeypatch.setattr(capaian, "nilai_survei", lambda tahun_iki: {"tw2": Decimal("88")})
    h = muat_a().hasil(ikm, TW2)
    assert h.nilai == Decimal("88") and h.capaian == Decimal("110")


def test_the_survey_hook_is_asked_once_per_year_not_per_indicator_or_period(monkeypatch):
    panggilan = []
    monkeypatch.setattr(capaian, "nilai_survei", lambda t: panggilan.append(t) or {})
    data = muat_a()
    for pk in data.indikator:
        data.hasil(pk, TW2)
        data.hasil(pk, Periode("tahun", 0))
    assert len(panggilan) == 1


def test_values_not_yet_verified_are_flagged():
    data = muat_a()
    seri = data.seri_bulanan(ind(data, "adminduk").pk)
    # The demo year has months 1-11 verified and December submitted.
    assert [h.belum_diverifikasi for h in seri] == [False] * 11 + [True]
    assert data.hasil(ind(data, "adminduk").pk, Periode("tahun", 0)).belum_diverifikasi
    assert not data.hasil(ind(data, "adminduk").pk, TW2).belum_diverifikasi


def test_a_missing_month_is_reported_and_the_quarter_uses_the_months_there_are(dunia):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_tepat", bulan=5).delete()
    data = muat_a()
    pk = ind(data, "adminduk").pk
    mei = data.hasil(pk, Periode("bulan", 5))
    assert mei.nilai is None and mei.pesan == "belum ada data" and mei.bulan_kosong == (5,)
    tw2 = data.hasil(pk, TW2)
    assert tw2.bulan_kosong == (5,)
    assert tw2.gabungan["ktp_tepat"] == jumlah("ktp_tepat", (4, 6))


def test_a_quarter_target_overrides_the_annual_one(dunia):
    adminduk = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    Target.objects.create(indikator=adminduk, periode="tw2", nilai=Decimal("99"))
    data = muat_a()
    assert data.hasil(adminduk.pk, TW2).target == Decimal("99")
    assert data.hasil(adminduk.pk, Periode("bulan", 5)).target == Decimal("99")
    assert data.hasil(adminduk.pk, Periode("bulan", 8)).target == Decimal("95")


def test_no_target_means_no_capaian(dunia):
    Target.objects.filter(indikator__tahun=dunia.tahun_a, indikator__kode="adminduk").delete()
    data = muat_a()
    h = data.hasil(ind(data, "adminduk").pk, TW2)
    assert h.nilai is not None and h.target is None and h.capaian is None and h.kategori is None


def test_a_difference_indicator_without_target_says_so(dunia):
    Target.objects.filter(indikator__tahun=dunia.tahun_a, indikator__kode="kriminalitas").delete()
    data = muat_a()
    assert data.hasil(ind(data, "kriminalitas").pk, TW2).pesan == "target belum ditetapkan"


def test_a_zero_denominator_cannot_be_computed(dunia):
    Realisasi.objects.filter(
        variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_usulan", bulan=3
    ).update(nilai=0)
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, variabel__kode="ktp_tepat", bulan=3).update(
        nilai=0
    )
    data = muat_a()
    h = data.hasil(ind(data, "adminduk").pk, Periode("bulan", 3))
    assert h.nilai is None and h.pesan == "tidak dapat dihitung"


def test_the_display_cap_of_the_kabupaten_caps_only_the_shown_capaian(dunia):
    kabupaten = dunia.unit_a.kabupaten
    kabupaten.batas_tampil_capaian = 100
    kabupaten.save()
    data = muat_a()
    h = data.hasil(ind(data, "kriminalitas").pk, TW2)
    assert h.capaian > 100
    assert h.capaian_tampil == Decimal(100)
    assert h.teks_capaian == "100,00\u00a0%"


def test_the_kabupaten_scale_decides_the_category(dunia):
    kabupaten = dunia.unit_a.kabupaten
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=Decimal("99"), label="Hebat", warna="#112233")
    KategoriCapaian.objects.create(kabupaten=kabupaten, batas_bawah=None, label="Belum", warna="#445566")
    data = muat_a()
    assert data.hasil(ind(data, "adminduk").pk, TW2).kategori.label == "Hebat"
    assert data.hasil(ind(data, "perijinan").pk, TW2).kategori.label == "Belum"


def test_low_categories_need_attention():
    data = muat_a()
    kesos = data.hasil(ind(data, "kesos").pk, TW2)
    assert kesos.kategori.label in ("Kurang", "Sangat Kurang")
    assert capaian.perlu_perhatian(data.skala, kesos.kategori)
    assert not capaian.perlu_perhatian(data.skala, perhitungan.CUKUP)
    assert not capaian.perlu_perhatian(data.skala, None)


def test_holders_and_notes_are_loaded(dunia):
    adminduk = Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")
    CatatanIndikator.objects.create(indikator=adminduk, bulan=5, kendala="Blangko habis", tindak_lanjut="Minta")
    data = muat_a()
    kasi = next(j for j in data.jabatan if j.kode == "kasi_pemerintahan")
    assert data.pemegang[kasi.pk] == ["Staf A"]
    assert data.catatan[adminduk.pk][5].kendala == "Blangko habis"


def test_loading_takes_the_same_number_of_queries_for_a_big_and_a_tiny_year(dunia):
    def segar(pk):
        return TahunIKI.objects.select_related("unit__kabupaten").get(pk=pk)

    besar, kecil, dua = segar(dunia.tahun_a.pk), segar(dunia.tahun_b.pk), [segar(dunia.tahun_a.pk),
                                                                           segar(dunia.tahun_b.pk)]
    with CaptureQueriesContext(connection) as q_besar:
        data = capaian.muat(besar)
    with CaptureQueriesContext(connection) as q_hitung:
        for pk in data.indikator:
            data.seri_bulanan(pk)
            data.hasil(pk, Periode("tahun", 0))
    # Computing every indicator asks only the survey module, once for the whole year.
    assert len(q_hitung) <= 3
    with CaptureQueriesContext(connection) as q_kecil:
        capaian.muat(kecil)
    with CaptureQueriesContext(connection) as q_dua:
        capaian.muat_tahun(dua)
    assert len(q_besar) == len(q_kecil) <= 11
    # Several years at once also fetch their survey values together: 3 queries, not 3 per unit.
    assert len(q_dua) <= len(q_besar) + 3


# --- Completeness -------------------------------------------------------------------------------

JAKARTA_15_JUNI = datetime(2023, 6, 15, 3, 0, tzinfo=UTC)


def baris(lengkap, kode):
    return next(b for b in lengkap.baris if b.jabatan.kode == kode)


def test_deadlines_fall_on_the_units_day_of_the_next_month():
    assert kalender.batas_entri(tahun=2023, bulan=4, hari_batas=10) == date(2023, 5, 10)
    assert kalender.batas_entri(tahun=2023, bulan=12, hari_batas=10) == date(2024, 1, 10)
    # Saturday 10 June 2023: the next working day.
    assert kalender.batas_entri(tahun=2023, bulan=5, hari_batas=10) == date(2023, 6, 12)


def test_today_is_taken_in_jakarta():
    # 17:30 UTC on 10 June is half past midnight on 11 June in Jakarta.
    assert capaian.hari_ini_jakarta(datetime(2023, 6, 10, 17, 30, tzinfo=UTC)) == date(2023, 6, 11)
    assert capaian.hari_ini_jakarta(date(2023, 6, 10)) == date(2023, 6, 10)


@pytest.mark.parametrize(
    "status, harapan",
    [
        ([None, None], Realisasi.BELUM_DIISI),
        (["draft", None], Realisasi.DRAFT),
        (["diajukan", None], Realisasi.DRAFT),
        (["diajukan", "dikembalikan"], Realisasi.DIKEMBALIKAN),
        (["diajukan", "diverifikasi"], Realisasi.DIAJUKAN),
        (["diverifikasi", "diverifikasi"], Realisasi.DIVERIFIKASI),
    ],
)
def test_a_jabatans_month_takes_the_least_advanced_status(status, harapan):
    assert capaian.status_bulan(status) == harapan


def test_a_months_status_uses_the_values_vocabulary_and_reads_as_before():
    assert capaian.LABEL_BULAN == {
        "belum_waktunya": "belum waktunya",
        Realisasi.BELUM_DIISI: "belum diisi",
        Realisasi.DRAFT: "draf (belum diajukan)",
        Realisasi.DIKEMBALIKAN: "dikembalikan",
        Realisasi.DIAJUKAN: "diajukan, menunggu verifikasi",
        Realisasi.DIVERIFIKASI: "diverifikasi",
    }
    assert set(capaian.SINGKAT_STATUS) == set(capaian.LABEL_BULAN)
    assert Realisasi.LABEL_STATUS == {
        "belum": "Belum diisi", "draft": "Draf", "diajukan": "Diajukan", "diverifikasi": "Diverifikasi",
        "dikembalikan": "Dikembalikan",
    }


def test_the_full_demo_year_has_nothing_late_and_december_waits_for_verification():
    lengkap = capaian.kelengkapan(muat_a(), datetime(2024, 3, 1, tzinfo=UTC))
    assert lengkap.jumlah_terlambat == 0
    # Five jabatan enter counts (the Sekcam enters none); each has December submitted.
    assert len(lengkap.baris) == 5
    assert lengkap.jumlah_menunggu_verifikasi == 5
    assert all(b.sel[11].status == Realisasi.DIAJUKAN for b in lengkap.baris)


def test_a_month_not_entered_after_its_deadline_is_late(dunia):
    Realisasi.objects.filter(variabel__pengisi__kode="kasi_trantib", variabel__pengisi__tahun=dunia.tahun_a,
                             bulan=5).delete()
    data = muat_a()
    trantib = baris(capaian.kelengkapan(data, JAKARTA_15_JUNI), "kasi_trantib")
    assert trantib.sel[4].status == Realisasi.BELUM_DIISI and trantib.sel[4].terlambat
    assert trantib.teks_bulan_terlambat == "Mei"
    # On 9 June the deadline (10 June) has not yet passed.
    sebelum = baris(capaian.kelengkapan(data, date(2023, 6, 9)), "kasi_trantib")
    assert sebelum.sel[4].status == Realisasi.BELUM_DIISI and not sebelum.sel[4].terlambat


def test_drafts_and_returned_months_are_late_after_the_deadline_but_submitted_ones_are_not(dunia):
    tahun = dunia.tahun_a
    Realisasi.objects.filter(variabel__pengisi__kode="kasubag_umum", variabel__pengisi__tahun=tahun, bulan=4).update(
        status="draft"
    )
    Realisasi.objects.filter(variabel__pengisi__kode="kasi_pmd_kesos", variabel__pengisi__tahun=tahun,
                             bulan=3).update(status="dikembalikan")
    Realisasi.objects.filter(variabel__pengisi__kode="kasubag_keuangan", variabel__pengisi__tahun=tahun,
                             bulan=5).update(status="diajukan")
    lengkap = capaian.kelengkapan(muat_a(), JAKARTA_15_JUNI)
    assert baris(lengkap, "kasubag_umum").sel[3].terlambat
    assert baris(lengkap, "kasi_pmd_kesos").sel[2].status == Realisasi.DIKEMBALIKAN
    assert baris(lengkap, "kasi_pmd_kesos").sel[2].terlambat
    keuangan = baris(lengkap, "kasubag_keuangan").sel[4]
    assert keuangan.status == Realisasi.DIAJUKAN and not keuangan.terlambat
    assert lengkap.jumlah_terlambat == 2
    assert lengkap.jumlah_dikembalikan == 1
    assert {b.jabatan.kode for b in lengkap.jabatan_terlambat} == {"kasubag_umum", "kasi_pmd_kesos"}


def test_months_still_to_come_are_not_yet_due(dunia):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan__gte=7).delete()
    lengkap = capaian.kelengkapan(muat_a(), JAKARTA_15_JUNI)
    sel = baris(lengkap, "kasi_trantib").sel
    assert [s.status for s in sel[6:]] == [capaian.BELUM_WAKTUNYA] * 6
    assert lengkap.jumlah_terlambat == 0


def test_a_partly_entered_month_is_a_draft_and_says_how_much(dunia):
    Variabel.objects.create(
        indikator=Indikator.objects.get(tahun=dunia.tahun_a, kode="skck"),
        kode="skck_baru",
        nama="Variabel baru",
        pengisi=Jabatan.objects.get(tahun=dunia.tahun_a, kode="kasi_trantib"),
    )
    sel = baris(capaian.kelengkapan(muat_a(), JAKARTA_15_JUNI), "kasi_trantib").sel[4]
    assert sel.status == Realisasi.DRAFT and sel.terisi == 3 and sel.jumlah == 4
    assert sel.label.startswith("baru 3 dari 4 diisi")
    assert "terlambat" in sel.label


def test_only_the_chosen_jabatan_is_shown():
    data = muat_a()
    trantib = next(j for j in data.jabatan if j.kode == "kasi_trantib")
    lengkap = capaian.kelengkapan(data, JAKARTA_15_JUNI, trantib)
    assert [b.jabatan.kode for b in lengkap.baris] == ["kasi_trantib"]


def test_a_variable_named_like_a_constant_is_a_set_up_error_not_a_crash(dunia):
    Variabel.objects.create(indikator=Indikator.objects.get(tahun=dunia.tahun_a, kode="desa_tertib"),
                            kode="jumlah_desa", nama="Bentrok")
    data = muat_a()
    h = data.hasil(ind(data, "desa_tertib").pk, TW2)
    assert h.nilai is None and h.pesan == "rumus tidak sah"
    assert data.hasil(ind(data, "adminduk").pk, TW2).nilai is not None


@pytest.mark.parametrize("cara", ["jumlah", "terakhir", "rata"])
def test_a_single_month_is_its_own_value_whatever_the_combining_rule(dunia, cara):
    Variabel.objects.filter(indikator__tahun=dunia.tahun_a, kode="ktp_tepat").update(cara_gabung=cara)
    data = muat_a()
    pk = ind(data, "adminduk").pk
    for bulan in (1, 7, 12):
        h = data.hasil(pk, Periode("bulan", bulan))
        assert h.gabungan == perhitungan.gabung_semua(
            data.bulanan(h.indikator), {v.kode: v.cara_gabung for v in data.variabel[pk]}, Periode("bulan", bulan)
        )
