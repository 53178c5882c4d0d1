// The rating sheet by keyboard: Enter on a child's colour confirms it (submits that child's row).
// Tab moves between children and the arrow keys change the colour; both are the browser's own.
document.addEventListener("keydown", function (event) {
  var input = event.target;
  if (event.key !== "Enter" || !input.matches || !input.matches(".rating-row input[type=radio]")) return;
  event.preventDefault();
  if (!input.checked) input.checked = true;
  input.form.requestSubmit();
});

// The next steps after a red rating are pinned over the sheet; "Skjul" puts them away.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-close-red-next]");
  if (!button) return;
  var panel = document.getElementById("red-next-panel");
  if (panel) panel.replaceChildren();
});
