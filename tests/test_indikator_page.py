"""One page per indicator for the operator (iki/set_iki/views_indikator.py): the list by sasaran, the
form with its variables and the live formula check; office notation, bad input, access, a fixed
year and a stale edit."""

import json
from decimal import Decimal

import pytest

from iki.models import BarisIKI, Indikator, Jabatan, Realisasi, Sasaran, TahunIKI, Target, Variabel
from iki.set_iki import views_indikator

pytestmark = pytest.mark.django_db

DAFTAR = "/iki/ketapang/2023/indikator/"
BARU = "/iki/ketapang/2023/indikator/baru/"
PERIKSA = "/iki/ketapang/2023/rumus/periksa/"


def jabatan(kode="kasi_pemerintahan"):
    return Jabatan.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode=kode)


def data_baru(**ubah) -> dict:
    """A new indicator "persentase surat tepat waktu" with two variables, as the form posts it."""
    data = {
        "kode": "surat_tepat",
        "nama": "Persentase surat selesai tepat waktu",
        "satuan": "%",
        "polaritas": "naik",
        "jenis": "rumus",
        "rumus": "surat_tepat : surat_masuk x 100 %",
        "penjelasan": "",
        "sumber_data": "Agenda surat",
        "penanggung_jawab": str(jabatan("sekcam").pk),
        "sifat_target": "tetap",
        "target_maks": "",
        "versi": "",
        "variabel-TOTAL_FORMS": "2",
        "variabel-INITIAL_FORMS": "0",
        "variabel-MIN_NUM_FORMS": "0",
        "variabel-MAX_NUM_FORMS": "50",
        "variabel-0-kode": "surat_tepat",
        "variabel-0-nama": "Jumlah surat selesai tepat waktu",
        "variabel-0-satuan": "surat",
        "variabel-0-cara_gabung": "jumlah",
        "variabel-0-pengisi": str(jabatan().pk),
        "variabel-0-desimal": "0",
        "variabel-0-urutan": "1",
        "variabel-1-kode": "surat_masuk",
        "variabel-1-nama": "Jumlah surat masuk",
        "variabel-1-satuan": "surat",
        "variabel-1-cara_gabung": "jumlah",
        "variabel-1-pengisi": str(jabatan().pk),
        "variabel-1-desimal": "0",
        "variabel-1-urutan": "2",
    }
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def data_ubah(indikator: Indikator, **ubah) -> dict:
    """The edit form of ``indikator`` as the page shows it, posted back with ``ubah``."""
    data = {
        "kode": indikator.kode, "nama": indikator.nama, "satuan": indikator.satuan,
        "polaritas": indikator.polaritas, "jenis": indikator.jenis, "rumus": indikator.rumus,
        "penjelasan": indikator.penjelasan, "sumber_data": indikator.sumber_data,
        "penanggung_jawab": str(indikator.penanggung_jawab_id or ""), "sifat_target": indikator.sifat_target,
        "target_maks": "", "versi": views_indikator.versi(indikator),
    }
    if indikator.wajib_bukti:
        data["wajib_bukti"] = "on"
    variabel = list(indikator.variabel.order_by("urutan", "id"))
    data.update({
        "variabel-TOTAL_FORMS": str(len(variabel)), "variabel-INITIAL_FORMS": str(len(variabel)),
        "variabel-MIN_NUM_FORMS": "0", "variabel-MAX_NUM_FORMS": "50",
    })
    for i, v in enumerate(variabel):
        data.update({
            f"variabel-{i}-id": str(v.pk), f"variabel-{i}-kode": v.kode, f"variabel-{i}-nama": v.nama,
            f"variabel-{i}-satuan": v.satuan, f"variabel-{i}-cara_gabung": v.cara_gabung,
            f"variabel-{i}-pengisi": str(v.pengisi_id or ""), f"variabel-{i}-desimal": str(v.desimal),
            f"variabel-{i}-urutan": str(v.urutan),
        })
    data.update(ubah)
    return {k: v for k, v in data.items() if v is not None}


def adminduk() -> Indikator:
    return Indikator.objects.get(tahun__unit__kode="ketapang", tahun__tahun=2023, kode="adminduk")


def url(indikator: Indikator) -> str:
    return f"/iki/ketapang/2023/indikator/{indikator.pk}/"


# --- Create and see it computed ---------------------------------------------------------------------


def test_operator_creates_an_indicator_in_office_notation_and_the_dashboard_computes_it(masuk, dunia):
    client = masuk("operator_a")
    response = client.post(BARU, data_baru())
    baru = Indikator.objects.get(tahun=dunia.tahun_a, kode="surat_tepat")
    assert response.status_code == 302 and response["Location"] == url(baru)
    assert baru.rumus == "surat_tepat : surat_masuk x 100 %"
    assert baru.penanggung_jawab == jabatan("sekcam")
    assert [(v.kode, v.pengisi.kode, v.desimal) for v in baru.variabel.order_by("urutan")] == [
        ("surat_tepat", "kasi_pemerintahan", 0), ("surat_masuk", "kasi_pemerintahan", 0)
    ]
    assert baru.history.count() == 1 and Variabel.history.filter(indikator_id=baru.pk).count() == 2
    assert baru.history.first().history_user.username == "operator_a"

    # Counts for January and an annual target: the drill-down shows 45 of 50 = 90.
    tepat, masuk_ = baru.variabel.order_by("urutan")
    Realisasi.objects.create(variabel=tepat, bulan=1, nilai=45, status=Realisasi.DIVERIFIKASI)
    Realisasi.objects.create(variabel=masuk_, bulan=1, nilai=50, status=Realisasi.DIVERIFIKASI)
    Target.objects.create(indikator=baru, periode="tahun", nilai=95)
    html = masuk("camat_a").get(f"/dasbor/ketapang/2023/indikator/{baru.pk}/?periode=1").content.decode()
    assert "Jumlah surat selesai tepat waktu : Jumlah surat masuk x 100 %" in html  # as the office typed it
    assert "45 dari 50" in html
    assert "90,00" in html

    # The page of the new indicator shows it, its target, and the list counts it.
    client = masuk("operator_a")
    halaman = client.get(url(baru)).content.decode()
    assert "Persentase surat selesai tepat waktu" in halaman and 'value="surat_masuk"' in halaman
    assert "Tercetak: Jumlah surat selesai tepat waktu : Jumlah surat masuk x 100 %" in halaman
    daftar = client.get(DAFTAR).content.decode()
    assert "surat_tepat : surat_masuk x 100 %" in daftar and "Belum ada di tabel IKI jabatan mana pun" in daftar


def test_list_groups_by_sasaran_with_targets_variables_and_jabatan(masuk, dunia):
    html = masuk("operator_a").get(DAFTAR).content.decode()
    ind = adminduk()
    sasaran = BarisIKI.objects.filter(indikator=ind).first().sasaran
    assert f"Sasaran: {sasaran.teks}" in html
    assert f'id="indikator-{ind.pk}"' in html and ind.rumus in html
    baris = html.split(f'id="indikator-{ind.pk}"')[1].split("</tr>")[0]
    assert "Kepala Seksi Pemerintahan" in baris  # a jabatan whose IKI carries it
    target = Target.objects.get(indikator=ind, periode="tahun").nilai
    from iki.inti.angka import format_ringkas

    assert format_ringkas(target) in baris
    assert f">{ind.variabel.count()}</td>" in baris
    assert f'href="{BARU}"' in html and "Tambah indikator" in html


def test_list_does_not_grow_in_queries_with_indicators(masuk, dunia, django_assert_max_num_queries):
    client = masuk("operator_b")
    client.get("/iki/banyuates/2023/indikator/")
    tahun_b = dunia.tahun_b
    with django_assert_max_num_queries(12) as q:
        client.get("/iki/banyuates/2023/indikator/")
    sebelum = len(q)
    for n in range(3):
        i = Indikator.objects.create(tahun=tahun_b, kode=f"x{n}", nama=f"X{n}", rumus="a")
        Variabel.objects.create(indikator=i, kode="a", nama="A")
        Target.objects.create(indikator=i, periode="tahun", nilai=5)
    with django_assert_max_num_queries(sebelum):
        client.get("/iki/banyuates/2023/indikator/")


def test_the_set_iki_page_links_the_list_for_the_operator_only(masuk):
    assert f'href="{DAFTAR}"' in masuk("operator_a").get("/iki/ketapang/2023/").content.decode()
    assert f'href="{DAFTAR}"' not in masuk("camat_a").get("/iki/ketapang/2023/").content.decode()


# --- Edit -----------------------------------------------------------------------------------------------


def test_operator_edits_the_formula_and_adds_a_variable_used_by_it_in_the_same_submit(masuk):
    ind = adminduk()
    data = data_ubah(ind, rumus="(ktp_tepat + ktp_susulan) : ktp_usulan x 100 %", nama="Adminduk tepat waktu")
    n = int(data["variabel-TOTAL_FORMS"])
    data.update({
        "variabel-TOTAL_FORMS": str(n + 1),
        f"variabel-{n}-kode": "ktp_susulan", f"variabel-{n}-nama": "KTP susulan", f"variabel-{n}-satuan": "dokumen",
        f"variabel-{n}-cara_gabung": "jumlah", f"variabel-{n}-pengisi": str(jabatan().pk),
        f"variabel-{n}-desimal": "1", f"variabel-{n}-urutan": "9",
    })
    response = masuk("operator_a").post(url(ind), data)
    assert response.status_code == 302
    ind.refresh_from_db()
    assert ind.nama == "Adminduk tepat waktu" and ind.rumus.startswith("(ktp_tepat + ktp_susulan)")
    assert ind.variabel.get(kode="ktp_susulan").desimal == 1
    assert ind.history.first().nama == "Adminduk tepat waktu"
    assert ind.history.first().prev_record.nama != "Adminduk tepat waktu"


def test_the_page_shows_targets_and_the_jabatan_and_guards_the_target_link(masuk):
    ind = adminduk()
    html = masuk("operator_a").get(url(ind)).content.decode()
    assert 'id="target-indikator"' in html and "Triwulan IV" in html
    assert "Kepala Seksi Pemerintahan" in html.split('id="jabatan-pemikul"')[1]
    # The targets grid is another screen; until its URL exists there is no dead link.
    from django.urls import NoReverseMatch, reverse

    try:
        alamat = reverse("set_iki_target", args=["ketapang", 2023]) + f"#indikator-{ind.pk}"
    except NoReverseMatch:
        assert "Ubah target" not in html
    else:
        assert f'href="{alamat}"' in html and "Ubah target" in html


# --- Bad input: shown back with the reason, nothing saved --------------------------------------------


@pytest.mark.parametrize(
    ("ubah", "potongan"),
    [
        ({"rumus": "surat_tepat : surat_keluar x 100 %"},
         "Nama tidak dikenal: surat_keluar. Nama yang tersedia: jumlah_desa, surat_masuk, surat_tepat."),
        ({"rumus": "surat_tepat % surat_masuk"}, "hanya boleh berada di akhir rumus"),
        ({"rumus": "100 x surat_tepat : surat_masuk %"}, "sudah dikali 100"),
        ({"rumus": "surat_tepat ÷ ÷ surat_masuk"}, "Rumus tidak sah"),
        ({"variabel-1-kode": "surat_tepat"}, "Kode variabel “surat_tepat” dipakai dua kali"),
        ({"variabel-1-desimal": "3"}, "Pastikan nilai ini lebih kecil dari atau sama dengan 2."),
        ({"variabel-1-desimal": "1,5"}, "Tanpa koma/desimal"),
        ({"kode": "adminduk"}, "Kode indikator “adminduk” sudah dipakai pada tahun 2023."),
        ({"variabel-0-kode": "Surat Tepat"}, "Kode hanya boleh berisi huruf kecil"),
        ({"rumus": ""}, "Rumus wajib diisi"),
        ({"target_maks": "abc"}, "Contoh: 92,5"),
    ],
)
def test_bad_input_is_shown_back_with_the_reason_and_nothing_is_saved(masuk, dunia, ubah, potongan):
    response = masuk("operator_a").post(BARU, data_baru(**ubah))
    html = response.content.decode()
    assert response.status_code == 200
    assert potongan in html
    assert not Indikator.objects.filter(tahun=dunia.tahun_a, kode="surat_tepat").exists()
    assert not Variabel.objects.filter(kode="surat_masuk").exists()
    for nilai in ubah.values():
        if nilai and nilai not in ("3",):
            assert f'value="{nilai}"' in html or nilai in html  # typed values come back


def test_times_and_divide_signs_are_accepted(masuk, dunia):
    response = masuk("operator_a").post(BARU, data_baru(rumus="surat_tepat ÷ surat_masuk × 100%"))
    assert response.status_code == 302
    baru = Indikator.objects.get(tahun=dunia.tahun_a, kode="surat_tepat")
    assert baru.rumus_terurai().hitung({"surat_tepat": Decimal(1), "surat_masuk": Decimal(4)}) == 25


def test_script_in_a_name_is_shown_escaped(masuk, dunia):
    client = masuk("operator_a")
    nama = "<script>alert(1)</script> Surat"
    client.post(BARU, data_baru(nama=nama))
    baru = Indikator.objects.get(tahun=dunia.tahun_a, kode="surat_tepat")
    assert baru.nama == nama
    for alamat in (url(baru), DAFTAR):
        html = client.get(alamat).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Surat" in html


def test_deleting_a_variable_with_realisasi_is_refused_with_a_message(masuk):
    ind = adminduk()
    data = data_ubah(ind)
    i = next(k.split("-")[1] for k, v in data.items() if k.endswith("-kode") and v == "ktp_usulan")
    data[f"variabel-{i}-DELETE"] = "on"
    data["rumus"] = "ktp_tepat"
    response = masuk("operator_a").post(url(ind), data)
    html = response.content.decode()
    assert "Variabel “ktp_usulan” sudah punya realisasi" in html and "tidak dapat dihapus" in html
    ind.refresh_from_db()
    assert ind.rumus == "ktp_tepat / ktp_usulan * 100" and ind.variabel.filter(kode="ktp_usulan").exists()


def test_a_variable_without_realisasi_can_be_removed(masuk, dunia):
    client = masuk("operator_a")
    client.post(BARU, data_baru())
    baru = Indikator.objects.get(tahun=dunia.tahun_a, kode="surat_tepat")
    data = data_ubah(baru, rumus="surat_tepat")
    i = next(k.split("-")[1] for k, v in data.items() if k.endswith("-kode") and v == "surat_masuk")
    data[f"variabel-{i}-DELETE"] = "on"
    assert client.post(url(baru), data).status_code == 302
    assert list(baru.variabel.values_list("kode", flat=True)) == ["surat_tepat"]


# --- Fixed year, stale edit ---------------------------------------------------------------------------


def test_a_fixed_year_is_refused_and_nothing_changes(masuk, dunia):
    TahunIKI.objects.filter(pk=dunia.tahun_a.pk).update(status="ditetapkan")
    ind = adminduk()
    client = masuk("operator_a")
    html = client.get(url(ind)).content.decode()
    assert "sudah ditetapkan" in html and "<fieldset disabled>" in html
    response = client.post(url(ind), data_ubah(ind, nama="Diubah diam-diam"))
    assert "sudah ditetapkan" in response.content.decode()
    ind.refresh_from_db()
    assert ind.nama != "Diubah diam-diam"
    client.post(BARU, data_baru())
    assert not Indikator.objects.filter(kode="surat_tepat").exists()
    assert "Tambah indikator" not in client.get(DAFTAR).content.decode()


def test_a_stale_edit_is_refused_and_the_current_values_are_shown(masuk):
    ind = adminduk()
    data = data_ubah(ind, nama="Versi saya")
    Indikator.objects.filter(pk=ind.pk).update(nama="Versi rekan")  # saved meanwhile by someone else
    response = masuk("operator_a").post(url(ind), data)
    html = response.content.decode()
    assert "sudah diubah orang lain" in html
    assert "Versi rekan" in html.split('id="form-indikator"')[1]  # the form shows the current value
    assert "Versi saya" in html.split('id="yang-diketik"')[1]  # and what was typed
    ind.refresh_from_db()
    assert ind.nama == "Versi rekan"


# --- Access --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("alamat", [DAFTAR, BARU, PERIKSA + "?rumus=a", "ADMINDUK"])
def test_operator_of_another_unit_gets_404(masuk, alamat):
    alamat = url(adminduk()) if alamat == "ADMINDUK" else alamat
    response = masuk("operator_b").get(alamat)
    assert response.status_code == 404


def test_an_indicator_of_another_unit_under_this_units_url_is_404(masuk, dunia):
    lain = Indikator.objects.get(tahun=dunia.tahun_b, kode="surat")
    response = masuk("operator_a").post(f"/iki/ketapang/2023/indikator/{lain.pk}/", data_ubah(lain, nama="X"))
    assert response.status_code == 404
    lain.refresh_from_db()
    assert lain.nama == "Persentase surat selesai"


@pytest.mark.parametrize("username", ["camat_a", "staf_a", "verifikator_a", "pemantau"])
def test_other_roles_get_403_and_change_nothing(masuk, username):
    ind = adminduk()
    client = masuk(username)
    for alamat in (DAFTAR, url(ind), BARU, PERIKSA + "?rumus=a"):
        assert client.get(alamat).status_code == 403
    response = client.post(url(ind), data_ubah(ind, nama="Diubah"))
    assert response.status_code == 403
    ind.refresh_from_db()
    assert ind.nama != "Diubah"


def test_list_and_check_refuse_post_and_the_form_refuses_put(masuk):
    client = masuk("operator_a")
    assert client.post(DAFTAR).status_code == 405
    assert client.post(PERIKSA).status_code == 405
    assert client.put(BARU).status_code == 405


# --- Live check --------------------------------------------------------------------------------------


def periksa(client, **param):
    response = client.get(PERIKSA, param)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_live_check_answers_the_formula_in_words_and_a_sample(masuk):
    hasil = periksa(masuk("operator_a"), rumus="a : b x 100 %", variabel="a,b")
    assert hasil == {
        "ok": True, "kata": "a : b x 100 %", "contoh": "Contoh: bila a = 1, b = 2, hasilnya 50."
    }
    hasil = periksa(masuk("operator_a"), rumus="a : jumlah_desa %", variabel="a")
    assert hasil["ok"] and hasil["kata"] == "a : 20 desa %" and "hasilnya 5" in hasil["contoh"]


@pytest.mark.parametrize(
    ("param", "potongan"),
    [
        ({"rumus": "a : c", "variabel": "a,b"}, "Nama tidak dikenal: c. Nama yang tersedia: a, b, jumlah_desa."),
        ({"rumus": "a % b", "variabel": "a,b"}, "hanya boleh berada di akhir rumus"),
        ({"rumus": "", "variabel": "a"}, "Rumus wajib diisi"),
        ({"rumus": "a - b", "variabel": "a,b", "jenis": "selisih"}, "harus memakai nama 'target'"),
        ({"rumus": "a x" * 400}, "terlalu panjang"),
    ],
)
def test_live_check_gives_the_indonesian_error(masuk, param, potongan):
    hasil = periksa(masuk("operator_a"), **param)
    assert hasil["ok"] is False and potongan in hasil["pesan"]


def test_rumus_check_uses_the_same_rule_as_saving():
    # The sample result reads constants: a new indicator in a unit with none still answers.
    ind = Indikator(tahun=TahunIKI.objects.get(unit__kode="banyuates", tahun=2023), rumus="a x b", nama="x")
    assert ind.periksa_rumus(["a", "b"]).hitung({"a": Decimal(2), "b": Decimal(3)}) == 6
    assert Sasaran.objects.exists()
