/* Search box for /search/. The page already lists every resource without this script;
   when scripts run, this shows a search form and asks Pagefind's index for matches. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var query = document.getElementById("search-query");
  var kind = document.getElementById("search-kind");
  var topic = document.getElementById("search-topic");
  var box = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var list = document.getElementById("results-list");
  var everything = document.getElementById("all-resources");
  var pagefind = null;
  var latest = 0;
  var timer = null;
  var SHOWN = 30;

  function excerpt(html) {
    /* Pagefind's excerpt is escaped text with <mark> around matches: keep only those. */
    var p = document.createElement("p");
    var doc = new DOMParser().parseFromString("… " + html + " …", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function filters() {
    var chosen = {};
    if (kind.value) { chosen.kind = kind.value; }
    if (topic.value) { chosen.topic = topic.value; }
    return chosen;
  }

  function say(text) {
    status.textContent = text;
  }

  async function run() {
    var words = query.value.trim();
    var chosen = filters();
    var ticket = ++latest;
    var params = new URLSearchParams();
    if (words) { params.set("q", words); }
    Object.keys(chosen).forEach(function (key) { params.set(key, chosen[key]); });
    history.replaceState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
    if (!words && !Object.keys(chosen).length) {
      box.hidden = true;
      everything.hidden = false;
      return;
    }
    box.hidden = false;
    say("Searching…");
    var search = await pagefind.search(words || null, { filters: chosen });
    var found = await Promise.all(search.results.slice(0, SHOWN).map(function (r) { return r.data(); }));
    if (ticket !== latest) { return; }
    list.replaceChildren();
    found.forEach(function (data) {
      var item = document.createElement("li");
      item.className = "card";
      var heading = document.createElement("h3");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title;
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerpt(data.excerpt));
      var about = document.createElement("p");
      about.className = "meta";
      about.textContent = [data.meta.kind, data.meta.topics].filter(Boolean).join(" · ");
      item.appendChild(about);
      list.appendChild(item);
    });
    var count = search.results.length;
    everything.hidden = count > 0;
    var what = words ? " for “" + words + "”" : "";
    if (!count) {
      say("No results" + what + ". Try other words, or look through every resource below.");
    } else {
      say(count + (count === 1 ? " result" : " results") + what +
          (count > SHOWN ? ". Showing the first " + SHOWN + "." : "."));
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(run, 300);
  }

  async function start() {
    try {
      pagefind = await import("/pagefind/pagefind.js");
      await pagefind.options({ excerptLength: 24 });
      /* A large site's index comes in shards: merge the others into the first, all at once
         (one after another would cost a round trip each on a slow connection). */
      var shards = await fetch("/pagefind/indexes.json").then(function (r) { return r.json(); });
      await Promise.all(shards.map(function (shard) { return pagefind.mergeIndex(shard); }));
      await pagefind.init();
    } catch (error) {
      return;  /* No index: the plain list of every resource still works. */
    }
    var params = new URLSearchParams(location.search);
    query.value = params.get("q") || "";
    kind.value = params.get("kind") || "";
    topic.value = params.get("topic") || "";
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    query.addEventListener("input", soon);
    kind.addEventListener("change", run);
    topic.addEventListener("change", run);
    if (query.value || kind.value || topic.value) { run(); }
  }

  start();
})();
