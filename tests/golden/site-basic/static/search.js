// The search page: queries the Pagefind index (made at build time in shards,
// each a folder of pagefind/, merged here), shows each result's title, date and
// summary, and keeps the query in ?q=.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var root = new URL(form.dataset.root, location.href);
  var shards = (form.dataset.indexes || "").trim().split(/\s+/).map(function (folder) {
    return new URL(folder, location.href).href;
  });
  var loading = null;
  var latest = 0;
  var SHOWN = 30;

  function pagefind() {
    if (!loading) {
      // result URLs are relative to the site's root, wherever the site is published
      var options = { baseUrl: root.pathname };
      loading = import(shards[0] + "pagefind.js").then(function (index) {
        return index.options(options).then(function () {
          return Promise.all(shards.slice(1).map(function (shard) {
            return index.mergeIndex(shard, options);
          }));
        }).then(function () { return index; });
      });
    }
    return loading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text; // text, never HTML: titles and summaries come from seeds
    return node;
  }

  function show(results, total, query) {
    list.replaceChildren();
    results.forEach(function (result) {
      var meta = result.meta || {};
      var item = element("li", "result");
      var heading = element("h2");
      var link = element("a", "", meta.title || result.url);
      link.href = result.url;
      heading.appendChild(link);
      item.appendChild(heading);
      var line = element("p", "meta", meta.kind || "");
      if (meta.date) {
        line.appendChild(document.createTextNode(" · "));
        line.appendChild(element("span", "date", meta.date));
      }
      item.appendChild(line);
      if (meta.summary) item.appendChild(element("p", "summary", meta.summary));
      list.appendChild(item);
    });
    var counted = total === 1 ? "1 result" : total + " results";
    status.textContent = total ? counted + " for “" + query + "”" +
      (total > results.length ? ", the first " + results.length + " shown" : "") :
      "No results for “" + query + "”";
  }

  function search(query) {
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    pagefind()
      .then(function (index) { return index.search(query); })
      .then(function (found) {
        var first = found.results.slice(0, SHOWN);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket === latest) show(data, found.results.length, query);
        });
      })
      .catch(function () {
        loading = null;
        if (ticket === latest) {
          list.replaceChildren();
          status.textContent = "Search is not available: this site was built without its index.";
        }
      });
  }

  function remember(query) {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url.href);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value.trim()); search(input.value.trim()); }, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    remember(input.value.trim());
    search(input.value.trim());
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  search(input.value.trim());
})();
