// Progressive enhancement: the placement questions only for a placement, the § 91 question only for the others.
(function () {
  var data = document.getElementById("placement-types");
  var select = document.getElementById("id_type");
  if (!data || !select) return;
  var placements = JSON.parse(data.textContent).map(String);
  function toggle() {
    var placement = placements.indexOf(select.value) !== -1;
    document.getElementById("placement").hidden = !placement && !document.querySelector("#placement .form-error");
    document.getElementById("plan-needed").hidden = placement;
  }
  select.addEventListener("change", toggle);
  toggle();
})();
