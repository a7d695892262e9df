/* Small behaviours the templates ask for with data- attributes. Inline event handlers
   (onclick="...") and hx-on are not allowed by the Content-Security-Policy, so they live here. */
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-no-submit")) {
      event.preventDefault();
      return;
    }
    const question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    // <button data-print>: print the page (or save it as PDF).
    if (target.closest("[data-print]")) window.print();
    // <input data-select-on-click>: select the whole value, for copying.
    const input = target.closest("input[data-select-on-click]");
    if (input instanceof HTMLInputElement) input.select();
  });

  // <select data-navigate>: go to the chosen option's URL.
  document.addEventListener("change", function (event) {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-navigate") && select.value) {
      window.location.assign(select.value);
    }
  });

  // <section data-swap-422>: a 422 answer carries the form with its errors; show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    if (detail.xhr.status === 422 && detail.target.closest("[data-swap-422]")) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });
})();
