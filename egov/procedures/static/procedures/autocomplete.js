// Autocomplete for the catalogue search box: progressive enhancement over a plain GET form.
(function () {
  var input = document.querySelector("[data-suggest-url]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var timer = null, last = "";
  function clear() { list.innerHTML = ""; list.hidden = true; input.setAttribute("aria-expanded", "false"); }
  function show(results) {
    list.innerHTML = "";
    results.forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = r.url; a.textContent = r.code + " · " + r.name; li.appendChild(a); list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    clearTimeout(timer);
    if (q.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      if (q === last) return; last = q;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {results: []}; })
        .then(function (d) { if (input.value.trim() === q) show(d.results); })
        .catch(clear);
    }, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") clear();
    if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); list.querySelector("a").focus(); }
  });
  list.addEventListener("keydown", function (e) {
    var item = document.activeElement.parentElement;
    if (e.key === "ArrowDown" && item.nextElementSibling) { e.preventDefault(); item.nextElementSibling.firstChild.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (item.previousElementSibling ? item.previousElementSibling.firstChild : input).focus(); }
    if (e.key === "Escape") { clear(); input.focus(); }
  });
})();
