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

  // The Menu button of narrow screens (base.html): opens and closes the sections' list.
  function setMenu(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    const bar = button.closest(".topbar");
    if (bar) bar.classList.toggle("nav-open", open);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const button = document.querySelector(".nav-toggle[aria-expanded='true']");
    if (button instanceof HTMLElement) {
      setMenu(button, false);
      button.focus();
    }
  });

  // Tables on phones (app.css, below 600 px) show each row as a card: every cell needs its
  // column's heading as data-label. Rows that htmx swaps in later are labelled on htmx:load.
  function labelTables(root) {
    root.querySelectorAll("main table").forEach(function (table) {
      const head = table.tHead && table.tHead.rows[0];
      if (!head || table.getAttribute("role") === "presentation") return;
      const labels = [];
      for (const th of head.cells) {
        for (let i = 0; i < (th.colSpan || 1); i++) labels.push(th.textContent.trim());
      }
      for (const body of table.tBodies) {
        for (const row of body.rows) {
          let column = 0;
          for (const cell of row.cells) {
            if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[column] || "");
            column += cell.colSpan || 1;
          }
        }
      }
      table.classList.add("table-cards");
    });
  }
  labelTables(document);

  // The pair room's tabs are one scrolling row on phones (app.css): bring the current tab
  // into view, so "Insights & actions" is not off-screen to the right on its own page.
  // Only the row scrolls (scrollLeft), never the page.
  document.querySelectorAll("nav.room-nav ul").forEach(function (row) {
    const current = row.querySelector("[aria-current='page']");
    if (!(current instanceof HTMLElement) || row.scrollWidth <= row.clientWidth) return;
    const item = current.closest("li") || current;
    const left = item.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
    const width = item.getBoundingClientRect().width;
    if (left + width > row.scrollLeft + row.clientWidth || left < row.scrollLeft) {
      row.scrollLeft = Math.max(0, left - (row.clientWidth - width) / 2);
    }
  });
  document.addEventListener("htmx:load", function () { labelTables(document); });

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const toggle = target.closest(".nav-toggle");
    if (toggle) setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
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
