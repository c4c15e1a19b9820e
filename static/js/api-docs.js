// Starts Swagger UI on /api/docs with the settings the page carries in a JSON script element
// (no inline script: the portal's Content-Security-Policy allows only 'self' scripts).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  window.ui = SwaggerUIBundle(config);
})();
