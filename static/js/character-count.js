// GOV.UK's character count on the text areas the server marked with a limit: the number of
// characters left, or over, as the person types. Without JavaScript the hint names the
// limit and the server refuses a longer text next to the field; nothing is ever cut.
(function () {
  var me = document.currentScript;
  var frontend = me && me.dataset.govukFrontend;
  function start(scope) {
    if (!frontend || !scope.querySelector('[data-module="govuk-character-count"]')) { return; }
    document.body.classList.add("govuk-frontend-supported");
    import(frontend).then(function (govuk) {
      // A count already running in the scope (after an htmx swap) is left as it is.
      govuk.createAll(govuk.CharacterCount, undefined, { scope: scope, onError: function () {} });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSwap", function (event) { start(event.detail.target); });
})();
