"""Ketapang 2023 in the database: what the reference lists, repeatable loading, constraints."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from iki.inti.tabel import kelompokkan
from iki.models import BarisIKI, Indikator, Jabatan, Realisasi, Target, Variabel
from iki.set_iki.data import ketapang_2023
from iki.set_iki.muat import muat_iki

pytestmark = pytest.mark.django_db


def test_ketapang_2023_has_the_reference_shape(dunia):
    tahun = dunia.tahun_a
    assert tahun.jabatan.count() == 6
    assert BarisIKI.objects.filter(jabatan__tahun=tahun).count() == 31
    assert Indikator.objects.filter(tahun=tahun).count() == 17
    runs = sum(len(kelompokkan(j.baris.select_related("sasaran"))) for j in tahun.jabatan.all())
    assert runs == 11
    assert tahun.renstra.tahun_mulai == 2019 and tahun.renstra.tahun_selesai == 2024
    assert tahun.nilai_konstanta() == {"jumlah_desa": Decimal("20")}


def test_the_duplicate_row_of_jabatan_4_is_kept(dunia):
    kasi = Jabatan.objects.get(tahun=dunia.tahun_a, urutan=4)
    kode = list(kasi.baris.values_list("indikator__kode", flat=True))
    assert kode.count("adminduk") == 2


def test_one_indicator_appears_under_several_jabatan(dunia):
    apbdes = Indikator.objects.get(tahun=dunia.tahun_a, kode="apbdes")
    assert apbdes.baris.values("jabatan").distinct().count() == 3
    ikm = Indikator.objects.get(tahun=dunia.tahun_a, kode="ikm")
    assert ikm.baris.values("jabatan").distinct().count() == 2


def test_printed_formula_column_reads_like_the_document(dunia):
    ind = {i.kode: i for i in Indikator.objects.filter(tahun=dunia.tahun_a)}
    assert ind["adminduk"].rumus_dalam_kata() == (
        "Jumlah KTP, KK dan Akta yang diproses tepat waktu ÷ Jumlah usulan pembuatan KTP, KK dan Akta × 100 %"
    )
    assert ind["desa_tertib"].rumus_dalam_kata() == "Jumlah desa yang tertib administrasi ÷ 20 desa × 100 %"
    assert ind["kriminalitas"].rumus_dalam_kata().startswith("Jumlah kejadian kriminalitas − Target")
    assert "nilai tertimbang" in ind["ikm"].rumus_dalam_kata()


def test_blank_sumber_data_of_the_original_is_kept(dunia):
    baris = BarisIKI.objects.get(jabatan__tahun=dunia.tahun_a, jabatan__kode="sekcam", indikator__kode="perijinan")
    assert baris.sumber_data == ""


def test_demo_data_is_a_full_year_with_targets(dunia):
    variabel = Variabel.objects.filter(indikator__tahun=dunia.tahun_a)
    assert Realisasi.objects.filter(variabel__in=variabel).count() == variabel.count() * 12
    assert Target.objects.filter(indikator__tahun=dunia.tahun_a).count() == len(ketapang_2023.TARGET_CONTOH)
    assert dunia.tahun_a.data_contoh


def test_demo_counts_were_submitted_before_the_deadline_and_december_waits(dunia):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    jakarta = ZoneInfo("Asia/Jakarta")
    demo = Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, catatan="data contoh")
    for r in demo.filter(bulan__in=[1, 11, 12]):
        diajukan = r.diajukan_pada.astimezone(jakarta)
        bulan_berikut = (2024, 1) if r.bulan == 12 else (2023, r.bulan + 1)
        assert (diajukan.year, diajukan.month) == bulan_berikut
        assert diajukan.day < dunia.unit_a.hari_batas_entri  # on time: nobody is late in the demo
        if r.bulan == 12:
            assert r.status == Realisasi.DIAJUKAN and r.diverifikasi_pada is None
        else:
            assert r.status == Realisasi.DIVERIFIKASI and r.diverifikasi_pada == r.diajukan_pada + timedelta(days=2)
    assert datetime(2023, 2, 5, 9, tzinfo=jakarta) == demo.filter(bulan=1).first().diajukan_pada


def test_loading_again_changes_nothing_and_keeps_entered_counts(dunia):
    r = Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a).first()
    r.nilai = Decimal("777")
    r.save()
    sebelum = (
        Jabatan.objects.count(),
        BarisIKI.objects.count(),
        Indikator.objects.count(),
        Variabel.objects.count(),
        Realisasi.objects.count(),
    )
    muat_iki(ketapang_2023, contoh=True)
    sesudah = (
        Jabatan.objects.count(),
        BarisIKI.objects.count(),
        Indikator.objects.count(),
        Variabel.objects.count(),
        Realisasi.objects.count(),
    )
    assert sebelum == sesudah
    r.refresh_from_db()
    assert r.nilai == Decimal("777")


@pytest.mark.parametrize(
    "ubah",
    [
        {"bulan": 13},
        {"bulan": 0},
        {"nilai": Decimal("-1")},
    ],
)
def test_database_refuses_invalid_realisasi(dunia, ubah):
    v = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
    data = {"variabel": v, "bulan": 1, "nilai": Decimal("1"), **ubah}
    with pytest.raises(IntegrityError), transaction.atomic():
        Realisasi.objects.create(**data)


def test_database_refuses_a_second_value_for_the_same_month(dunia):
    v = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
    Realisasi.objects.create(variabel=v, bulan=3, nilai=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Realisasi.objects.create(variabel=v, bulan=3, nilai=Decimal("2"))


def test_database_refuses_duplicate_codes_within_a_year(dunia):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indikator.objects.create(tahun=dunia.tahun_a, kode="adminduk", nama="Lagi")


def test_the_demo_command_adds_2022_as_demo_data_with_last_years_columns_filled(dunia):
    """``make run``'s 2022: copied from 2023 (same codes), marked data contoh, fixed, plausible
    verified values (below 2023's, a numerator never above its denominator), shown beside 2023 in
    the laporan kinerja; loading again adds nothing."""
    from datetime import date

    from iki.capaian import laporan_kinerja as lk
    from iki.capaian.tahun_lalu import Pembanding
    from iki.models import RealisasiDesa, TahunIKI
    from iki.set_iki.muat import muat_tahun_lalu_contoh

    lalu = muat_tahun_lalu_contoh(ketapang_2023, dunia.tahun_a)
    assert (lalu.tahun, lalu.status, lalu.data_contoh) == (2022, "ditetapkan", True)
    nilai = {(r.variabel.kode, r.bulan): r.nilai for r in Realisasi.objects.filter(variabel__indikator__tahun=lalu)
             .select_related("variabel")}
    contoh = ketapang_2023.realisasi_contoh()
    assert len(nilai) == sum(len(b) for b in contoh.values())
    assert all(nilai[k, b] <= Decimal(n) for k, bulanan in contoh.items() for b, n in bulanan.items())
    assert set(Realisasi.objects.filter(variabel__indikator__tahun=lalu).values_list("status", flat=True)) == {
        Realisasi.DIVERIFIKASI}
    assert all(nilai["ktp_tepat", b] <= nilai["ktp_usulan", b] for b in range(1, 13))
    assert Target.objects.filter(indikator__tahun=lalu).count() == Target.objects.filter(
        indikator__tahun=dunia.tahun_a).count()
    assert RealisasiDesa.objects.filter(realisasi__variabel__indikator__tahun=lalu).exists()

    isi = lk.data_laporan_kinerja(TahunIKI.objects.get(pk=dunia.tahun_a.pk), tanggal=date(2024, 1, 31))
    assert isi.ada_tahun_lalu
    assert all(b.realisasi_lalu is not None for b in isi.baris_semua if b.indikator.startswith("Prosentase pe"))
    assert Pembanding(dunia.tahun_a).lalu == lalu
    assert muat_tahun_lalu_contoh(ketapang_2023, dunia.tahun_a) is None  # again: nothing added
    assert TahunIKI.objects.filter(unit=dunia.unit_a).count() == 2
