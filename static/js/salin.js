/* Copy a text to the clipboard: a button [data-salin="<id of a textarea>"] (hidden until this
   script shows it; without JavaScript the text is selected by hand). Tries the Clipboard API,
   then the older select-and-copy; either way the text is left selected and the outcome said in
   the #status-salin live region. A textarea[data-pilih-semua] selects all its text on focus. */
(function () {
  "use strict";

  function kabar(teks) {
    var status = document.getElementById("status-salin");
    if (status) { status.textContent = teks; }
  }

  function pilih(kotak) {
    kotak.focus();
    kotak.select();
    kotak.setSelectionRange(0, kotak.value.length);
  }

  function salinLama(kotak) {
    pilih(kotak);
    var berhasil = false;
    try { berhasil = document.execCommand("copy"); } catch (e) { berhasil = false; }
    kabar(berhasil ? "Teks disalin. Tempel di grup WhatsApp." : "Teks sudah dipilih: salin dengan Ctrl+C atau menu ponsel.");
  }

  document.querySelectorAll("[data-salin]").forEach(function (tombol) {
    var kotak = document.getElementById(tombol.getAttribute("data-salin"));
    if (!kotak) { return; }
    tombol.hidden = false;
    tombol.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(kotak.value).then(function () {
          pilih(kotak);
          kabar("Teks disalin. Tempel di grup WhatsApp.");
        }, function () { salinLama(kotak); });
      } else {
        salinLama(kotak);
      }
    });
  });

  document.querySelectorAll("textarea[data-pilih-semua]").forEach(function (kotak) {
    kotak.addEventListener("focus", function () { kotak.select(); });
  });
})();
