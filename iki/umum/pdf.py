"""The one WeasyPrint render of every PDF the app makes (IKI document, Laporan Capaian, Laporan
IKM, the presensi package).

A report is HTML from a template; here it becomes a PDF with one rule for what it may load:
relative links (``css/cetak.css``, the fonts ``cetak.css`` names) resolve inside the app's own
static folder, found as Django finds static files, and nothing is ever fetched from the network
or from elsewhere on the disk. One ``FontConfiguration`` per document serves the stylesheets and
the HTML, so the embedded font ("IKI Serif", Liberation Serif) is the same in every report.

``render_pdf(html, css=[...]) -> bytes`` for a report; ``dokumen_pdf(...)`` returns the laid-out
WeasyPrint ``Document`` for callers that merge pages (the presensi package) or check the layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders

__all__ = ["CSS_CETAK", "dokumen_pdf", "folder_statis", "render_pdf"]

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
