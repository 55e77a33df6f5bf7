"""Audit history per indicator and per month: who, when, before → after, why."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.models import Indikator, Jabatan, Realisasi, Target, Variabel
from iki.realisasi.alur import ajukan_bulan, buka_kunci, kembalikan, verifikasi_bulan_jabatan
from iki.realisasi.simpan import Perubahan, simpan_realisasi

pytestmark = pytest.mark.django_db

URL_MEI = "/realisasi/riwayat/ketapang/2023/5/"


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _adminduk(dunia):
    return Indikator.objects.get(tahun=dunia.tahun_a, kode="adminduk")


def teks(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def perjalanan_mei(dunia):
    """May of staf_a: entered, submitted, one value returned, corrected, resubmitted, verified."""
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).delete()
    staf, verifikator = dunia.user("staf_a"), dunia.user("verifikator_a")
    nilai = {"ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
             "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12}
    ajukan_bulan(
        user=staf, tahun_iki=t, bulan=5, perubahan=[Perubahan(_v(t, k).pk, 5, Decimal(n)) for k, n in nilai.items()]
    )
    # simpan_realisasi leaves the history user to the request middleware; there is no request here.
    Realisasi.history.filter(bulan=5, history_user__isnull=True).update(history_user=staf)
    tepat = Realisasi.objects.get(variabel=_v(t, "ktp_tepat"), bulan=5)
    kembalikan(user=verifikator, realisasi=tepat, catatan="Register menulis 47")
    tepat.refresh_from_db()
    ajukan_bulan(user=staf, tahun_iki=t, bulan=5, perubahan=[Perubahan(tepat.variabel_id, 5, Decimal(47), tepat.versi)])
    Realisasi.history.filter(bulan=5, history_user__isnull=True).update(history_user=staf)
    verifikasi_bulan_jabatan(
        user=verifikator, jabatan=Jabatan.objects.get(tahun=t, kode="kasi_pemerintahan"), bulan=5
    )
    return dunia


def test_month_history_shows_every_step_with_who_before_after_and_why(masuk, perjalanan_mei):
    html = teks(masuk("camat_a").get(URL_MEI).content.decode())
    assert "Jumlah KTP, KK dan Akta yang diproses tepat waktu" in html
    assert "nilai: 48 → 47" in html
    assert "status: Diajukan → Dikembalikan" in html and "Dikembalikan: Register menulis 47" in html
    assert "status: Dikembalikan → Diajukan" in html
    assert "status: Diajukan → Diverifikasi" in html
    assert "staf_a" in html and "verifikator_a" in html


def test_the_newest_change_comes_first(masuk, perjalanan_mei):
    response = masuk("staf_a").get(URL_MEI)
    peristiwa = list(response.context["halaman"])
    waktu = [p.waktu for p in peristiwa]
    assert waktu == sorted(waktu, reverse=True)
    assert peristiwa[0].alasan == "Diverifikasi"


def test_a_reopening_is_shown_with_its_reason(masuk, perjalanan_mei):
    d = perjalanan_mei
    buka_kunci(
        user=d.user("camat_a"), jabatan=Jabatan.objects.get(tahun=d.tahun_a, kode="kasi_pemerintahan"), bulan=5,
        alasan="Salah hitung <b>register</b>",
    )
    raw = masuk("operator_a").get(URL_MEI).content.decode()
    html = teks(raw)
    assert "Dibuka kembali" in html and "camat_a" in html
    assert "Salah hitung &lt;b&gt;register&lt;/b&gt;" in raw and "<b>register</b>" not in raw
    assert "status: Diverifikasi → Draf" in html


def test_operator_and_camat_see_the_reopen_form_others_do_not(masuk, perjalanan_mei):
    jabatan = Jabatan.objects.get(tahun=perjalanan_mei.tahun_a, kode="kasi_pemerintahan")
    url = reverse("buka_kunci", args=[jabatan.pk, 5])
    assert url in masuk("camat_a").get(URL_MEI).content.decode()
    assert url in masuk("operator_a").get(URL_MEI).content.decode()
    assert url not in masuk("staf_a").get(URL_MEI).content.decode()
    assert url not in masuk("verifikator_a").get(URL_MEI).content.decode()


def test_indicator_history_shows_realisasi_target_and_definition_changes(masuk, perjalanan_mei):
    d = perjalanan_mei
    ind = _adminduk(d)
    operator = d.user("operator_a")
    target = Target.objects.get(indikator=ind, periode="tahun")
    target.nilai = Decimal("97.5")
    target._history_user = operator
    target._change_reason = "Revisi Renstra"
    target.save()
    ind.sumber_data = "Laporan Dispendukcapil"
    ind._history_user = operator
    ind.save()
    v = _v(d.tahun_a, "ktp_usulan")
    v.nama = "Jumlah permohonan KTP, KK dan Akta"
    v._history_user = operator
    v.save()
    html = teks(masuk("staf_a").get(reverse("riwayat_indikator", args=[ind.pk])).content.decode())
    assert "target: 95 → 97,50" in html and "Revisi Renstra" in html
    assert "sumber data: Laporan Kependudukan → Laporan Dispendukcapil" in html
    assert "nama variabel: Jumlah usulan pembuatan KTP, KK dan Akta → Jumlah permohonan KTP, KK dan Akta" in html
    assert "Realisasi Mei" in html and "nilai: 48 → 47" in html
    assert "operator_a" in html


def test_indicator_history_keeps_notes(masuk, dunia):
    from iki.realisasi.alur import PerubahanCatatan, simpan_catatan

    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=5).delete()
    ind = _adminduk(dunia)
    simpan_catatan(
        user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, bulan=5,
        catatan=[PerubahanCatatan(ind.pk, "Blangko habis", "Minta ke Dispendukcapil")],
    )
    html = teks(masuk("pemantau").get(reverse("riwayat_indikator", args=[ind.pk])).content.decode())
    assert "Catatan Mei" in html and "kendala: – → Blangko habis" in html


def test_history_is_readable_by_everyone_of_the_unit_and_the_pemantau(masuk, dunia):
    ind = _adminduk(dunia)
    for username in ("staf_a", "verifikator_a", "camat_a", "operator_a", "pemantau"):
        client = masuk(username)
        response = client.get(URL_MEI)
        assert response.status_code == 200 and "Riwayat realisasi Mei 2023" in response.content.decode(), username
        response = client.get(reverse("riwayat_indikator", args=[ind.pk]))
        assert response.status_code == 200 and f"Riwayat indikator: {ind.nama}" in teks(response.content.decode()), (
            username
        )


def test_another_units_history_is_not_found(masuk, dunia):
    ind = _adminduk(dunia)
    client = masuk("staf_b")
    assert client.get(URL_MEI).status_code == 404
    assert client.get(reverse("riwayat_indikator", args=[ind.pk])).status_code == 404
    assert masuk("staf_a").get("/realisasi/riwayat/ketapang/2023/13/").status_code == 404


def test_history_pages_answer_405_to_post(masuk, dunia):
    client = masuk("operator_a")
    assert client.post(URL_MEI).status_code == 405
    assert client.post(reverse("riwayat_indikator", args=[_adminduk(dunia).pk])).status_code == 405


def test_history_query_counts_do_not_grow_with_changes(masuk, dunia):
    t = dunia.tahun_a
    ind = _adminduk(dunia)
    staf, operator = dunia.user("staf_a"), dunia.user("operator_a")
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).delete()
    simpan_realisasi(user=staf, tahun_iki=t, perubahan=[Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(50))])
    client = masuk("camat_a")
    urls = [URL_MEI, reverse("riwayat_indikator", args=[ind.pk])]
    for url in urls:
        client.get(url)
    sebelum = []
    for url in urls:
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        sebelum.append(len(q))
    for n in range(1, 6):
        simpan_realisasi(
            user=staf if n % 2 else operator, tahun_iki=t,
            perubahan=[Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(50 + n), n)],
        )
    assert Realisasi.objects.get(variabel=_v(t, "ktp_usulan"), bulan=5).history.count() == 6
    sesudah = []
    for url in urls:
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        sesudah.append(len(q))
    assert sesudah == sebelum


def test_evidence_uploads_appear_in_both_histories(masuk, dunia, settings, tmp_path):
    from django.core.files.base import ContentFile

    from iki.models import BuktiDukung

    settings.MEDIA_ROOT = tmp_path
    t = dunia.tahun_a
    Realisasi.objects.filter(variabel__indikator__tahun=t, bulan=5).delete()
    staf = dunia.user("staf_a")
    (r,) = simpan_realisasi(user=staf, tahun_iki=t, perubahan=[Perubahan(_v(t, "ktp_usulan").pk, 5, Decimal(50))])
    b = BuktiDukung(realisasi=r, nama_asli="scan-register.pdf", jenis_konten="application/pdf", ukuran=2048,
                    sha256="0", diunggah_oleh=staf)
    b._history_user = staf
    b.berkas.save("x.pdf", ContentFile(b"%PDF"), save=True)
    for url in (URL_MEI, reverse("riwayat_indikator", args=[_adminduk(dunia).pk])):
        html = teks(masuk("verifikator_a").get(url).content.decode())
        assert "Bukti dukung" in html and "nama berkas asli: – → scan-register.pdf" in html, url
