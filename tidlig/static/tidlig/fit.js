// FIT (issue 13 § 4): show each slider's value as it moves, and reload a session page while answers are
// missing, so the professional sees the family's answer at once. No inline script (CSP).
// The number is shown the page's way: 7,5 in Danish, 7.5 in English.
var comma = (document.documentElement.lang || "da").indexOf("da") === 0;
function show(input) {
  var out = document.getElementById(input.id + "_value");
  if (!out) return;
  var text = Number(input.value).toFixed(1);
  out.value = comma ? text.replace(".", ",") : text;
}
document.addEventListener("input", function (event) {
  var input = event.target;
  if (input.matches && input.matches("[data-fit-range]")) show(input);
});
document.querySelectorAll("[data-fit-range]").forEach(show);
(function () {
  var poll = document.querySelector("[data-fit-poll]");
  if (!poll) return;
  var seconds = parseInt(poll.getAttribute("data-fit-poll"), 10) || 15;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
