/* svcascode search: filters the index that search-index.js assigned, in the browser.
   No network: works offline and from file://. Results are built with DOM calls and
   textContent, never as HTML. */
(function () {
  "use strict";
  var index = window.SVCASCODE_SEARCH || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) { return; }
  var LIMIT = 100;
  var haystacks = index.map(function (e) {
    return [e.t, e.k, e.d, e.x].join(" ").toLowerCase();
  });

  function words(query) {
    return query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function score(i, terms, whole) {
    var title = index[i].t.toLowerCase();
    var total = 0;
    for (var j = 0; j < terms.length; j++) {
      if (haystacks[i].indexOf(terms[j]) < 0) { return 0; }
      total += title.indexOf(terms[j]) === 0 ? 3 : title.indexOf(terms[j]) > 0 ? 2 : 1;
    }
    if (title === whole) { total += 5; }
    if (index[i].k === "service") { total += 1; }
    return total;
  }

  function show(query) {
    var terms = words(query);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (terms.length === 0) { status.textContent = index.length + " entries to search."; return; }
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(i, terms, terms.join(" "));
      if (s > 0) { hits.push([s, i]); }
    }
    hits.sort(function (a, b) { return b[0] - a[0] || (index[a[1]].t < index[b[1]].t ? -1 : 1); });
    status.textContent = hits.length === 0 ? "Nothing found." :
      hits.length + (hits.length === 1 ? " result" : " results") +
      (hits.length > LIMIT ? ", the first " + LIMIT + " shown." : ".");
    hits.slice(0, LIMIT).forEach(function (hit) {
      var entry = index[hit[1]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.u;
      link.textContent = entry.t;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.k;
      item.appendChild(link);
      item.appendChild(kind);
      if (entry.d) {
        var text = document.createElement("div");
        text.className = "muted";
        text.textContent = entry.d;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
  }

  var query = "";
  try { query = new URLSearchParams(window.location.search).get("q") || ""; } catch (e) { query = ""; }
  input.value = query;
  show(query);
  input.addEventListener("input", function () { show(input.value); });
  input.form && input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
}());
