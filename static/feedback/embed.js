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
