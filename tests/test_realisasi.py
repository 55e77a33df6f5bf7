"""Saving realisasi: rights, locked months, lost updates, bad numbers, numerator ≤ denominator."""

import threading
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from iki.models import Realisasi, Variabel
from iki.realisasi import kalender
from iki.realisasi.simpan import (
    BulanTerkunci,
    GagalSimpan,
    KonflikVersi,
    Perubahan,
    TidakBerwenang,
    simpan_realisasi,
    variabel_pengisi,
)

WIB = ZoneInfo("Asia/Jakarta")


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _kosongkan(tahun, bulan):
    """Make a month open again for the tests (the demo year is verified up to November)."""
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=bulan).delete()


@pytest.mark.django_db
class TestSimpan:
    def test_staf_saves_a_draft_of_their_own_counts(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(
            user=staf,
            tahun_iki=dunia.tahun_a,
            perubahan=[Perubahan(tepat.pk, 5, Decimal(48)), Perubahan(usulan.pk, 5, Decimal(50))],
        )
        r = Realisasi.objects.get(variabel=tepat, bulan=5)
        assert (r.nilai, r.status, r.versi, r.diisi_oleh) == (Decimal(48), "draft", 1, staf)
        assert r.history.count() == 1

    def test_submitting_marks_the_values_diajukan_with_the_time(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        simpan_realisasi(
            user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(tepat.pk, 5, Decimal(3))],
            ajukan=True,
        )
        r = Realisasi.objects.get(variabel=tepat, bulan=5)
        assert r.status == "diajukan" and r.diajukan_pada is not None

    def test_another_jabatans_variable_is_refused(self, dunia):
        skck = _v(dunia.tahun_a, "skck_tepat")  # Kasi Trantib's count
        with pytest.raises(TidakBerwenang):
            simpan_realisasi(
                user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(skck.pk, 5, Decimal(1))]
            )

    def test_another_units_variable_posted_by_hand_is_refused(self, dunia):
        v_b = Variabel.objects.filter(indikator__tahun=dunia.tahun_b).first()
        with pytest.raises(TidakBerwenang):
            simpan_realisasi(
                user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(v_b.pk, 1, Decimal(1))]
            )
        assert not Realisasi.objects.filter(variabel=v_b).exists()

    @pytest.mark.parametrize("peran", ["camat_a", "pemantau"])
    def test_read_only_roles_cannot_save(self, dunia, peran):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        with pytest.raises(TidakBerwenang):
            simpan_realisasi(
                user=dunia.user(peran), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(tepat.pk, 5, Decimal(1))]
            )

    def test_a_verified_month_is_locked(self, dunia):
        tepat = _v(dunia.tahun_a, "ktp_tepat")
        r = Realisasi.objects.get(variabel=tepat, bulan=3)
        assert r.status == "diverifikasi"
        with pytest.raises(BulanTerkunci, match="terkunci"):
            simpan_realisasi(
                user=dunia.user("staf_a"),
                tahun_iki=dunia.tahun_a,
                perubahan=[Perubahan(tepat.pk, 3, Decimal(1), versi=r.versi)],
            )
        r.refresh_from_db()
        assert r.nilai != Decimal(1)

    @pytest.mark.parametrize(
        "nilai, pesan",
        [
            (Decimal(-1), "negatif"),
            (Decimal("2.5"), "bulat"),
            (Decimal(10) ** 20, "terlalu besar"),
            (Decimal("Infinity"), "bukan angka"),
            (Decimal("NaN"), "bukan angka"),
        ],
    )
    def test_bad_numbers_are_refused_and_nothing_is_saved(self, dunia, nilai, pesan):
        _kosongkan(dunia.tahun_a, 5)
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        with pytest.raises(GagalSimpan, match=pesan):
            simpan_realisasi(
                user=dunia.user("staf_a"),
                tahun_iki=dunia.tahun_a,
                perubahan=[Perubahan(usulan.pk, 5, Decimal(10)), Perubahan(tepat.pk, 5, nilai)],
            )
        assert not Realisasi.objects.filter(variabel__in=[tepat, usulan], bulan=5).exists()

    def test_numerator_above_denominator_names_both_variables(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        with pytest.raises(GagalSimpan) as e:
            simpan_realisasi(
                user=dunia.user("staf_a"),
                tahun_iki=dunia.tahun_a,
                perubahan=[Perubahan(tepat.pk, 5, Decimal(51)), Perubahan(usulan.pk, 5, Decimal(50))],
            )
        pesan = str(e.value)
        assert tepat.nama in pesan and usulan.nama in pesan and "Mei" in pesan
        assert not Realisasi.objects.filter(variabel__in=[tepat, usulan], bulan=5).exists()

    def test_numerator_is_checked_against_the_stored_denominator(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        staf = dunia.user("staf_a")
        tepat, usulan = _v(dunia.tahun_a, "ktp_tepat"), _v(dunia.tahun_a, "ktp_usulan")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(50))])
        with pytest.raises(GagalSimpan):
            simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(tepat.pk, 5, Decimal(60))])

    def test_a_stale_version_is_refused_and_shows_the_current_value(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        usulan = _v(dunia.tahun_a, "ktp_usulan")
        # Both the staf and the operator open May while it is empty (version 0).
        simpan_realisasi(
            user=dunia.user("operator_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(70))]
        )
        with pytest.raises(KonflikVersi) as e:
            simpan_realisasi(
                user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(50))]
            )
        assert "70" in str(e.value) and "tidak disimpan" in str(e.value)
        assert Realisasi.objects.get(variabel=usulan, bulan=5).nilai == Decimal(70)

    def test_every_change_is_in_the_history_with_who_and_before_after(self, dunia):
        _kosongkan(dunia.tahun_a, 5)
        usulan = _v(dunia.tahun_a, "ktp_usulan")
        staf = dunia.user("staf_a")
        simpan_realisasi(user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(10))])
        simpan_realisasi(
            user=staf, tahun_iki=dunia.tahun_a, perubahan=[Perubahan(usulan.pk, 5, Decimal(12), versi=1)],
            alasan="Koreksi",
        )
        riwayat = list(Realisasi.objects.get(variabel=usulan, bulan=5).history.order_by("history_date"))
        assert [h.nilai for h in riwayat] == [Decimal(10), Decimal(12)]
        assert riwayat[-1].history_change_reason == "Koreksi"


@pytest.mark.django_db
def test_staf_enters_only_their_jabatans_variables(dunia):
    kode = set(variabel_pengisi(dunia.user("staf_a"), dunia.tahun_a, date(2023, 6, 1)).values_list("kode", flat=True))
    assert {"ktp_tepat", "ktp_usulan"} <= kode
    assert "skck_tepat" not in kode
    assert not variabel_pengisi(dunia.user("staf_a"), dunia.tahun_b).exists()
    assert not variabel_pengisi(dunia.user("camat_a"), dunia.tahun_a).exists()


@pytest.mark.parametrize(
    "bulan, batas",
    [(1, date(2023, 2, 10)), (11, date(2023, 12, 11)), (12, date(2024, 1, 10))],  # 10 Dec 2023: a Sunday
)
def test_deadline_is_day_10_of_the_next_month(bulan, batas):
    assert kalender.batas_entri(tahun=2023, bulan=bulan, hari_batas=10) == batas


@pytest.mark.parametrize(
    "status, sekarang, hasil",
    [
        # May's deadline, Saturday 10 June 2023, moves to Monday 12 June.
        ([None], datetime(2023, 6, 12, 23, 0, tzinfo=WIB), False),
        ([None], datetime(2023, 6, 13, 0, 1, tzinfo=WIB), True),
        # Submitted (in time or not) owes nothing: no longer late (kalender.terlambat's one meaning).
        (["diajukan"], datetime(2023, 7, 1, tzinfo=WIB), False),
        (["diajukan", "draft"], datetime(2023, 7, 1, tzinfo=WIB), True),
    ],
)
def test_late_marks_follow_the_deadline_in_jakarta_time(status, sekarang, hasil):
    assert kalender.terlambat(hari_batas=10, tahun=2023, bulan=5, status=status, sekarang=sekarang) is hasil


def test_two_people_saving_the_same_month_at_once_one_wins(dunia_tx):
    """Real concurrency on the test database (a file for SQLite, a server for PostgreSQL)."""
    from iki.models import Pengguna, TahunIKI

    tahun = TahunIKI.objects.get(unit__kode="ketapang", tahun=2023)
    usulan = Variabel.objects.get(indikator__tahun=tahun, kode="ktp_usulan")
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=6).delete()
    users = [Pengguna.objects.get(username="staf_a"), Pengguna.objects.get(username="operator_a")]
    mulai = threading.Barrier(2)
    hasil = []

    def simpan(user, nilai):
        try:
            mulai.wait()
            simpan_realisasi(user=user, tahun_iki=tahun, perubahan=[Perubahan(usulan.pk, 6, Decimal(nilai))])
            hasil.append(("ok", nilai))
        except KonflikVersi:
            hasil.append(("konflik", nilai))
        finally:
            connection.close()

    threads = [threading.Thread(target=simpan, args=(u, n)) for u, n in zip(users, (40, 70), strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(h[0] for h in hasil) == ["konflik", "ok"]
    menang = next(n for status, n in hasil if status == "ok")
    assert Realisasi.objects.get(variabel=usulan, bulan=6).nilai == Decimal(menang)


def _pasangan_dengan_sisi_ditahan(simpan_sisi_lain):
    """One session saves the numerator of unit B's pair and keeps its transaction open while a
    second session saves only the denominator; then the first commits.

    Before the pair was checked under one lock the second session read the numerator as it was
    before, and both saved: 58 approved of 52 requests (8 of 20 rounds in the hardening report).
    """
    from django.db import transaction

    from iki.models import Pengguna, TahunIKI

    tahun = TahunIKI.objects.get(unit__kode="banyuates", tahun=2023)
    staf = Pengguna.objects.get(username="staf_b")
    selesai, masuk = (Variabel.objects.get(indikator__tahun=tahun, kode=k) for k in ("selesai", "masuk"))
    Realisasi.objects.filter(variabel__indikator__tahun=tahun, bulan=3).delete()
    awal = [Perubahan(selesai.pk, 3, Decimal(50)), Perubahan(masuk.pk, 3, Decimal(60))]
    simpan_realisasi(user=staf, tahun_iki=tahun, perubahan=awal)
    disimpan, lanjut = threading.Event(), threading.Event()
    hasil = {}

    def pembilang():
        try:
            with transaction.atomic():
                simpan_realisasi(user=staf, tahun_iki=tahun, perubahan=[Perubahan(selesai.pk, 3, Decimal(58), 1)])
                disimpan.set()
                lanjut.wait(10)
            hasil["pembilang"] = "ok"
        except GagalSimpan as e:
            hasil["pembilang"] = e.kesalahan
        finally:
            disimpan.set()
            connection.close()

    def penyebut():
        try:
            disimpan.wait(10)
            simpan_sisi_lain(user=staf, tahun_iki=tahun, variabel=masuk, nilai=Decimal(52))
            hasil["penyebut"] = "ok"
        except GagalSimpan as e:
            hasil["penyebut"] = e.kesalahan
        finally:
            connection.close()

    a, b = threading.Thread(target=pembilang), threading.Thread(target=penyebut)
    a.start()
    b.start()
    b.join(1.5)  # the denominator's save waits for the numerator's lock (or, before, went through)
    lanjut.set()
    a.join()
    b.join()
    tersimpan = Realisasi.objects.filter(variabel__in=[selesai, masuk], bulan=3)
    nilai = dict(tersimpan.values_list("variabel__kode", "nilai"))
    return hasil, nilai


def test_numerator_and_denominator_saved_at_once_are_checked_against_each_other(dunia_tx):
    def simpan(*, user, tahun_iki, variabel, nilai):
        simpan_realisasi(user=user, tahun_iki=tahun_iki, perubahan=[Perubahan(variabel.pk, 3, nilai, 1)])

    hasil, nilai = _pasangan_dengan_sisi_ditahan(simpan)
    assert hasil["pembilang"] == "ok"
    assert "tidak boleh lebih besar" in " ".join(hasil["penyebut"])
    assert nilai == {"selesai": Decimal(58), "masuk": Decimal(60)}


def test_the_excel_import_checks_the_pair_under_the_same_lock(dunia_tx):
    from iki.realisasi.excel import BarisImpor, simpan_impor

    def impor(*, user, tahun_iki, variabel, nilai):
        baris = BarisImpor(lembar="Maret", baris=5, variabel_id=variabel.pk, bulan=3, nilai=nilai, catatan="", versi=1)
        simpan_impor(rows=[baris], user=user, tahun_iki=tahun_iki, nama_berkas="maret.xlsx")

    hasil, nilai = _pasangan_dengan_sisi_ditahan(impor)
    assert hasil["pembilang"] == "ok"
    assert "tidak boleh lebih besar" in " ".join(hasil["penyebut"])
    assert nilai == {"selesai": Decimal(58), "masuk": Decimal(60)}
