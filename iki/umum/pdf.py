"""The one WeasyPrint render of every PDF the app makes (IKI document, Laporan Capaian, Laporan
IKM, the presensi package).

A report is HTML from a template; here it becomes a PDF with one rule for what it may load:
relative links (``css/cetak.css``, the fonts ``cetak.css`` names) resolve inside the app's own
static folder, found as Django finds static files, and nothing is ever fetched from the network
or from elsewhere on the disk. One ``FontConfiguration`` per document serves the stylesheets and
the HTML, so the embedded font ("IKI Serif", Liberation Serif) is the same in every report.

``render_pdf(html, css=[...]) -> bytes`` for a report; ``dokumen_pdf(...)`` returns the laid-out
WeasyPrint ``Document`` for callers that merge pages (the presensi package) or check the layout.

``pdf_tersimpan(folder, sidik, buat)`` keeps rendered PDFs in Django's default storage under
``cache/<folder>/<sidik>.pdf`` (so several app servers share them): ``sidik`` is a hash of
everything the PDF shows (``sidik(...)``, with ``versi_tata_letak`` of its templates and
stylesheets), so a changed figure is a new name and a stale PDF cannot be served.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import get_template

__all__ = ["CSS_CETAK", "dokumen_pdf", "folder_statis", "pdf_tersimpan", "render_pdf", "sidik", "versi_tata_letak"]

log = logging.getLogger(__name__)

CSS_CETAK = "css/cetak.css"  # the shared print stylesheet (page, font); every report uses it


def folder_statis() -> Path:
    """The static folder the print stylesheet is in: the base of every relative link of a report."""
    jalur = finders.find(CSS_CETAK)
    if not jalur:
        raise FileNotFoundError(f"Berkas statis {CSS_CETAK} tidak ditemukan.")
    return Path(jalur).resolve().parent.parent


def _cari(nama: str) -> str:
    jalur = finders.find(nama)
    if not jalur:
        raise FileNotFoundError(f"Berkas statis {nama} tidak ditemukan.")
    return jalur


@cache
def _kelas_pengambil():
    from weasyprint.urls import URLFetcher

    class PengambilStatis(URLFetcher):
        """Fetches ``data:`` URLs and files inside the static folder; refuses everything else
        (WeasyPrint then leaves the resource out and logs a warning)."""

        def __init__(self, folder: Path):
            super().__init__(allowed_protocols={"file", "data"})
            self.folder = folder

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                jalur = Path(url2pathname(urlsplit(url).path)).resolve()
                if not jalur.is_relative_to(self.folder):
                    raise ValueError(f"Di luar folder statis: {url}")
            return super().fetch(url, headers)

    return PengambilStatis


def dokumen_pdf(html: str, *, css: Sequence[str] = (), css_tambahan: Sequence[str] = (), **opsi):
    """The WeasyPrint ``Document`` (laid-out pages) of ``html``.

    ``css`` are static paths of stylesheets ("css/cetak.css", found as Django finds static
    files); ``css_tambahan`` are stylesheets as text (paper size, running header) applied after
    them. The HTML's own ``<link>`` stylesheets are read too. ``opsi`` are WeasyPrint's
    rendering options.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    folder = folder_statis()
    dasar = f"{folder}/"
    pengambil = _kelas_pengambil()(folder)
    font_config = FontConfiguration()
    lembar = [CSS(filename=_cari(nama), font_config=font_config, url_fetcher=pengambil) for nama in css]
    lembar += [
        CSS(string=teks, base_url=dasar, font_config=font_config, url_fetcher=pengambil) for teks in css_tambahan
    ]
    return HTML(string=html, base_url=dasar, url_fetcher=pengambil).render(
        stylesheets=lembar, font_config=font_config, **opsi
    )


def render_pdf(html: str, *, css: Sequence[str] = (), css_tambahan: Sequence[str] = (), **opsi) -> bytes:
    """The PDF bytes of ``html`` (see ``dokumen_pdf``); ``opsi`` also go to ``write_pdf``
    (e.g. ``uncompressed_pdf=True``)."""
    return dokumen_pdf(html, css=css, css_tambahan=css_tambahan, **opsi).write_pdf(**opsi)


# --- the PDF cache ----------------------------------------------------------------------------


@cache
def versi_tata_letak(templat: tuple[str, ...], css: tuple[str, ...]) -> str:
    """Hash of a report's templates and stylesheets: a deploy that changes them changes every key."""
    h = hashlib.sha256()
    for nama in templat:
        h.update(Path(get_template(nama).origin.name).read_bytes())
    for nama in css:
        h.update(Path(_cari(nama)).read_bytes())
    return h.hexdigest()


def sidik(data: object, *, templat: Sequence[str], css: Sequence[str], lain: Sequence[str] = ()) -> str:
    """sha256 of the plain data a PDF is built from (JSON; dates, Decimals as text), the layout
    version and any further printed inputs (``lain``: paper size, page CSS)."""
    isi = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    h = hashlib.sha256(versi_tata_letak(tuple(templat), tuple(css)).encode())
    for bagian in (*lain, isi):
        h.update(b"\x00" + bagian.encode())
    return h.hexdigest()


def _utuh(data: bytes) -> bool:
    # A file still being written by another server is not served: a whole PDF ends with %%EOF.
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def pdf_tersimpan(folder: str, kunci: str, buat: Callable[[], bytes]) -> tuple[bytes, bool]:
    """(PDF bytes, whether they came from the cache) of the PDF named by ``kunci`` (a ``sidik``);
    ``buat()`` renders it on a miss and the bytes are stored for the next request."""
    nama = f"cache/{folder}/{kunci}.pdf"
    rusak = False
    try:
        with default_storage.open(nama, "rb") as berkas:
            data = berkas.read()
        if _utuh(data):
            return data, True
        rusak = True  # cut short (a crash while writing, or another server writing it now)
    except OSError:
        pass
    data = buat()
    try:
        if rusak:
            default_storage.delete(nama)
        if not default_storage.exists(nama):
            tersimpan = default_storage.save(nama, ContentFile(data))
            if tersimpan != nama:  # another server stored the same PDF at the same moment
                default_storage.delete(tersimpan)
    except OSError:
        log.warning("PDF %s tidak dapat disimpan ke cache", nama, exc_info=True)
    return data, False
