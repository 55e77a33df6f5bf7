"""Quality review of an IKI set: the defects of the Ketapang 2023 original, and each rule alone."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iki.models import BarisIKI, Indikator, Jabatan, Konstanta, Sasaran, TahunIKI, Target, UnitKerja, Variabel
from iki.set_iki import mutu

pytestmark = pytest.mark.django_db

URL = "/dokumen/ketapang/2023/mutu/"
KASI_PEM = "Kepala Seksi Pemerintahan, Pelayanan Umum dan Informasi Kecamatan Ketapang"


def per_jenis(temuan):
    hasil = {}
    for t in temuan:
        hasil.setdefault(t.jenis, []).append(t)
    return hasil


# --- Ketapang 2023 --------------------------------------------------------------------------------


def test_ketapang_2023_shows_the_defects_of_the_original(dunia):
    # The original gives no targets at all (defect 5); the world's targets are demo data.
    Target.objects.filter(indikator__tahun=dunia.tahun_a).delete()
    temuan = per_jenis(mutu.tinjau(dunia.tahun_a))

    # 1. The duplicate row of jabatan 4.
    (duplikat,) = temuan["duplikat"]
    assert duplikat.jabatan == KASI_PEM
    assert duplikat.indikator == "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu"
    assert "2 kali" in duplikat.pesan and "baris 1, 3" in duplikat.pesan

    # 2. The blank Sumber Data of jabatan 1.
    (kosong,) = temuan["sumber_kosong"]
    assert kosong.jabatan == "Sekretaris Kecamatan Ketapang"
    assert kosong.indikator == "Prosentase penyelesaian pelayanan perijinan tepat waktu"

    # 3. Planning, archive and salary indicators of jabatan 2 and 3 under the pelayanan sasaran.
    (sasaran,) = temuan["sasaran_tidak_terkait"]
    assert "Meningkatnya Kinerja Pelayanan Perijinan dan Administrasi Kependudukan" in sasaran.pesan
    assert "Sub Bagian Umum dan Kepegawaian + Sub Bagian Keuangan (" in sasaran.pesan
    for nama in ("Tersedianya arsip surat masuk dan keluar", "Prosentase penyelesaian gaji pegawai tepat waktu"):
        assert nama in sasaran.pesan

    # 4. The decree number and the signing day are blank.
    assert [t.pesan for t in temuan["keputusan"]] == [
        "Nomor Keputusan belum lengkap: “188/     /KEP/434.512/2023”.",
        "Tanggal penandatanganan dokumen belum diisi.",
    ]

    # 5. No targets anywhere: every one of the 17 indicators.
    assert len(temuan["target_kosong"]) == 17

    # 6. One indicator, several spellings.
    assert any("Usulan Anggaran Desa" in t.pesan for t in temuan["ejaan"])

    # Nothing that is not there: every count has a pengisi, every formula computes.
    assert "tanpa_pengisi" not in temuan and "rumus" not in temuan and "tidak_dipakai" not in temuan


def test_with_targets_entered_no_target_is_flagged(dunia):
    assert "target_kosong" not in per_jenis(mutu.tinjau(dunia.tahun_a))


def test_findings_are_sorted_most_serious_first(dunia):
    tingkat = [t.tingkat for t in mutu.tinjau(dunia.tahun_a)]
    assert tingkat == sorted(tingkat, key=["galat", "peringatan", "catatan"].index)
    assert mutu.ringkasan(mutu.tinjau(dunia.tahun_a))[0] == ("duplikat", "Indikator ganda dalam satu jabatan", 1)


def test_decree_filled_in_clears_its_note(dunia):
    dunia.tahun_a.nomor_keputusan = "188/12/KEP/434.512/2023"
    dunia.tahun_a.tanggal_ttd = date(2023, 1, 5)
    dunia.tahun_a.save()
    assert "keputusan" not in per_jenis(mutu.tinjau(dunia.tahun_a))


# --- Each rule on a small set -------------------------------------------------------------------------


@pytest.fixture
def kecil(dunia):
    """A tidy set: two jabatan (atasan and bawahan) under one sasaran, one indicator each."""
    unit = UnitKerja.objects.create(
        kabupaten=dunia.unit_a.kabupaten, kode="uji", nama="Kantor Uji", nama_wilayah="Kecamatan Uji",
        jabatan_pimpinan="Camat Uji",
    )
    tahun = TahunIKI.objects.create(
        unit=unit, tahun=2024, nomor_keputusan="188/1/KEP/2024", tanggal_ttd=date(2024, 1, 2)
    )
    Konstanta.objects.create(tahun=tahun, kode="nol", nama="Nol", nilai=0)
    sekcam = Jabatan.objects.create(tahun=tahun, kode="sekcam", nama="Sekcam", urutan=1)
    kasi = Jabatan.objects.create(tahun=tahun, kode="kasi", nama="Kasi", atasan=sekcam, urutan=2)
    sasaran = Sasaran.objects.create(tahun=tahun, teks="Meningkatnya pelayanan")
    indikator = []
    for n, j in enumerate((sekcam, kasi), start=1):
        ind = Indikator.objects.create(tahun=tahun, kode=f"i{n}", nama=f"Indikator {n}", rumus="a / b * 100",
                                       sumber_data="Register")
        Variabel.objects.create(indikator=ind, kode="a", nama="A", pengisi=j)
        Variabel.objects.create(indikator=ind, kode="b", nama="B", pengisi=j)
        Target.objects.create(indikator=ind, nilai=90)
        BarisIKI.objects.create(jabatan=j, sasaran=sasaran, indikator=ind, urutan=1, sumber_data="Register")
        indikator.append(ind)
    return {"tahun": tahun, "sekcam": sekcam, "kasi": kasi, "sasaran": sasaran, "indikator": indikator}


def test_a_tidy_set_has_no_findings(kecil):
    assert mutu.tinjau(kecil["tahun"]) == []


def test_unrelated_jabatan_under_one_sasaran_are_flagged_related_ones_are_not(kecil):
    lain = Jabatan.objects.create(tahun=kecil["tahun"], kode="lain", nama="Kasubag Lain", urutan=3)
    BarisIKI.objects.create(jabatan=lain, sasaran=kecil["sasaran"], indikator=kecil["indikator"][1], urutan=1,
                            sumber_data="x")
    # Shares an indicator with the Kasi under this sasaran: related.
    assert "sasaran_tidak_terkait" not in per_jenis(mutu.tinjau(kecil["tahun"]))
    BarisIKI.objects.filter(jabatan=lain).update(indikator=kecil["indikator"][0])
    # Shares one with the Sekcam: still related.
    assert "sasaran_tidak_terkait" not in per_jenis(mutu.tinjau(kecil["tahun"]))
    ind = Indikator.objects.create(tahun=kecil["tahun"], kode="i3", nama="Gaji", jenis="survei", sumber_data="x")
    Target.objects.create(indikator=ind, nilai=1)
    BarisIKI.objects.filter(jabatan=lain).update(indikator=ind)
    (t,) = per_jenis(mutu.tinjau(kecil["tahun"]))["sasaran_tidak_terkait"]
    assert "Sekcam + Kasi (Indikator 1, Indikator 2); Kasubag Lain (Gaji)" in t.pesan


def test_a_count_nobody_enters_is_flagged_survey_is_not(kecil):
    Variabel.objects.filter(indikator=kecil["indikator"][0], kode="b").update(pengisi=None)
    Indikator.objects.create(tahun=kecil["tahun"], kode="ikm", nama="IKM", jenis="survei", sumber_data="Survei")
    kosong = Indikator.objects.create(tahun=kecil["tahun"], kode="kosong", nama="Tanpa variabel", rumus="1",
                                      sumber_data="x")
    temuan = per_jenis(mutu.tinjau(kecil["tahun"]))["tanpa_pengisi"]
    assert [(t.indikator, t.pesan) for t in temuan] == [
        ("Indikator 1", "Belum ada jabatan pengisi untuk: B."),
        (kosong.nama, "Indikator ini tidak memiliki variabel yang diisi setiap bulan."),
    ]


@pytest.mark.parametrize(
    "rumus, jenis, potongan",
    [
        ("a / c * 100", "rumus", "Nama tidak dikenal: c"),
        ("a / (b", "rumus", "kurung"),
        ("a / nol * 100", "rumus", "Pembagian dengan nol"),
        ("", "rumus", "Rumus kosong"),
        ("a - b", "selisih", "harus memakai nama 'target'"),
    ],
)
def test_a_formula_that_cannot_be_evaluated_is_flagged(kecil, rumus, jenis, potongan):
    Indikator.objects.filter(pk=kecil["indikator"][0].pk).update(rumus=rumus, jenis=jenis)
    (t,) = per_jenis(mutu.tinjau(kecil["tahun"]))["rumus"]
    assert t.indikator == "Indikator 1" and potongan in t.pesan


def test_quarter_targets_alone_must_be_complete(kecil):
    Target.objects.filter(indikator=kecil["indikator"][0]).update(periode="tw1")
    (t,) = per_jenis(mutu.tinjau(kecil["tahun"]))["target_kosong"]
    assert "triwulan tidak lengkap (tw1)" in t.pesan
    for p in ("tw2", "tw3", "tw4"):
        Target.objects.create(indikator=kecil["indikator"][0], periode=p, nilai=1)
    assert "target_kosong" not in per_jenis(mutu.tinjau(kecil["tahun"]))


@pytest.mark.parametrize(
    ("sifat", "tw4", "ada"),
    [("tetap", "80", True), ("tetap", "95", False), ("proporsional", "80", False)],
)
def test_a_tetap_indicator_whose_tw4_target_differs_from_its_annual_target_is_warned(kecil, sifat, tw4, ada):
    ind = kecil["indikator"][0]
    Indikator.objects.filter(pk=ind.pk).update(sifat_target=sifat)
    Target.objects.filter(indikator=ind, periode="tahun").update(nilai=95)
    Target.objects.create(indikator=ind, periode="tw4", nilai=tw4)
    temuan = per_jenis(mutu.tinjau(kecil["tahun"])).get("target_tw4", [])
    if not ada:
        assert temuan == []
        return
    (t,) = temuan
    assert t.tingkat == mutu.PERINGATAN and t.indikator_id == ind.pk
    assert "Target TW IV (80) berbeda dari target tahunan (95)" in t.pesan


def test_an_indicator_in_no_table_is_noted(kecil):
    Indikator.objects.create(tahun=kecil["tahun"], kode="yatim", nama="Yatim", jenis="survei")
    temuan = per_jenis(mutu.tinjau(kecil["tahun"]))
    assert [t.indikator for t in temuan["tidak_dipakai"]] == ["Yatim"]
    assert [t.pesan for t in temuan["sumber_kosong"]] == ["Sumber data indikator belum diisi."]


# --- Screen ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["operator_a", "camat_a", "pemantau"])
def test_operator_camat_and_pemantau_see_the_review(masuk, username):
    response = masuk(username).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indikator ganda dalam satu jabatan" in html and "baris 1, 3" in html
    assert "Sasaran dipakai jabatan yang tidak saling terkait" in html
    assert ("/pengaturan/iki/indikator/" in html) == (username == "operator_a")


@pytest.mark.parametrize("username", ["staf_a", "verifikator_a"])
def test_staff_and_verifier_do_not_see_the_review(masuk, username):
    assert masuk(username).get(URL).status_code == 403


def test_review_of_another_unit_is_not_found(masuk):
    assert masuk("operator_b").get(URL).status_code == 404


def test_review_refuses_post(masuk):
    assert masuk("camat_a").post(URL).status_code == 405


def test_review_escapes_user_text(dunia, masuk):
    Sasaran.objects.filter(tahun=dunia.tahun_a, teks__startswith="Meningkatnya Kinerja").update(
        teks="<script>alert(1)</script>"
    )
    html = masuk("camat_a").get(URL).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_review_query_count_does_not_grow_with_the_set(dunia, masuk):
    client = masuk("camat_a")
    with CaptureQueriesContext(connection) as sedikit:
        client.get(URL)
    sasaran = Sasaran.objects.create(tahun=dunia.tahun_a, teks="Sasaran tambahan")
    for n in range(5):
        j = Jabatan.objects.create(tahun=dunia.tahun_a, kode=f"tambah{n}", nama=f"Jabatan {n}", urutan=50 + n)
        ind = Indikator.objects.create(tahun=dunia.tahun_a, kode=f"tambah{n}", nama=f"Indikator {n}", rumus="x")
        Variabel.objects.create(indikator=ind, kode="x", nama="X")
        BarisIKI.objects.create(jabatan=j, sasaran=sasaran, indikator=ind, urutan=1)
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(URL).content.decode()
    assert "Indikator 4" in html
    assert len(banyak) == len(sedikit)
