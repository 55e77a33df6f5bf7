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

  document.querySelectorAll(".kartu-indikator").forEach(function (kartu) {
    var keluaran = kartu.querySelector("output[data-a]");
    if (!keluaran) { return; }
    kartu.querySelectorAll("input[data-variabel]").forEach(function (isian) {
      isian.addEventListener("input", function () { perbarui(kartu, keluaran); });
    });
  });

  var kesalahan = document.getElementById("kesalahan");
  if (kesalahan) { kesalahan.focus(); }
})();
