// A "Cetak" button (data-cetak) prints the page; no inline script (Content Security Policy).
document.querySelectorAll("[data-cetak]").forEach((tombol) => tombol.addEventListener("click", () => window.print()));
