/* Indicator page: checks the formula while the operator types (the server's own check, asked at
   /iki/<unit>/<tahun>/rumus/periksa/ with the variable codes on the form) and adds variable rows.
   Without this script the same check happens when the form is saved. */
(function () {
  "use strict";

  var form = document.getElementById("form-indikator");
  if (!form) { return; }
  var rumus = document.getElementById("id_rumus");
  var jenis = document.getElementById("id_jenis");
  var pesan = document.getElementById("rumus-periksa");
  var total = document.getElementById("id_variabel-TOTAL_FORMS");
  var jeda = null;
  var nomor = 0;

  function kodeVariabel() {
    var kode = [];
    form.querySelectorAll("input[name^='variabel-'][name$='-kode']").forEach(function (isian) {
      var hapus = form.querySelector("input[name='" + isian.name.replace(/-kode$/, "-DELETE") + "']");
      var teks = isian.value.trim();
      if (teks && !(hapus && hapus.checked)) { kode.push(teks); }
    });
    return kode;
  }

  function tulis(teks, kelas) {
    pesan.textContent = teks;
    pesan.className = "small mb-3 " + kelas;
  }

  function periksa() {
    if (!rumus) { return; }
    var ke = ++nomor;
    var alamat = form.dataset.periksa + "?" + new URLSearchParams({
      rumus: rumus.value,
      variabel: kodeVariabel().join(","),
      jenis: jenis ? jenis.value : "rumus"
    }).toString();
    fetch(alamat, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (ke !== nomor) { return; } // an answer to an older text
        if (data.ok) {
          tulis("Rumus dapat dihitung." + (data.kata ? " Tercetak: " + data.kata + "." : "") +
                (data.contoh ? " " + data.contoh : ""), "text-success");
          rumus.classList.remove("is-invalid");
        } else {
          tulis(data.pesan, "text-danger");
          rumus.classList.add("is-invalid");
        }
      })
      .catch(function () {
        if (ke === nomor) { tulis("Rumus belum dapat diperiksa sekarang; diperiksa lagi saat disimpan.", "text-muted"); }
      });
  }

  function nanti() {
    window.clearTimeout(jeda);
    jeda = window.setTimeout(periksa, 400);
  }

  if (rumus) { rumus.addEventListener("input", nanti); }
  if (jenis) { jenis.addEventListener("change", nanti); }
  form.addEventListener("input", function (e) {
    if (e.target.name && /^variabel-.*-kode$/.test(e.target.name)) { nanti(); }
  });
  form.addEventListener("change", function (e) {
    if (e.target.name && /-DELETE$/.test(e.target.name)) { nanti(); }
  });

  var tombol = document.getElementById("tambah-variabel");
  var templat = document.getElementById("variabel-kosong");
  var wadah = document.getElementById("variabel-baris");
  if (tombol && templat && wadah && total) {
    tombol.classList.remove("d-none");
    var tanpaJs = document.getElementById("tanpa-js");
    if (tanpaJs) { tanpaJs.classList.add("d-none"); }
    tombol.addEventListener("click", function () {
      var i = Number(total.value);
      var baru = document.createElement("div");
      baru.innerHTML = templat.innerHTML.replace(/__prefix__/g, String(i));
      while (baru.firstChild) { wadah.appendChild(baru.firstChild); }
      total.value = String(i + 1);
      var kode = wadah.querySelector("input[name='variabel-" + i + "-kode']");
      if (kode) { kode.focus(); }
    });
  }
})();
