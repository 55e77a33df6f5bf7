// Bukti dukung: ask before deleting, and warn about a file over the limit before it is sent
// (the server checks again; this only saves a long upload on a slow connection).
(function () {
  "use strict";

  function formatMB(bita) {
    return (bita / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.classList.contains("form-hapus-bukti")) {
      if (!window.confirm(form.getAttribute("data-konfirmasi") || "Hapus bukti dukung ini?")) {
        e.preventDefault();
      }
    }
  });

  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][data-maks-bita]")) {
      return;
    }
    var maks = parseInt(input.getAttribute("data-maks-bita"), 10);
    var berkas = input.files && input.files[0];
    if (berkas && berkas.size > maks) {
      var batas = Math.round(maks / (1024 * 1024)) + " MB";
      // 5 MB and one byte shows as "5,0 MB", which reads as within the limit (iki.berkas.format_lebih).
      var besar = formatMB(berkas.size) === formatMB(maks) ? "lebih dari " + batas : formatMB(berkas.size);
      input.setCustomValidity("Berkas terlalu besar: " + besar + " (maksimal " + batas + ").");
      input.reportValidity();
    } else {
      input.setCustomValidity("");
    }
  });
})();
