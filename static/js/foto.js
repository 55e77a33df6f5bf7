// Photos of evidence taken on a phone, before they are sent: for every
// <input type="file" data-foto> on the page,
// - a JPEG/PNG photo larger than 1.5 MB or wider/taller than 2000 px is shrunk here (long side at
//   most 2000 px, JPEG quality 0.8, the orientation the phone recorded) and put back into the input,
//   so a 6 MB camera photo goes up as a readable JPEG of well under 1 MB;
// - a file still larger than data-batas (the server's limit, iki.umum.berkas.MAKS_BITA, given to
//   templates as batas_bukti) is not sent: the input is emptied and the reason shown;
// - an iPhone HEIC/HEIF photo is not sent either, with what to do instead (iki.umum.berkas.PESAN_HEIC
//   says the same on the server).
// Messages go to the element whose id is the value of data-foto (aria-live), or one made next to
// the input. A form submitted while a photo is being shrunk waits for it, then is sent.
// The server checks every file again; this saves a long upload on a slow connection.
(function () {
  "use strict";

  var BATAS_FOTO = 1.5 * 1024 * 1024;
  var SISI_MAKS = 2000;
  var MUTU = 0.8;
  var PESAN_HEIC =
    "Foto HEIC dari iPhone belum dapat diterima: ubah Pengaturan › Kamera › Format ke " +
    "'Paling Kompatibel', atau kirim sebagai JPEG/PDF.";
  var MEREK_HEIC = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"];

  function koma(angka) {
    return angka.toFixed(1).replace(".", ",");
  }

  // As iki.umum.berkas.format_ukuran / format_batas.
  function ukuran(bita) {
    if (bita < 1024) {
      return bita + " bita";
    }
    if (bita < 1024 * 1024) {
      return koma(bita / 1024) + " KB";
    }
    return koma(bita / (1024 * 1024)) + " MB";
  }

  function batasTeks(bita) {
    return bita % (1024 * 1024) === 0 ? bita / (1024 * 1024) + " MB" : ukuran(bita);
  }

  // As iki.umum.berkas.pesan_terlalu_besar: 5 MB and one byte is "lebih dari 5 MB", not "5,0 MB".
  function pesanTerlaluBesar(besar, maks) {
    var teks = ukuran(besar) === ukuran(maks) ? "lebih dari " + batasTeks(maks) : ukuran(besar);
    return "Berkas terlalu besar: " + teks + " (maksimal " + batasTeks(maks) + "). Perkecil atau pisahkan berkasnya.";
  }

  function kotakPesan(input) {
    var id = input.getAttribute("data-foto");
    var kotak = id ? document.getElementById(id) : null;
    if (!kotak) {
      kotak = document.createElement("div");
      kotak.className = "pesan-foto small";
      kotak.id = id || "pesan-foto-" + (input.id || input.name || Math.random().toString(36).slice(2));
      kotak.setAttribute("aria-live", "polite");
      var acuan = input.closest(".input-group") || input;
      acuan.insertAdjacentElement("afterend", kotak);
      input.setAttribute("data-foto", kotak.id);
    }
    return kotak;
  }

  function tulis(input, teks, salah) {
    var kotak = kotakPesan(input);
    kotak.textContent = teks;
    kotak.classList.toggle("text-danger", !!salah);
    kotak.classList.toggle("text-success", !salah && !!teks);
  }

  function bacaKepala(berkas) {
    if (!berkas.slice || !window.Response) {
      return Promise.resolve(new Uint8Array(0));
    }
    return new Response(berkas.slice(0, 64)).arrayBuffer().then(function (b) {
      return new Uint8Array(b);
    });
  }

  function teks4(kepala, mulai) {
    return String.fromCharCode.apply(null, Array.prototype.slice.call(kepala, mulai, mulai + 4));
  }

  // "heic", "jpeg", "png" or "lain", by the first bytes (the name and type only for HEIC, which
  // some phones label but whose bytes a browser may already have converted).
  function jenis(kepala, berkas) {
    if (kepala.length >= 16 && teks4(kepala, 4) === "ftyp") {
      var panjang = Math.min(((kepala[0] << 24) | (kepala[1] << 16) | (kepala[2] << 8) | kepala[3]) >>> 0, kepala.length);
      var merek = [teks4(kepala, 8)];
      for (var i = 16; i + 4 <= panjang; i += 4) {
        merek.push(teks4(kepala, i));
      }
      var avif = merek.indexOf("avif") >= 0 || merek.indexOf("avis") >= 0;
      if (MEREK_HEIC.indexOf(merek[0]) >= 0 && !avif) {
        return "heic";
      }
      return "lain";
    }
    if (kepala[0] === 0xff && kepala[1] === 0xd8 && kepala[2] === 0xff) {
      return "jpeg";
    }
    if (kepala[0] === 0x89 && teks4(kepala, 1).slice(0, 3) === "PNG") {
      return "png";
    }
    if (kepala.length === 0 && /^image\/(jpeg|png)$/.test(berkas.type)) {
      return berkas.type === "image/png" ? "png" : "jpeg";
    }
    if (/^image\/hei[cf]/i.test(berkas.type) || /\.hei[cf]$/i.test(berkas.name)) {
      return "heic";
    }
    return "lain";
  }

  // Decoded without a blob: URL (which the page's Content Security Policy does not allow for
  // images), in the orientation the phone recorded in the photo's EXIF.
  function muatGambar(berkas) {
    if (!window.createImageBitmap) {
      return Promise.reject(new Error("createImageBitmap tidak tersedia"));
    }
    return createImageBitmap(berkas, { imageOrientation: "from-image" }).catch(function () {
      return createImageBitmap(berkas); // a browser that knows no options (it orients by default)
    });
  }

  // The shrunk JPEG as a File, or null when the photo is small enough as it is.
  function perkecil(berkas) {
    return muatGambar(berkas).then(function (gambar) {
      var lebar = gambar.width;
      var tinggi = gambar.height;
      var sisi = Math.max(lebar, tinggi);
      if (berkas.size <= BATAS_FOTO && sisi <= SISI_MAKS) {
        gambar.close();
        return null;
      }
      var skala = Math.min(1, SISI_MAKS / sisi);
      var kanvas = document.createElement("canvas");
      kanvas.width = Math.max(1, Math.round(lebar * skala));
      kanvas.height = Math.max(1, Math.round(tinggi * skala));
      var ctx = kanvas.getContext("2d");
      ctx.fillStyle = "#fff"; // a PNG's transparency becomes white, not black
      ctx.fillRect(0, 0, kanvas.width, kanvas.height);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "high";
      ctx.drawImage(gambar, 0, 0, kanvas.width, kanvas.height);
      gambar.close();
      return new Promise(function (selesai) {
        kanvas.toBlob(selesai, "image/jpeg", MUTU);
      }).then(function (blob) {
        if (!blob || (blob.size >= berkas.size && sisi <= SISI_MAKS)) {
          return null;
        }
        var nama = (berkas.name || "foto").replace(/\.[^.\/]*$/, "") + ".jpg";
        return new File([blob], nama, { type: "image/jpeg", lastModified: berkas.lastModified || Date.now() });
      });
    });
  }

  function tolak(input, teks) {
    input.value = ""; // nothing is sent; the rest of the form (typed values) still is
    tulis(input, teks, true);
  }

  function periksa(input) {
    var daftar = Array.prototype.slice.call(input.files || []);
    var batas = parseInt(input.getAttribute("data-batas") || "0", 10);
    if (!daftar.length) {
      tulis(input, "", false);
      return Promise.resolve();
    }
    var hasil = [];
    var catatan = [];
    var diganti = false;
    var ditolak = null;

    var langkah = daftar.reduce(function (sebelum, berkas) {
      return sebelum.then(function () {
        if (ditolak) {
          return;
        }
        return bacaKepala(berkas)
          .then(function (kepala) {
            var j = jenis(kepala, berkas);
            if (j === "heic") {
              ditolak = PESAN_HEIC;
              return;
            }
            if (j !== "jpeg" && j !== "png") {
              return berkas;
            }
            tulis(input, "Memperkecil foto " + berkas.name + " …", false);
            return perkecil(berkas).then(
              function (kecil) {
                if (!kecil) {
                  return berkas;
                }
                diganti = true;
                catatan.push("Foto " + kecil.name + " diperkecil dari " + ukuran(berkas.size) + " menjadi " + ukuran(kecil.size) + ".");
                return kecil;
              },
              function () {
                return berkas; // not decodable here: the size check and the server decide
              }
            );
          })
          .then(function (berkasAkhir) {
            if (!berkasAkhir || ditolak) {
              return;
            }
            if (batas > 0 && berkasAkhir.size > batas) {
              ditolak = pesanTerlaluBesar(berkasAkhir.size, batas);
              return;
            }
            hasil.push(berkasAkhir);
          });
      });
    }, Promise.resolve());

    return langkah.then(function () {
      if (ditolak) {
        tolak(input, ditolak);
        return;
      }
      if (diganti) {
        try {
          var dt = new DataTransfer();
          hasil.forEach(function (b) {
            dt.items.add(b);
          });
          input.files = dt.files;
        } catch (e) {
          // An old browser that cannot put a file back: the original goes if it is within the limit.
          catatan = [];
          if (daftar.some(function (b) { return batas > 0 && b.size > batas; })) {
            tolak(input, pesanTerlaluBesar(Math.max.apply(null, daftar.map(function (b) { return b.size; })), batas));
            return;
          }
        }
      }
      tulis(input, catatan.join(" "), false);
    });
  }

  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches("input[type=file][data-foto]")) {
      return;
    }
    input.setCustomValidity("");
    var giliran = (input.fotoGiliran || 0) + 1; // a newer pick wins over one still being shrunk
    input.fotoGiliran = giliran;
    var proses = periksa(input).catch(function () {
      tulis(input, "Foto tidak dapat diproses di perangkat ini; berkas dikirim apa adanya.", false);
    });
    input.fotoProses = proses;
    proses.then(function () {
      if (input.fotoGiliran === giliran) {
        input.fotoProses = null;
      }
    });
  });

  // A form sent while a photo is still being shrunk waits for it (the first tap is not lost).
  document.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      var menunggu = Array.prototype.filter
        .call(form.elements || [], function (el) {
          return el.matches && el.matches("input[type=file][data-foto]") && el.fotoProses;
        })
        .map(function (el) {
          return el.fotoProses;
        });
      if (!menunggu.length) {
        return;
      }
      e.preventDefault();
      e.stopImmediatePropagation();
      var pengirim = e.submitter || null;
      Promise.all(menunggu).then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(pengirim);
        } else {
          form.submit();
        }
      });
    },
    true
  );
})();
