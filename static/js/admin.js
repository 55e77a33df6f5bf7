/* The admin (/pengaturan/): select2's box for an autocomplete field is named by the value shown
   in it, so an empty one has no name for a screen reader (axe: aria-input-field-name). It gets
   the name of its field's label, also when select2 draws it later (a new inline row). */
(function () {
  "use strict";

  function beriNama() {
    document.querySelectorAll(".select2-selection__rendered:not([aria-label])").forEach(function (kotak) {
      var id = (kotak.id || "").replace(/^select2-/, "").replace(/-container$/, "");
      var label = id && document.querySelector('label[for="' + id + '"]');
      var nama = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
      if (nama) { kotak.setAttribute("aria-label", nama); }
    });
  }

  new MutationObserver(beriNama).observe(document.documentElement, { childList: true, subtree: true });
})();
