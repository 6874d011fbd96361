// Kiosk: back to a clean form after each rating (the button does it at once).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var next = document.getElementById("kiosk-next");
    if (next) { setTimeout(function () { window.location.replace(next.href); }, 10000); }
  });
})();
