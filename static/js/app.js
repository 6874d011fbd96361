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
