// Long pickers (issue 10). A static file: the Content Security Policy allows no inline script.
// - select[data-search]: a search field above the list hides the options that do not match (name, birth
//   date or group, as the option's text shows them); without JavaScript the plain list still works.
// - select[data-children-of="<name>"]: offers only the options whose data-children holds the child
//   chosen in the select of that name (a child's own custody holders); all of them until one is chosen.
(function () {
  "use strict";
  function norm(s) { return (s || "").toLocaleLowerCase("da"); }

  document.querySelectorAll("select[data-search]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-input input-width-xl picker-search";
    input.id = select.id + "-search";
    input.setAttribute("aria-label", select.getAttribute("data-search"));
    input.setAttribute("placeholder", select.getAttribute("data-search"));
    input.setAttribute("aria-controls", select.id);
    input.setAttribute("autocomplete", "off");
    select.parentNode.insertBefore(input, select);
    var none = document.createElement("span");
    none.className = "form-hint picker-none";
    none.id = select.id + "-search-none";
    none.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", none.id);
    select.parentNode.insertBefore(none, select);
    input.addEventListener("input", function () {
      var words = norm(input.value).split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.value) return;
        var text = norm(opt.text);
        var show = words.every(function (w) { return text.indexOf(w) !== -1; });
        opt.hidden = !show;
        if (show && !first) first = opt;
      });
      none.textContent = words.length && !first ? select.getAttribute("data-search-none") : "";
      var current = select.options[select.selectedIndex];
      if (words.length && first && (!current || current.hidden || !current.value)) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });

  document.querySelectorAll("select[data-children-of]").forEach(function (select) {
    var form = select.form;
    var child = form && form.elements[select.getAttribute("data-children-of")];
    if (!child) return;
    function narrow() {
      var chosen = child.value;
      Array.prototype.forEach.call(select.options, function (opt) {
        if (!opt.value) return;
        var of = (opt.getAttribute("data-children") || "").split(" ");
        opt.hidden = !!chosen && of.indexOf(chosen) === -1;
      });
      var current = select.options[select.selectedIndex];
      if (current && current.hidden) select.value = "";
    }
    child.addEventListener("change", narrow);
    narrow();
  });
})();
