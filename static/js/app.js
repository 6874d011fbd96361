// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen reader users hear the problems first.
  var summary = document.querySelector(".govuk-error-summary");
  if (summary) { summary.focus(); }
});
document.addEventListener("htmx:afterSwap", function (event) {
  var summary = event.detail.target.querySelector(".govuk-error-summary");
  if (summary) { summary.focus(); }
});
// A button that copies a text shown on the page (a new API key). It is hidden in the HTML,
// so without JavaScript the text is simply there to select.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () { if (status) { status.textContent = button.getAttribute("data-copied"); } },
        function () { if (status) { status.textContent = button.getAttribute("data-copy-failed"); } }
      );
    });
  });
});
