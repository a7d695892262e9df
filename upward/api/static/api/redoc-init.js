/* Starts ReDoc on /api/v1/redoc (kept out of the page: the CSP allows no inline scripts). */
(function () {
  "use strict";
  const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
  Redoc.init(document.body.dataset.openapiUrl, settings, document.getElementById("redoc-ui"));
})();
