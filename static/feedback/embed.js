// Inside the widget's frame: tell the host page how tall the content is (so the frame
// fits it, shrinking too), and that a rating was sent: the thank-you takes the focus, and
// its «Закрыть» asks the host to close its dialog.
(function () {
  function report() {
    // The content's own height: the document's scrollHeight is never less than the frame,
    // so a frame once grown tall would never shrink back around the thank-you.
    var main = document.getElementById("main") || document.body;
    var height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY +
      parseFloat(window.getComputedStyle(main).marginBottom || "0"));
    window.parent.postMessage({ kcRating: "height", height: height }, "*");
  }
  document.addEventListener("DOMContentLoaded", function () {
    report();
    var thanks = document.getElementById("kc-thanks");
    if (thanks) {
      window.parent.postMessage({ kcRating: "sent" }, "*");
      window.scrollTo(0, 0);
      thanks.focus();
      var close = document.querySelector("[data-kc-close]");
      if (close) {
        close.addEventListener("click", function () {
          window.parent.postMessage({ kcRating: "close" }, "*");
        });
      }
    }
    new ResizeObserver(report).observe(document.body);
  });
})();

// Clickjacking guard: a rating sent from the frame counts only if the form was in front
// of the client. IntersectionObserver v2 (trackVisibility) says whether the form is seen
// as it is — not made transparent, filtered, distorted or covered by the host page; the
// hidden field "seen" carries what it said when the form was sent. A browser without
// IOv2 asks the client to confirm in a second step, in another place of the frame.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.kc-rating-form");
    var seen = form && form.querySelector("input[name='seen']");
    if (!seen) { return; }
    var supported = "IntersectionObserver" in window && "IntersectionObserverEntry" in window &&
      "isVisible" in window.IntersectionObserverEntry.prototype;
    var visible = false;
    if (supported) {
      try {
        new IntersectionObserver(function (entries) {
          entries.forEach(function (entry) {
            if ("isVisible" in entry) { visible = entry.isVisible; } else { supported = false; }
          });
        }, { threshold: [0], trackVisibility: true, delay: 100 }).observe(form);
      } catch (error) {
        supported = false;
      }
    }

    var box = document.getElementById("kc-confirm");
    var score = box && box.querySelector("[data-kc-score]");
    var confirmed = false;
    function ask() {
      var checked = form.querySelector("input[name='csat']:checked");
      var label = checked && form.querySelector("label[for='" + checked.id + "']");
      if (score) { score.textContent = label ? label.textContent.trim() : ""; }
      box.hidden = false;
      box.scrollIntoView({ block: "start" });
      box.focus();
    }
    if (box) {
      box.querySelector("[data-kc-confirm]").addEventListener("click", function () {
        confirmed = true;
        box.hidden = true;
        form.requestSubmit();
      });
      box.querySelector("[data-kc-back]").addEventListener("click", function () {
        box.hidden = true;
        form.querySelector("button[type='submit']").focus();
      });
    }
    form.addEventListener("submit", function (event) {
      if (supported) {
        seen.value = visible ? "visible" : "hidden";
      } else if (confirmed) {
        seen.value = "confirmed";
      } else if (box && form.querySelector("input[name='csat']:checked")) {
        event.preventDefault();
        ask();
      }
      // Without a score the server explains what is missing; nothing to confirm yet.
    });
  });
})();
