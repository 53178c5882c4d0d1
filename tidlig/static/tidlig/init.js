// Start DKFDS's components (menus, accordions, …) and wire the print buttons. A static file, not an inline
// script: the Content Security Policy allows scripts from Tidlig's own origin only (ASVS 14.4.3).
if (window.DKFDS) window.DKFDS.init();
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
