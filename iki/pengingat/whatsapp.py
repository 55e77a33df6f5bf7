"""The optional WhatsApp gateway: a generic HTTP endpoint as the gateways Indonesian offices use
accept (Fonnte, Wablas and the like): POST ``target`` (628…) and ``message`` as a form, the token
in the ``Authorization`` header. Off while ``IKI_WA_GATEWAY_URL`` is empty. Only
``kirim_pengingat --whatsapp`` calls it, never a web request; nothing of the message is logged.
The number (``teks.nomor_whatsapp``) and the text (``daftar.teks_pribadi``) are the screen's.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class GagalKirim(Exception):
    """The gateway refused or could not be reached; the text says why (never the message)."""


def aktif() -> bool:
    return bool(settings.IKI_WA_GATEWAY_URL)


def kirim(nomor: str, pesan: str) -> None:
    """Send ``pesan`` to ``nomor`` (628…) through the gateway; raises GagalKirim."""
    url = settings.IKI_WA_GATEWAY_URL
    if not url.startswith(("https://", "http://")):
        raise GagalKirim("IKI_WA_GATEWAY_URL harus diawali http:// atau https://")
    badan = urllib.parse.urlencode({"target": nomor, "message": pesan}).encode()
    permintaan = urllib.request.Request(
        url,
        data=badan,
        method="POST",
        headers={
            "Authorization": settings.IKI_WA_GATEWAY_TOKEN,
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        },
    )
    try:
        with urllib.request.urlopen(permintaan, timeout=settings.IKI_WA_TIMEOUT) as jawaban:  # noqa: S310
            isi = jawaban.read(10_000)
    except urllib.error.HTTPError as e:
        raise GagalKirim(f"gateway menjawab HTTP {e.code}") from None
    except (urllib.error.URLError, OSError) as e:
        alasan = getattr(e, "reason", e)
        raise GagalKirim(f"gateway tidak dapat dihubungi ({type(alasan).__name__}: {alasan})") from None
    # Fonnte/Wablas answer 200 with {"status": false, "reason": …} when they refuse.
    try:
        data = json.loads(isi)
    except ValueError:
        return
    if isinstance(data, dict) and data.get("status") is False:
        raise GagalKirim(f"gateway menolak: {str(data.get('reason') or data.get('detail') or 'tanpa alasan')[:150]}")
