// The timeline's actor filter: shows the events of briefings naming one actor,
// keeps the choice in ?actor= so it survives a reload and the links to other years.
(function () {
  "use strict";
  var form = document.querySelector(".filter");
  if (!form) return;
  var select = form.querySelector("select");
  var none = document.querySelector(".timeline-page .none");

  function apply(slug) {
    var shown = 0;
    document.querySelectorAll(".events > li").forEach(function (li) {
      var hit = !slug || li.dataset.actors.split(" ").indexOf(slug) >= 0;
      li.hidden = !hit;
      if (hit) shown += 1;
    });
    document.querySelectorAll(".timeline-page .month").forEach(function (section) {
      section.hidden = !section.querySelector(".events > li:not([hidden])");
    });
    if (none) none.hidden = shown > 0;
    document.querySelectorAll(".years a").forEach(function (a) {
      var link = new URL(a.getAttribute("href"), location.href);
      if (slug) link.searchParams.set("actor", slug); else link.searchParams.delete("actor");
      a.href = link.href;
    });
  }

  var wanted = new URLSearchParams(location.search).get("actor") || "";
  var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
  select.value = known ? wanted : "";
  form.hidden = false;
  apply(select.value);
  select.addEventListener("change", function () {
    var url = new URL(location.href);
    if (select.value) url.searchParams.set("actor", select.value); else url.searchParams.delete("actor");
    history.replaceState(null, "", url.href);
    apply(select.value);
  });
})();
