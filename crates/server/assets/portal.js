// vipmp-sandbox portal: the Trigger Auto Renewal countdown. Each element with
// data-remaining="N" (seconds, from the server's cooldownRemainingSeconds) counts down
// once a second; at zero it re-enables the button named by data-button (unless
// data-keep-disabled). Elements swapped in later by htmx are picked up on the next tick.
(function () {
  "use strict";
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-remaining]").forEach(function (el) {
      if (!el.dataset.deadline) {
        el.dataset.deadline = String(now + Number(el.dataset.remaining) * 1000);
      }
      var left = Math.max(0, Math.ceil((Number(el.dataset.deadline) - now) / 1000));
      var text = left > 0 ? "Next trigger in " + left + " s" : "Auto renewal can be triggered again";
      if (el.textContent !== text) el.textContent = text;
      if (left === 0) {
        el.removeAttribute("data-remaining");
        var button = el.dataset.button && document.getElementById(el.dataset.button);
        if (button && el.dataset.keepDisabled !== "true") button.disabled = false;
      }
    });
  }
  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
})();
