// Bukti dukung: ask before deleting. The list's delete form (templates/iki/bukti/_daftar.html)
// deletes only with "yakin=1"; without this script the server asks on a page of its own.
// (The size check and the shrinking of photos before upload are in foto.js.)
(function () {
  "use strict";

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("form-hapus-bukti")) {
      return;
    }
    if (!window.confirm(form.getAttribute("data-konfirmasi") || "Hapus bukti dukung ini?")) {
      e.preventDefault();
      return;
    }
    if (!form.querySelector("input[name=yakin]")) {
      var yakin = document.createElement("input");
      yakin.type = "hidden";
      yakin.name = "yakin";
      yakin.value = "1";
      form.appendChild(yakin);
    }
  });
})();
