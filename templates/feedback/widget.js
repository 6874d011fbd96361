/* Клиентоцентр rating widget. One tag on any site:
 *   <script src="https://<server>/o/widget.js" data-point="<code>" data-mode="modal|inline" data-lang="ru|en" async></script>
 * The form lives in a frame served by Клиентоцентр (the host's styles cannot reach it);
 * the button and the dialog live in a shadow root. The dialog is modal: focus stays in
 * it until it is closed (Esc, the close button or the thank-you's «Закрыть»), then returns
 * to the button.
 * It first asks whether the point takes ratings and this site may show it: if not (an
 * unknown code, a point switched off, a site the body has not listed) it draws nothing —
 * no button, no empty frame — and says why in the console. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src).origin;
  var code = script.getAttribute("data-point");
  var mode = script.getAttribute("data-mode") === "inline" ? "inline" : "modal";
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "ru";
  var texts = {
    ru: { open: "Оцените услугу", close: "Закрыть", title: "Оценка услуги" },
    en: { open: "Rate this service", close: "Close", title: "Rate the service" }
  }[lang];
  var src = origin + "/o/" + encodeURIComponent(code) + "/embed/?lang=" + lang +
    (mode === "modal" ? "&modal=1" : "");

  var parent = script.parentNode;
  var status = origin + "/o/" + encodeURIComponent(code) + "/widget.json";
  fetch(status, { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .catch(function () { return { active: false, may_frame: false }; })
    .then(function (state) {
      if (state.active && state.may_frame) { draw(); return; }
      console.warn("Клиентоцентр: " + (state.active
        ? "этого сайта нет в списке сайтов точки оценки «" + code + "», виджет не показан"
        : "точки оценки «" + code + "» нет или она не принимает оценки, виджет не показан"));
    });

  function draw() {
    var host = document.createElement("div");
    host.setAttribute("data-kc-rating", code);
    parent.insertBefore(host, script.nextSibling);
    var root = host.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent = [
      ":host { all: initial; display: block; font-family: Arial, 'Liberation Sans', sans-serif; }",
      "button.open { all: initial; box-sizing: border-box; display: inline-block; cursor: pointer; font: 700 19px/1.2 Arial, sans-serif; color: #fff; background: #00703c; padding: 10px 16px; border-radius: 0; box-shadow: 0 2px 0 #002d18; }",
      "button.open:focus, button.close:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 4px 0 #0b0c0c; }",
      "dialog { all: revert; box-sizing: border-box; width: min(640px, 96vw); max-height: 92vh; padding: 0; border: 2px solid #0b0c0c; background: #fff; color: #0b0c0c; }",
      "dialog::backdrop { background: rgba(11, 12, 12, .6); }",
      ".bar { display: flex; justify-content: flex-end; padding: 4px; }",
      "button.close { all: initial; cursor: pointer; font: 700 16px/1 Arial, sans-serif; color: #0b0c0c; background: #f3f2f1; padding: 8px 12px; }",
      "iframe { all: initial; display: block; width: 100%; height: 560px; border: 0; }"
    ].join("\n");
    root.appendChild(style);

    // What the frame reports: its content's height; "sent" (the thank-you is showing: bring
    // it into view); "close" (the thank-you's «Закрыть» in the dialog).
    var onSent = function () {};
    var onClose = function () {};
    function frame() {
      var iframe = document.createElement("iframe");
      iframe.src = src;
      iframe.title = texts.title;
      iframe.setAttribute("loading", "lazy");
      window.addEventListener("message", function (event) {
        if (event.origin !== origin || event.source !== iframe.contentWindow || !event.data) { return; }
        if (event.data.kcRating === "height") {
          iframe.style.height = Math.min(Math.max(event.data.height + 8, 200), 1400) + "px";
        } else if (event.data.kcRating === "sent") {
          onSent(iframe);
        } else if (event.data.kcRating === "close") {
          onClose();
        }
      });
      return iframe;
    }

    if (mode === "inline") {
      onSent = function (iframe) {
        var box = iframe.getBoundingClientRect();
        if (box.top < 0 || box.top > window.innerHeight) { iframe.scrollIntoView({ block: "start" }); }
      };
      root.appendChild(frame());
      return;
    }
    var open = document.createElement("button");
    open.type = "button";
    open.className = "open";
    open.textContent = texts.open;
    var dialog = document.createElement("dialog");
    dialog.setAttribute("aria-label", texts.title);
    var bar = document.createElement("div");
    bar.className = "bar";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = texts.close;
    bar.appendChild(close);
    dialog.appendChild(bar);
    root.appendChild(open);
    root.appendChild(dialog);
    var iframe = null;
    open.addEventListener("click", function () {
      if (!iframe) { iframe = frame(); dialog.appendChild(iframe); }
      dialog.showModal();
      close.focus();
    });
    close.addEventListener("click", function () { dialog.close(); });
    // After sending, the dialog shows its top (the thank-you), not where the long form's
    // button was; the frame moves the focus to the thank-you itself.
    onSent = function () { dialog.scrollTop = 0; };
    onClose = function () { if (dialog.open) { dialog.close(); } };
    dialog.addEventListener("close", function () { open.focus(); });
  }
})();
