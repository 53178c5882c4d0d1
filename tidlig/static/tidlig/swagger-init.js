// Start swagger-ui on /api/v1/docs with the settings the page carries as JSON (no inline script: CSP).
(function () {
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrfToken = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  if (csrfToken) {
    // "Try it out" with the staff member's session: Django's CSRF check needs the token.
    config.requestInterceptor = function (req) {
      req.headers["X-CSRFToken"] = csrfToken;
      return req;
    };
  }
  window.SwaggerUIBundle(config);
})();
