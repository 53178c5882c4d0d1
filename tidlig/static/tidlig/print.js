// Print buttons on the standalone letters (no base.html there): <button data-print> prints the page.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
