"""The verifier decides with context: per indicator the month's target, result, capaian and
category, the staf's kendala / tindak lanjut, the evidence and earlier return notes; and
"Verifikasi semua yang tanpa catatan" decides a month in one step."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iki.capaian import data as capaian
from iki.inti.perhitungan import Periode
from iki.models import CatatanIndikator, Indikator, Realisasi, Variabel
from iki.realisasi.alur import ajukan_bulan, kembalikan
from iki.realisasi.simpan import Perubahan, simpan_realisasi

pytestmark = pytest.mark.django_db

URL_DAFTAR = "/realisasi/verifikasi/"
URL_MEI = "/realisasi/verifikasi/ketapang/2023/5/tanpa-catatan/"
NILAI_MEI = {
    "ktp_tepat": 48, "ktp_usulan": 50, "akta_tanah_tepat": 9, "akta_tanah_usulan": 10,
    "ijin_tepat": 5, "ijin_usulan": 8, "desa_tertib_adm": 12,
}


def _v(tahun, kode):
    return Variabel.objects.get(indikator__tahun=tahun, kode=kode)


def _r(dunia, kode, bulan=5):
    return Realisasi.objects.get(variabel=_v(dunia.tahun_a, kode), bulan=bulan)


def _ajukan(dunia, bulan=5, nilai=None):
    Realisasi.objects.filter(variabel__indikator__tahun=dunia.tahun_a, bulan=bulan).delete()
    ajukan_bulan(
        user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a, bulan=bulan,
        perubahan=[Perubahan(_v(dunia.tahun_a, k).pk, bulan, Decimal(n)) for k, n in (nilai or NILAI_MEI).items()],
    )


@pytest.fixture
def mei_diajukan(dunia):
    _ajukan(dunia)
    return dunia


def _konteks(html: str, kode: str) -> str:
    return re.search(rf'<div class="konteks-indikator mb-3" data-indikator="{kode}">(.*?)</table>', html, re.S)[1]


def _pesan(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_each_indicator_shows_its_target_result_capaian_and_category(masuk, mei_diajukan):
    html = masuk("verifikator_a").get(URL_DAFTAR).content.decode()
    ktp = _konteks(html, "adminduk")
    # 48 of 50 = 96 % against the annual target 95: capaian 101,05 %, "Sangat Baik".
    assert re.search(r'class="target-bulan">95,00 %\s*<span class="text-muted">\(target tahunan\)', ktp)
    assert "48 dari 50 = 96,00\u00a0%" in ktp
    assert "101,05\u00a0%" in ktp and "Sangat Baik" in ktp and '<svg class="swatch"' in ktp
    # 5 of 8 permits = 62,5 % against 90: 69,44 %, "Cukup".
    ijin = _konteks(html, "perijinan")
    assert "5 dari 8 = 62,50\u00a0%" in ijin and "69,44\u00a0%" in ijin and "Cukup" in ijin and "90,00" in ijin


def test_the_verifier_page_agrees_with_the_dashboard_month(masuk, mei_diajukan):
    response = masuk("verifikator_a").get(URL_DAFTAR)
    data = capaian.muat(mei_diajukan.tahun_a)
    dilihat = 0
    for k in response.context["kelompok"]:
        for ki in k.indikator:
            h = data.hasil(ki.indikator.pk, Periode("bulan", k.bulan))
            assert (ki.hasil.nilai, ki.hasil.target.nilai, ki.hasil.capaian, ki.hasil.kategori) == (
                h.nilai, h.target, h.capaian, h.kategori
            ), ki.indikator.nama
            dilihat += 1
    assert dilihat >= 4


def test_the_staf_kendala_and_tindak_lanjut_are_shown(masuk, mei_diajukan):
    indikator = Indikator.objects.get(tahun=mei_diajukan.tahun_a, kode="perijinan")
    CatatanIndikator.objects.create(indikator=indikator, bulan=5, kendala="Server OSS mati tiga hari",
                                    tindak_lanjut="Berkas diproses manual")
    html = masuk("verifikator_a").get(URL_DAFTAR).content.decode()
    ijin = _konteks(html, "perijinan")
    assert "Kendala" in ijin and "Server OSS mati tiga hari" in ijin and "Berkas diproses manual" in ijin
    assert "Server OSS" not in _konteks(html, "adminduk")


def test_earlier_return_notes_are_shown_with_who_and_when(masuk, mei_diajukan):
    d = mei_diajukan
    r = _r(d, "ktp_tepat")
    kembalikan(user=d.user("verifikator_a"), realisasi=r, catatan="Register menulis 47, bukan 48")
    simpan_realisasi(user=d.user("staf_a"), tahun_iki=d.tahun_a,
                     perubahan=[Perubahan(r.variabel_id, 5, Decimal(47), _r(d, "ktp_tepat").versi)], ajukan=True)
    html = masuk("verifikator_a").get(URL_DAFTAR).content.decode()
    baris = re.search(r'<tr class="baris-verifikasi" data-variabel="ktp_tepat">(.*?)</tr>', html, re.S)[1]
    assert "Register menulis 47, bukan 48" in baris and "Catatan verifikator_a," in baris
    assert re.search(r"\d{1,2} \w+ 20\d\d, \d\d\.\d\d", baris)
    lain = re.search(r'<tr class="baris-verifikasi" data-variabel="ktp_usulan">(.*?)</tr>', html, re.S)[1]
    assert "catatan-lalu" not in lain


def test_verify_all_without_a_note_verifies_the_rest_returns_the_noted_and_skips_the_changed(masuk, mei_diajukan):
    d = mei_diajukan
    baris = list(Realisasi.objects.filter(variabel__indikator__tahun=d.tahun_a, bulan=5))
    versi = ",".join(f"{r.pk}:{r.versi}" for r in baris)
    catatan_ktp = _r(d, "ktp_tepat")
    # Meanwhile the staf changes the permits count: a draft again, another version.
    ijin = _r(d, "ijin_tepat")
    simpan_realisasi(user=d.user("staf_a"), tahun_iki=d.tahun_a,
                     perubahan=[Perubahan(ijin.variabel_id, 5, Decimal(6), ijin.versi)])
    response = masuk("verifikator_a").post(URL_MEI, {
        "versi": versi,
        f"catatan_{catatan_ktp.pk}": "  Register menulis 47  ",
        f"catatan_{_r(d, 'ktp_usulan').pk}": "   ",  # blank is no note
    })
    assert response.status_code == 302 and response["Location"].startswith(URL_DAFTAR)
    status = {r.variabel.kode: (r.status, r.catatan_verifikasi) for r in
              Realisasi.objects.filter(variabel__indikator__tahun=d.tahun_a, bulan=5).select_related("variabel")}
    assert status["ktp_tepat"] == ("dikembalikan", "Register menulis 47")
    assert status["ijin_tepat"][0] == "draft"
    for kode in ("ktp_usulan", "akta_tanah_tepat", "akta_tanah_usulan", "ijin_usulan", "desa_tertib_adm"):
        assert status[kode][0] == "diverifikasi", kode
    assert _r(d, "ktp_usulan").history.first().history_user.username == "verifikator_a"
    pesan = " ".join(_pesan(response))
    assert "Mei 2023: 5 nilai diverifikasi dan dikunci; 1 nilai yang Anda beri catatan dikembalikan" in pesan
    assert "Dilewati: Mei: “Jumlah IMB, HO, SIUP yang diproses tepat waktu” telah diubah" in pesan


def test_verify_all_touches_only_the_values_shown(masuk, mei_diajukan):
    d = mei_diajukan
    ktp = _r(d, "ktp_tepat")
    masuk("verifikator_a").post(URL_MEI, {"versi": f"{ktp.pk}:{ktp.versi}"})
    assert _r(d, "ktp_tepat").status == "diverifikasi"
    assert _r(d, "ktp_usulan").status == "diajukan"


def test_a_forged_value_of_another_month_changes_nothing(masuk, mei_diajukan):
    d = mei_diajukan
    _ajukan(d, bulan=6)
    juni = _r(d, "ktp_tepat", 6)
    mei = _r(d, "ktp_tepat")
    response = masuk("verifikator_a").post(URL_MEI, {"versi": f"{mei.pk}:{mei.versi},{juni.pk}:{juni.versi}"})
    assert "Data halaman tidak sah" in " ".join(_pesan(response))
    assert (_r(d, "ktp_tepat").status, _r(d, "ktp_tepat", 6).status) == ("diajukan", "diajukan")


def test_verify_all_outside_the_verifiers_jabatan_is_refused(masuk, mei_diajukan):
    d = mei_diajukan
    ktp = _r(d, "ktp_tepat")
    # The operator verifies only the sekcam (for the camat), not a kasi's counts.
    response = masuk("operator_a").post(URL_MEI, {"versi": f"{ktp.pk}:{ktp.versi}"})
    assert response.status_code == 403
    assert _r(d, "ktp_tepat").status == "diajukan"


@pytest.mark.parametrize("username", ["staf_a", "camat_a", "pemantau"])
def test_staf_and_camat_get_403_on_verify_all(masuk, mei_diajukan, username):
    ktp = _r(mei_diajukan, "ktp_tepat")
    response = masuk(username).post(URL_MEI, {"versi": f"{ktp.pk}:{ktp.versi}"})
    assert response.status_code == 403
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"


def test_verify_all_of_another_unit_is_404(masuk, mei_diajukan):
    ktp = _r(mei_diajukan, "ktp_tepat")
    assert masuk("verifikator_a").post("/realisasi/verifikasi/banyuates/2023/5/tanpa-catatan/",
                                       {"versi": "1:1"}).status_code == 404
    assert masuk("operator_b").post(URL_MEI, {"versi": f"{ktp.pk}:{ktp.versi}"}).status_code == 404
    assert _r(mei_diajukan, "ktp_tepat").status == "diajukan"


def test_verify_all_is_post_only(masuk, mei_diajukan):
    assert masuk("verifikator_a").get(URL_MEI).status_code == 405


def test_the_row_return_button_sends_the_rows_own_note(masuk, mei_diajukan):
    d = mei_diajukan
    ktp = _r(d, "ktp_tepat")
    html = masuk("verifikator_a").get(URL_DAFTAR).content.decode()
    assert f'formaction="{reverse("verifikasi_kembalikan", args=[ktp.pk])}"' in html
    assert f'name="catatan_{ktp.pk}"' in html and 'form="putus-5"' in html and 'id="putus-5"' in html
    versi = ",".join(f"{r.pk}:{r.versi}" for r in Realisasi.objects.filter(variabel__indikator__tahun=d.tahun_a,
                                                                             bulan=5))
    masuk("verifikator_a").post(reverse("verifikasi_kembalikan", args=[ktp.pk]),
                                {"versi": versi, f"catatan_{ktp.pk}": "Cek register"})
    assert (_r(d, "ktp_tepat").status, _r(d, "ktp_tepat").catatan_verifikasi) == ("dikembalikan", "Cek register")
    assert _r(d, "ktp_usulan").status == "diajukan"


def test_the_camat_sees_the_context_but_no_verify_all(masuk, mei_diajukan):
    html = masuk("camat_a").get(URL_DAFTAR).content.decode()
    assert "48 dari 50 = 96,00\u00a0%" in html and "101,05\u00a0%" in html
    assert "tanpa catatan" not in html and "putus-" not in html


def test_the_page_query_count_does_not_grow_with_items_notes_and_history(masuk, dunia):
    client = masuk("verifikator_a")
    _ajukan(dunia)
    client.get(URL_DAFTAR)
    with CaptureQueriesContext(connection) as sedikit:
        client.get(URL_DAFTAR)
    # Two more months waiting, with kendala notes and a return in their history.
    for bulan in (6, 7):
        _ajukan(dunia, bulan=bulan)
        for kode in ("adminduk", "perijinan"):
            CatatanIndikator.objects.create(indikator=Indikator.objects.get(tahun=dunia.tahun_a, kode=kode),
                                            bulan=bulan, kendala=f"kendala {bulan}")
        r = _r(dunia, "ktp_tepat", bulan)
        kembalikan(user=dunia.user("verifikator_a"), realisasi=r, catatan="periksa")
        r = _r(dunia, "ktp_tepat", bulan)
        simpan_realisasi(user=dunia.user("staf_a"), tahun_iki=dunia.tahun_a,
                         perubahan=[Perubahan(r.variabel_id, bulan, Decimal(47), r.versi)], ajukan=True)
    with CaptureQueriesContext(connection) as banyak:
        html = client.get(URL_DAFTAR).content.decode()
    assert "kendala 7" in html and html.count("periksa") >= 2
    assert len(banyak) == len(sedikit)
