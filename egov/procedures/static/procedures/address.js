// Address picker: when the province changes, load its communes (without JS the form is submitted once).
(function () {
  document.querySelectorAll(".address-picker").forEach(function (box) {
    var province = box.querySelector("[data-address=province]");
    var ward = box.querySelector("[data-address=ward]");
    if (!province || !ward) return;
    province.addEventListener("change", function () {
      var first = ward.options[0];
      ward.innerHTML = ""; ward.appendChild(first);
      if (!province.value) return;
      fetch(box.dataset.wardsUrl.replace("/00/", "/" + province.value + "/"))
        .then(function (r) { return r.json(); })
        .then(function (d) {
          d.wards.forEach(function (w) { var o = document.createElement("option"); o.value = w[0]; o.textContent = w[1]; ward.appendChild(o); });
        });
    });
  });
})();
