/* Survei IKM: keyboard-only entry of a stack of paper questionnaires, and the sample-size hint.
   No inline script (CSP script-src 'self'); everything hangs on data-* attributes.

   In a form marked data-ikm-cepat, fields marked data-urut form the typing order:
   - answer fields (data-ikm-jawaban): a key 1–4 fills the field and moves on; Space or 0 leaves
     it blank and moves on; other keys are refused with a spoken hint; Backspace on an empty field
     goes back;
   - letter fields (data-ikm-huruf="LP"): one of the letters fills it and moves on;
   - number fields (data-ikm-angka="2"): move on after that many digits;
   - the date (data-ikm-tanggal): "05052023" is written 05/05/2023 and moves on;
   - selects (data-ikm-pilih): a digit picks the option numbered so ("3 · SMA") and moves on;
   - Enter anywhere saves (the server answers with a fresh form for the next questionnaire). */
(function () {
  "use strict";

  function inisialisasiCepat(form) {
    var urutan = Array.prototype.slice.call(form.querySelectorAll("[data-urut]"));
    var pesan = form.querySelector("#pesan-cepat");
    var tombol = form.querySelector("button[type=submit]");

    function kabari(teks) {
      if (pesan) { pesan.textContent = teks; }
    }

    function pindah(el, arah) {
      var i = urutan.indexOf(el) + arah;
      if (i >= urutan.length) {
        if (tombol) { tombol.focus(); }
        return;
      }
      if (i < 0) { return; }
      var tujuan = urutan[i];
      tujuan.focus();
      if (typeof tujuan.select === "function" && tujuan.tagName === "INPUT") {
        tujuan.select();
      }
    }

    function simpan() {
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    }

    function tombolBiasa(e) {
      return e.ctrlKey || e.altKey || e.metaKey || e.key === "Tab" || e.key.indexOf("Arrow") === 0 ||
        e.key === "Home" || e.key === "End" || e.key === "Escape";
    }

    urutan.forEach(function (el) {
      if (el.hasAttribute("data-ikm-jawaban")) {
        el.addEventListener("keydown", function (e) {
          if (tombolBiasa(e) || e.key === "Enter") { return; }
          if (e.key === "Backspace" || e.key === "Delete") {
            if (el.value === "" && e.key === "Backspace") { e.preventDefault(); pindah(el, -1); }
            return;
          }
          if (e.key.length !== 1) { return; }  // phones send "Unidentified": the input handler below copes
          e.preventDefault();
          if (/^[1-4]$/.test(e.key)) {
            el.value = e.key;
            el.classList.remove("is-invalid");
            kabari("");
            pindah(el, 1);
          } else if (e.key === " " || e.key === "0") {
            el.value = "";
            kabari(el.id.replace("id_", "") + " dibiarkan kosong.");
            pindah(el, 1);
          } else if (e.key.length === 1) {
            kabari("Jawaban hanya 1, 2, 3 atau 4 (spasi untuk kosong).");
          }
        });
        el.addEventListener("input", function () {
          var v = el.value.trim();
          if (/^[1-4]$/.test(v)) { kabari(""); pindah(el, 1); } else if (v !== "") {
            el.value = "";
            kabari("Jawaban hanya 1, 2, 3 atau 4 (spasi untuk kosong).");
          }
        });
      } else if (el.hasAttribute("data-ikm-huruf")) {
        var huruf = el.getAttribute("data-ikm-huruf").toUpperCase();
        el.addEventListener("keydown", function (e) {
          if (tombolBiasa(e) || e.key === "Enter" || e.key === "Backspace" || e.key === "Delete") { return; }
          if (e.key.length !== 1) { return; }
          e.preventDefault();
          var k = e.key.toUpperCase();
          if (huruf.indexOf(k) >= 0) {
            el.value = k;
            kabari("");
            pindah(el, 1);
          } else if (k === " " || k === "0") {
            el.value = "";
            pindah(el, 1);
          } else {
            kabari("Isi " + huruf.split("").join(" atau ") + ".");
          }
        });
      } else if (el.hasAttribute("data-ikm-tanggal")) {
        // "05052023" becomes 05/05/2023; a whole date moves on to the next field.
        el.addEventListener("input", function () {
          var v = el.value.trim();
          if (/^\d{8}$/.test(v)) {
            el.value = v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4);
            pindah(el, 1);
          } else if (/^\d{1,2}[\/-]\d{1,2}[\/-]\d{4}$/.test(v)) {
            pindah(el, 1);
          }
        });
      } else if (el.hasAttribute("data-ikm-angka")) {
        var panjang = parseInt(el.getAttribute("data-ikm-angka"), 10);
        el.addEventListener("input", function () {
          if (/^\d+$/.test(el.value) && el.value.length >= panjang) { pindah(el, 1); }
        });
        el.addEventListener("keydown", function (e) {
          if (e.key === " ") { e.preventDefault(); pindah(el, 1); }
        });
      } else if (el.tagName === "SELECT" && el.hasAttribute("data-ikm-pilih")) {
        el.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); simpan(); return; }
          if (tombolBiasa(e)) { return; }
          if (/^[0-9]$/.test(e.key)) {
            e.preventDefault();
            var n = parseInt(e.key, 10);
            if (n < el.options.length) {
              el.selectedIndex = n;
              el.dispatchEvent(new Event("change", { bubbles: true }));
              kabari("");
              pindah(el, 1);
            } else {
              kabari("Pilihan " + n + " tidak ada.");
            }
          } else if (e.key === " ") {
            e.preventDefault();
            pindah(el, 1);
          }
        });
      }
    });
  }

  function inisialisasiSampel() {
    var keluaran = document.getElementById("saran-sampel");
    var masukan = document.querySelector("[data-ikm-populasi]");
    if (!keluaran || !masukan) { return; }
    var tabel = (keluaran.getAttribute("data-tabel") || "").split(",").map(function (p) {
      var bagian = p.split(":");
      return [parseInt(bagian[0], 10), parseInt(bagian[1], 10)];
    });
    function format(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
    function perbarui() {
      var teks = masukan.value.trim().replace(/\./g, "");
      if (!/^\d+$/.test(teks)) { keluaran.textContent = ""; return; }
      var populasi = parseInt(teks, 10);
      var sampel = tabel[tabel.length - 1][1];
      for (var i = 0; i < tabel.length; i++) {
        if (populasi <= tabel[i][0]) { sampel = Math.min(tabel[i][1], populasi); break; }
      }
      keluaran.textContent = "Sampel minimal (tabel Krejcie–Morgan): " + format(sampel) + " responden.";
    }
    masukan.addEventListener("input", perbarui);
    perbarui();
  }

  document.querySelectorAll("form[data-ikm-cepat]").forEach(inisialisasiCepat);
  inisialisasiSampel();
})();
