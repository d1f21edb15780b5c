// corpus-site: the search page with Pagefind (plugin option `search_backend: pagefind`).
// Loads Pagefind's default UI into #corpus-search and lets each result's sub-results land on
// the paragraphs and list items (which carry stable ids) instead of on headings only.
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  // This script is published as assets/corpus-site-pagefind.js; the bundle is pagefind/.
  var bundle = new URL("../pagefind/", here).href;
  var HEADING = /^h[1-6]$/;
  var PASSAGE = /^(p|li)$/;
  var PARAGRAPH_ID = /-p(\d+)$/;
  var ITEM_LABEL = /^\(?([0-9]+|[ivxlcdm]+|[a-z])[.)]$/i;
  var NOTE_ID = /^fn:(.+)$/;
  var CONTEXT = 14; // words either side of the first hit in an excerpt

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // "Policy Recommendations · iii", "Introduction · ¶ 2", "Note 4".
  function passageTitle(anchor, heading, words) {
    var note = NOTE_ID.exec(anchor.id);
    if (note) return "Note " + note[1];
    var label = "";
    var paragraph = PARAGRAPH_ID.exec(anchor.id);
    if (paragraph) label = "¶ " + paragraph[1];
    else if (ITEM_LABEL.test(words[anchor.location] || "")) {
      label = words[anchor.location].replace(/^\(|[.)]$/g, "");
    }
    var title = heading ? heading.text.replace(/¶$/, "").trim() : "";
    if (title && label) return title + " · " + label;
    return title || label || anchor.id;
  }

  // Words [start, end) of the page content, with the hits marked, cut to a window around
  // the first hit.
  function excerpt(words, start, end, hits) {
    var from = Math.max(start, hits[0] - CONTEXT);
    var to = Math.min(end, hits[0] + CONTEXT + 1);
    var out = [];
    for (var i = from; i < to; i++) {
      var word = escapeHtml(words[i]);
      out.push(hits.indexOf(i) >= 0 ? "<mark>" + word + "</mark>" : word);
    }
    return (from > start ? "… " : "") + out.join(" ") + (to < end ? " …" : "");
  }

  // Group the page's hits by the passage (or heading) they fall in, in page order.
  function passageResults(result) {
    var words = (result.content || "").split(/\s+/);
    var anchors = (result.anchors || []).filter(function (a) {
      return a.id && (PASSAGE.test(a.element) || HEADING.test(a.element));
    });
    anchors.sort(function (a, b) { return a.location - b.location; });
    var groups = [];
    var byId = {};
    (result.locations || []).forEach(function (location) {
      var at = -1;
      for (var i = 0; i < anchors.length && anchors[i].location <= location; i++) at = i;
      if (at < 0) return; // before the first anchor: the page result itself
      var anchor = anchors[at];
      var group = byId[anchor.id];
      if (!group) {
        var heading = null;
        for (var j = at; j >= 0; j--) {
          if (HEADING.test(anchors[j].element) && anchors[j].element !== "h1") {
            heading = anchors[j];
            break;
          }
        }
        var next = at + 1 < anchors.length ? anchors[at + 1].location : words.length;
        group = byId[anchor.id] = {
          anchor: anchor, heading: heading, end: next, locations: [],
        };
        groups.push(group);
      }
      group.locations.push(location);
    });
    var page = result.url.split("#")[0];
    return groups.map(function (group) {
      return {
        title: passageTitle(group.anchor, group.heading, words),
        url: page + "#" + group.anchor.id,
        anchor: group.anchor,
        locations: group.locations,
        weighted_locations: [],
        excerpt: excerpt(words, group.anchor.location, group.end, group.locations),
      };
    });
  }

  function processResult(result) {
    var passages = passageResults(result);
    if (passages.length) result.sub_results = passages;
    result.meta.title = (result.meta.title || "").replace(/¶$/, "").trim();
    return result;
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (key) { element[key] = attributes[key]; });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  var ready = null;
  function mount() {
    var target = document.getElementById("corpus-search");
    if (!target || target.dataset.mounted) return;
    target.dataset.mounted = "true";
    ready = ready || Promise.all([
      load("link", { rel: "stylesheet", href: bundle + "pagefind-ui.css" }),
      load("script", { src: bundle + "pagefind-ui.js" }),
    ]);
    ready.then(function () {
      target.textContent = "";
      var ui = new PagefindUI({
        element: target,
        bundlePath: bundle,
        baseUrl: new URL("../", bundle).pathname, // the site's root, wherever it is hosted
        showSubResults: true,
        showImages: false,
        autofocus: true,
        processResult: processResult,
      });
      // Pagefind's box has a placeholder but no label (axe-core: label-title-only).
      var input = target.querySelector("input");
      if (input && !input.hasAttribute("aria-label")) input.setAttribute("aria-label", "Search the papers");
      var query = new URLSearchParams(location.search).get("q");
      if (query) ui.triggerSearch(query);
    }, function () {
      target.textContent = "The search index is missing: build the site with Pagefind.";
    });
  }

  // Material's instant loading swaps pages without reloading scripts: mount on each page.
  if (typeof document$ !== "undefined") document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
