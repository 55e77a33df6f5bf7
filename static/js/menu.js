/* The menu button on a phone (and any other data-bs-toggle="collapse" button): shows or hides
   its target. This is all the app asked of Bootstrap's 80 KB script; a page that needs more of
   Bootstrap (a modal, a dropdown) loads static/vendor/bootstrap/bootstrap.bundle.min.js in its
   own "skrip" block. */
(function () {
  "use strict";

  // "Akun saya" (a <details> in the menu bar) closes on a click elsewhere and on Escape.
  function tutupAkun(kecuali) {
    document.querySelectorAll("details.akun-saya[open]").forEach(function (d) {
      if (d !== kecuali) { d.open = false; }
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { tutupAkun(null); }
  });

  document.addEventListener("click", function (e) {
    tutupAkun(e.target.closest("details.akun-saya"));
    var tombol = e.target.closest('[data-bs-toggle="collapse"]');
    if (!tombol) { return; }
    var sasaran = document.querySelector(tombol.getAttribute("data-bs-target") || tombol.getAttribute("href"));
    if (!sasaran) { return; }
    e.preventDefault();
    var buka = sasaran.classList.toggle("show");
    document.querySelectorAll('[data-bs-toggle="collapse"]').forEach(function (t) {
      if (document.querySelector(t.getAttribute("data-bs-target") || t.getAttribute("href")) === sasaran) {
        t.setAttribute("aria-expanded", buka ? "true" : "false");
        t.classList.toggle("collapsed", !buka);
      }
    });
  });
})();
