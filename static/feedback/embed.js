// Inside the widget's frame: tell the host page how tall the content is, and that a
// rating was sent (the host moves focus and may close its dialog).
(function () {
  function report() {
    var height = document.documentElement.scrollHeight;
    window.parent.postMessage({ kcRating: "height", height: height }, "*");
  }
  document.addEventListener("DOMContentLoaded", function () {
    report();
    if (document.querySelector(".govuk-panel--confirmation")) {
      window.parent.postMessage({ kcRating: "sent" }, "*");
    }
    new ResizeObserver(report).observe(document.body);
  });
})();
