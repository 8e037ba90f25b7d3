// vipmp-sandbox portal: the small behaviours htmx does not cover. No inline script (the portal's
// Content-Security-Policy forbids it): everything hangs off data attributes.
//
// - Countdown: an element with data-remaining-ms="N" (the cooldown left when the server
//   rendered it) counts down once a second; when it reaches 0 it re-enables the button named
//   by data-button (unless data-keep-disabled). The button comes back at 0, never before.
// - Confirmation: a form with data-confirm="question" asks first, in the page's native
//   <dialog id="confirm-dialog"> (data-confirm-ok names the confirming button). The focus starts
//   on "Go back"; Escape or "Go back" cancels, so keyboard users can always back out. Works for
//   plain forms and htmx forms alike (the submit is held in the capture phase, before htmx).
// - Live clock: a running sandbox clock (<time id="virtual-now" data-running>) ticks with the
//   wall clock between server updates (fragments carry a fresh one out of band).
// - Escape in an inline edit form (data-escape="button id") discards it.
(function () {
  "use strict";

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-remaining-ms]").forEach(function (el) {
      if (!el.dataset.deadline) {
        el.dataset.deadline = String(now + Number(el.dataset.remainingMs));
      }
      var ms = Number(el.dataset.deadline) - now;
      var text = ms > 0 ? "Next trigger in " + Math.ceil(ms / 1000) + " s" : "Auto renewal can be triggered again";
      if (el.textContent !== text) el.textContent = text;
      if (ms <= 0) {
        el.removeAttribute("data-remaining-ms");
        var button = el.dataset.button && document.getElementById(el.dataset.button);
        if (button && el.dataset.keepDisabled !== "true") button.disabled = false;
      }
    });
    var clock = document.getElementById("virtual-now");
    if (clock && clock.dataset.running === "true") {
      if (!clock.dataset.base) {
        clock.dataset.base = String(Date.parse(clock.getAttribute("datetime")));
        clock.dataset.since = String(now);
      }
      var at = Number(clock.dataset.base) + (now - Number(clock.dataset.since));
      if (!isNaN(at)) {
        var shown = new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
        if (clock.textContent !== shown) clock.textContent = shown;
      }
    }
  }

  var pending = null;

  function ask(form, submitter) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return true;
    document.getElementById("confirm-text").textContent = form.dataset.confirm;
    document.getElementById("confirm-ok").textContent = form.dataset.confirmOk || "Confirm";
    pending = { form: form, submitter: submitter || null, opener: document.activeElement };
    dialog.showModal();
    document.getElementById("confirm-cancel").focus();
    return false;
  }

  function close(confirmed) {
    var dialog = document.getElementById("confirm-dialog");
    var job = pending;
    pending = null;
    if (dialog.open) dialog.close();
    if (!job) return;
    if (confirmed) {
      job.form.dataset.confirmed = "true";
      if (job.submitter && job.form.contains(job.submitter)) job.form.requestSubmit(job.submitter);
      else job.form.requestSubmit();
    } else if (job.opener && typeof job.opener.focus === "function") {
      job.opener.focus();
    }
  }

  document.addEventListener(
    "submit",
    function (e) {
      var form = e.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      if (form.dataset.confirmed === "true") {
        delete form.dataset.confirmed;
        return;
      }
      if (!ask(form, e.submitter)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true
  );

  document.addEventListener("click", function (e) {
    if (!(e.target instanceof Element)) return;
    if (e.target.closest("#confirm-ok")) close(true);
    else if (e.target.closest("#confirm-cancel")) close(false);
  });

  document.addEventListener(
    "cancel",
    function (e) {
      if (e.target && e.target.id === "confirm-dialog") {
        e.preventDefault();
        close(false);
      }
    },
    true
  );

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !(e.target instanceof Element)) return;
    var form = e.target.closest("form[data-escape]");
    var discard = form && document.getElementById(form.dataset.escape);
    if (discard) {
      e.preventDefault();
      discard.click();
    }
  });

  setInterval(tick, 250);
  document.addEventListener("DOMContentLoaded", tick);
})();
