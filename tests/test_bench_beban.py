"""The load test's own parts (bench/bench_beban.py): the bare table page exists only under the
bench settings and guards like the dashboard it stands beside; the tables it shows are the
dashboard's own cells; only the loopback address is ever loaded."""

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from bench import bench_beban, tabel_polos

URL = "/bench/tabel-polos/ketapang/2023/"


@pytest.fixture
def tabel(tmp_path, monkeypatch):
    berkas = tmp_path / "tabel.json"
    halaman = (
        b'<table><tr><th>Indikator</th><th>Capaian</th></tr>'
        b'<tr><td class="angka" title="Mei: 48 dari 50">96,00 %</td><td>Baik <b>&amp; naik</b></td></tr></table>'
    )
    assert bench_beban.salin_tabel(halaman, "Tabel polos Kecamatan Ketapang", berkas) == 2
    monkeypatch.setenv("IKI_BEBAN_TABEL", str(berkas))
    tabel_polos._isi.cache_clear()
    yield berkas
    tabel_polos._isi.cache_clear()


def test_the_bare_page_is_not_in_the_production_urls():
    with pytest.raises(Resolver404):
        resolve(URL)


@override_settings(ROOT_URLCONF="bench.urls_beban")
def test_the_camat_gets_the_dashboard_cells_in_a_plain_table(dunia, masuk, tabel):
    response = masuk("camat_a").get(URL)
    isi = response.content.decode()
    assert response.status_code == 200
    assert "Tabel polos Kecamatan Ketapang" in isi
    assert '<td class="angka" title="Mei: 48 dari 50">96,00 %</td>' in isi
    assert "Baik &amp; naik" in isi  # text cells escaped again, as any template prints them


@override_settings(ROOT_URLCONF="bench.urls_beban")
def test_another_units_user_gets_404_and_a_staf_403_and_a_post_405(dunia, masuk, tabel):
    assert masuk("operator_b").get(URL).status_code == 404
    assert masuk("staf_a").get(URL).status_code == 403
    assert masuk("camat_a").post(URL).status_code == 405


def test_only_the_loopback_address_is_loaded():
    assert bench_beban.periksa_alamat("127.0.0.1") == "127.0.0.1"
    for lain in ("0.0.0.0", "192.168.1.10", "localhost", "example.org"):
        with pytest.raises(SystemExit, match="hanya ke 127.0.0.1"):
            bench_beban.periksa_alamat(lain)


def test_the_load_test_never_gets_the_configured_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://pengguna@db.kantor/iki")
    monkeypatch.delenv("IKI_BEBAN_DATABASE_URL", raising=False)
    env = bench_beban._env(tmp_path)
    assert "DATABASE_URL" not in env and env["IKI_DATA_DIR"] == str(tmp_path)
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings_beban"
    monkeypatch.setenv("IKI_BEBAN_DATABASE_URL", "postgres://localhost/iki_beban")
    assert bench_beban._env(tmp_path)["DATABASE_URL"] == "postgres://localhost/iki_beban"
