"""Loading the Ketapang 2023 set with a year of demo counts (the `make run` step)."""

import time


def run():
    from iki.set_iki.data import ketapang_2023
    from iki.set_iki.muat import muat_iki

    mulai = time.perf_counter()
    muat_iki(ketapang_2023, contoh=True)
    pertama = time.perf_counter() - mulai
    mulai = time.perf_counter()
    muat_iki(ketapang_2023, contoh=True)
    ulang = time.perf_counter() - mulai
    return [
        {"name": "muat_ketapang_s", "value": round(pertama, 3), "unit": "s"},
        {"name": "muat_ketapang_ulang_s", "value": round(ulang, 3), "unit": "s"},
    ]
