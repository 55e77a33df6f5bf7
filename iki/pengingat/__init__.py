"""Reminders (issue 16): the inbox, the daily and weekly mail (``kirim_pengingat``), the WhatsApp
texts and optional gateway, and the log of what was sent. Reads what waits for whom from
``realisasi`` and the camat's summary from ``capaian``; notifications are written through
``iki.umum.notifikasi`` by the parts where things happen."""
