/* Entry screen: live preview of each indicator ("48 dari 50 = 96,00 %") as the user types.
   Numbers are typed the Indonesian way: "1.234" is one thousand two hundred thirty-four and
   the comma is the decimal separator. The server renders the same preview on every page load
   and checks everything again on save; this is only a convenience. */
(function () {
  "use strict";

  var POLA = /^-?(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?$/;

  function parseIndonesia(teks) {
    var bersih = (teks || "").trim();
    if (!bersih || !POLA.test(bersih)) { return null; }
    var angka = Number(bersih.replace(/\./g, "").replace(",", "."));
    return isFinite(angka) ? angka : null;
  }

  function parseMesin(teks) {
    if (teks === undefined || teks === null || teks === "") { return null; }
    var angka = Number(teks);
    return isFinite(angka) ? angka : null;
  }

  function formatIndonesia(angka, desimal) {
    var tetap = (Math.round(angka * Math.pow(10, desimal)) / Math.pow(10, desimal)).toFixed(desimal);
    var bagian = tetap.split(".");
    var bulat = bagian[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return desimal > 0 ? bulat + "," + bagian[1] : bulat;
  }

  function ringkas(angka) {
    return formatIndonesia(angka, Number.isInteger(angka) ? 0 : 2);
  }

  // A variable's value with its decimals (data-desimal-a/-b), more only when the value has them;
  // a constant (no decimals given) as people write it: the server's angka.format_nilai.
  function tampil(angka, desimal) {
    if (desimal === undefined || desimal === "") { return ringkas(angka); }
    var d = Number(desimal);
    for (var ada = 0; ada < 2 && Math.round(angka * Math.pow(10, ada)) / Math.pow(10, ada) !== angka; ada++) { }
    return formatIndonesia(angka, Math.max(d, ada));
  }

  function nilaiSisi(kartu, kode, tetap) {
    var isian = kartu.querySelector('input[data-variabel="' + kode + '"]');
    if (isian) { return parseIndonesia(isian.value); }
    var jumlah = kartu.querySelector('output.jumlah-desa[data-variabel="' + kode + '"]');
    if (jumlah) { return Number(jumlah.textContent); }
    return parseMesin(tetap);
  }

  function perbarui(kartu, keluaran) {
    var a = nilaiSisi(kartu, keluaran.dataset.a, keluaran.dataset.tetapA);
    var b = nilaiSisi(kartu, keluaran.dataset.b, keluaran.dataset.tetapB);
    if (a === null || b === null) {
      keluaran.textContent = "Belum lengkap: isi semua nilai untuk melihat hasilnya.";
      return;
    }
    var hasil;
    if (b === 0) {
      hasil = "tidak dapat dihitung";
    } else {
      var nilai = a / b * Number(keluaran.dataset.kali || "1");
      hasil = keluaran.dataset.satuan === "%"
        ? formatIndonesia(nilai, 2) + "\u00a0%"
        : (formatIndonesia(nilai, 2) + " " + (keluaran.dataset.satuan || "")).trim();
    }
    keluaran.textContent = tampil(a, keluaran.dataset.desimalA) + " dari " + tampil(b, keluaran.dataset.desimalB) +
      " = " + hasil;
  }

  // A per-desa checklist: its value is the number of desa ticked (iki/realisasi/desa.py).
  document.querySelectorAll("fieldset.daftar-desa").forEach(function (daftar) {
    var jumlah = daftar.querySelector("output.jumlah-desa");
    daftar.addEventListener("change", function () {
      jumlah.textContent = daftar.querySelectorAll("input.centang-desa:checked").length;
      var kartu = daftar.closest(".kartu-indikator");
      var keluaran = kartu && kartu.querySelector("output[data-a]");
      if (keluaran) { perbarui(kartu, keluaran); }
    });
  });

  document.querySelectorAll(".kartu-indikator").forEach(function (kartu) {
    var keluaran = kartu.querySelector("output[data-a]");
    if (!keluaran) { return; }
    kartu.querySelectorAll("input[data-variabel]").forEach(function (isian) {
      isian.addEventListener("input", function () { perbarui(kartu, keluaran); });
    });
  });

  var kesalahan = document.getElementById("kesalahan");
  if (kesalahan) { kesalahan.focus(); }

  /* Never lose typed input. The form is #form-entri; its fields sit in the cards (form="…"). */
  var form = document.getElementById("form-entri");
  if (!form) { return; }
  var kunci = form.dataset.kunci;
  var POLA_ISIAN = /^(nilai|kendala|tindak_lanjut)_\d+$/;
  var POLA_CENTANG = /^(desa|tepat)_\d+$/;  // the ticks of a per-desa checklist (one box per desa)
  var mengirim = false;

  function isianForm() {
    return Array.prototype.filter.call(form.elements, function (el) { return POLA_ISIAN.test(el.name); });
  }

  function centangForm() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && POLA_CENTANG.test(el.name);
    });
  }

  function berubah() {
    return isianForm().some(function (el) { return el.value !== el.defaultValue; }) ||
      centangForm().some(function (el) { return el.checked !== el.defaultChecked; });
  }

  function simpanDiPerangkat() {
    var isi = {}, centang = {};
    isianForm().forEach(function (el) { isi[el.name] = el.value; });
    centangForm().forEach(function (el) { centang[el.name + "=" + el.value] = el.checked; });
    try {
      localStorage.setItem(kunci, JSON.stringify({ isi: isi, centang: centang, waktu: Date.now() }));
    } catch (e) { /* full or off */ }
  }

  function bacaDariPerangkat() {
    try { return JSON.parse(localStorage.getItem(kunci) || "null"); } catch (e) { return null; }
  }

  function lupakan() {
    try { localStorage.removeItem(kunci); } catch (e) { /* off */ }
  }

  // Typed input is kept in this browser (per user, unit, year, month) until a save succeeds, so a
  // session that ended, a closed tab or a reload gives it back.
  if (form.hasAttribute("data-tersimpan")) {
    lupakan();
  } else if (!kesalahan) {
    var simpanan = bacaDariPerangkat();
    var dipulihkan = false;
    if (simpanan && simpanan.isi) {
      isianForm().forEach(function (el) {
        var nilai = simpanan.isi[el.name];
        if (typeof nilai === "string" && nilai !== el.value) {
          el.value = nilai;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          dipulihkan = true;
        }
      });
    }
    if (simpanan && simpanan.centang) {
      centangForm().forEach(function (el) {
        var tercentang = simpanan.centang[el.name + "=" + el.value];
        if (typeof tercentang === "boolean" && tercentang !== el.checked) {
          el.checked = tercentang;
          el.dispatchEvent(new Event("change", { bubbles: true }));  // the desa count follows
          dipulihkan = true;
        }
      });
    }
    if (dipulihkan) {
      var catatan = document.getElementById("isian-dipulihkan");
      catatan.hidden = false;
      catatan.focus();
    } else {
      lupakan();
    }
  }

  document.addEventListener("input", function (e) {
    if (e.isTrusted && POLA_ISIAN.test(e.target.name || "") && e.target.form === form) { simpanDiPerangkat(); }
  });
  document.addEventListener("change", function (e) {
    if (e.isTrusted && POLA_CENTANG.test(e.target.name || "") && e.target.form === form) { simpanDiPerangkat(); }
  });

  // Enter moves to the next count (a phone's "next" key), the last one to the save button.
  var angka = Array.prototype.slice.call(document.querySelectorAll("input.input-angka[form=form-entri]"));
  angka.forEach(function (el, i) {
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.isComposing) { return; }
      e.preventDefault();
      var berikut = angka[i + 1] || form.querySelector("button[type=submit]");
      berikut.focus();
      if (berikut.select) { berikut.select(); }
    });
  });

  // After a save the page comes back at the card the user was on (the server adds #indikator-…).
  document.addEventListener("focusin", function (e) {
    var kartu = e.target.closest && e.target.closest(".kartu-indikator[data-indikator]");
    if (kartu) { form.elements.namedItem("kartu").value = kartu.dataset.indikator; }
  });

  // One submission per tap: later taps are ignored while the page is on its way.
  form.addEventListener("submit", function (e) {
    if (form.dataset.mengirim) { e.preventDefault(); return; }
    form.dataset.mengirim = "1";
    simpanDiPerangkat();
    var tombol = e.submitter;
    if (tombol && tombol.name) {
      var aksi = document.createElement("input");
      aksi.type = "hidden";
      aksi.name = tombol.name;
      aksi.value = tombol.value;
      form.appendChild(aksi);
    }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
  // Back to this page from the browser's cache: the buttons work again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) { return; }
    mengirim = false;
    delete form.dataset.mengirim;
    form.querySelectorAll("input[type=hidden][name=aksi]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });

  // Leaving with unsaved changes asks first; a submission (this form or an evidence deletion) does not.
  document.addEventListener("submit", function () { mengirim = true; });
  window.addEventListener("beforeunload", function (e) {
    if (mengirim || !berubah()) { return; }
    e.preventDefault();
    e.returnValue = "";
  });

  // The session ends SESSION_COOKIE_AGE after the last request: warn a few minutes before.
  var umur = Number(form.dataset.sesiDetik), peringatan = Number(form.dataset.peringatanDetik);
  var spanduk = document.getElementById("peringatan-sesi");
  if (umur > 0 && spanduk) {
    window.setTimeout(function () { spanduk.hidden = false; }, Math.max(0, umur - peringatan) * 1000);
    window.setTimeout(function () {
      spanduk.textContent = spanduk.dataset.berakhir;
      spanduk.classList.replace("alert-warning", "alert-danger");
    }, umur * 1000);
  }
})();
