// ALTCHA runs its PBKDF2 proof of work in our own worker file (strict CSP: no inline workers).
(function () {
  var me = document.currentScript;
  var workerUrl = me && me.dataset.worker;
  if (!workerUrl || !window.$altcha) { return; }
  ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"].forEach(function (name) {
    window.$altcha.algorithms.set(name, function () { return new Worker(workerUrl); });
  });
})();
