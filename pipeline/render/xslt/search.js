/* Search across the site's texts, in the browser: search-index.js (written at
   build time) maps each word to the texts that use it. Loaded on the first
   search; the page works without script (the form stays hidden). */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = form.querySelector("input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  form.hidden = false;
  function fold(s) { return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function words(s) { return fold(s).match(/[\p{L}\p{N}]+/gu) || []; }
  function load(then) {
    if (window.SEARCH_INDEX) { then(); return; }
    var script = document.createElement("script");
    script.src = "search-index.js";
    script.onload = then;
    document.head.appendChild(script);
  }
  function hits(word) {
    var found = {};
    var posting = window.SEARCH_INDEX.words[word] || [];
    posting.forEach(function (t) { found[t] = true; });
    return found;
  }
  function show() {
    var query = words(input.value);
    results.textContent = "";
    if (!query.length) { status.textContent = ""; return; }
    var texts = window.SEARCH_INDEX.texts;
    var found = null;
    query.forEach(function (word) {
      var these = hits(word);
      found = found === null ? these : Object.keys(found).reduce(function (both, t) {
        if (these[t]) { both[t] = true; }
        return both;
      }, {});
    });
    var list = Object.keys(found).map(Number).sort(function (a, b) { return a - b; });
    status.textContent = list.length ? list.length + " / " + texts.length : form.dataset.none;
    list.forEach(function (t) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = texts[t][0] + "#:~:text=" + encodeURIComponent(input.value.trim().split(/\s+/)[0]);
      link.textContent = texts[t][1];
      item.appendChild(link);
      if (texts[t][2]) { item.appendChild(document.createTextNode(" — " + texts[t][2])); }
      results.appendChild(item);
    });
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); load(show); });
})();
