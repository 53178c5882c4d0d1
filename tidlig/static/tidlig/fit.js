// FIT (issue 13 § 4): show each slider's value as it moves, and reload a session page while answers are
// missing, so the professional sees the family's answer at once. No inline script (CSP).
document.addEventListener("input", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("[data-fit-range]")) return;
  var out = document.getElementById(input.id + "_value");
  if (out) out.value = Number(input.value).toFixed(1);
});
document.querySelectorAll("[data-fit-range]").forEach(function (input) {
  var out = document.getElementById(input.id + "_value");
  if (out) out.value = Number(input.value).toFixed(1);
});
(function () {
  var poll = document.querySelector("[data-fit-poll]");
  if (!poll) return;
  var seconds = parseInt(poll.getAttribute("data-fit-poll"), 10) || 15;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
