// corpus-site: a permalink and a "cite" button on every paragraph and list item of a paper.
(function () {
  "use strict";

  function plainReference() {
    var heading = document.getElementById("cite");
    for (var node = heading; node; node = node.nextElementSibling) {
      var code = node.matches("pre") ? node.querySelector("code") : node.querySelector("pre code");
      if (code) return code.textContent.trim();
    }
    return document.title;
  }

  function passageCitation(passage) {
    var pages = passage.getAttribute("data-pages");
    var where = pages ? (pages.indexOf("\u2013") >= 0 ? " pp. " : " p. ") + pages + "." : "";
    var url = location.href.split("#")[0] + "#" + passage.id;
    return plainReference() + where + " " + url;
  }

  function copy(text, button) {
    function done() {
      button.classList.add("passage-cite--copied");
      button.textContent = "copied";
      setTimeout(function () {
        button.classList.remove("passage-cite--copied");
        button.textContent = "cite";
      }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (error) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function decorate() {
    if (!document.getElementById("cite")) return;  // only paper pages
    var passages = document.querySelectorAll(".md-content article p[id], .md-content article li[id]");
    passages.forEach(function (passage) {
      if (passage.id.indexOf("fn:") === 0 || passage.querySelector(":scope > .passage-link")) return;
      var link = document.createElement("a");
      link.className = "passage-link";
      link.href = "#" + passage.id;
      link.title = "Link to this passage";
      link.setAttribute("aria-label", "Link to this passage");
      link.textContent = "\u00b6";
      var cite = document.createElement("button");
      cite.type = "button";
      cite.className = "passage-cite";
      cite.title = "Copy a citation of this passage";
      cite.textContent = "cite";
      cite.addEventListener("click", function () { copy(passageCitation(passage), cite); });
      passage.appendChild(link);
      passage.appendChild(cite);
    });
  }

  // A link to a passage since deleted or merged lands on the one that took its place (an
  // empty element there carries the old id; see anchors/ in the source): say so there.
  function noteRevised() {
    var id = decodeURIComponent(location.hash.slice(1));
    var alias = id ? document.getElementById(id) : null;
    if (!alias || !alias.hasAttribute("data-revised")) return;
    var passage = alias.closest("p, li") || alias.parentNode;
    if (!passage || passage.querySelector(".revised-note")) return;
    var note = document.createElement("span");
    note.className = "revised-note";
    note.setAttribute("role", "note");
    note.textContent = "The passage this link pointed to has been revised; it now stands here.";
    passage.insertBefore(note, passage.firstChild);
    note.scrollIntoView({ block: "start" });  // the note, not only the passage, in view
  }

  window.addEventListener("hashchange", noteRevised);

  // A tap on a footnote call shows its note in place, under the line (Material's tooltip
  // wants a pointer that hovers); the note's own link, or a second tap, still jumps to it.
  var lastPointer = "mouse";
  window.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  }, true);

  function closePeeks() {
    document.querySelectorAll(".footnote-peek").forEach(function (peek) {
      var call = peek.previousElementSibling && peek.previousElementSibling.querySelector("a.footnote-ref");
      if (call) call.setAttribute("aria-expanded", "false");
      peek.remove();
    });
  }

  function peekAt(call, note) {
    var peek = document.createElement("span");
    peek.className = "footnote-peek";
    peek.setAttribute("role", "note");
    peek.id = "peek-" + note.id.replace(/[^A-Za-z0-9_-]/g, "-");
    note.querySelectorAll(":scope > p").forEach(function (paragraph) {
      var text = document.createElement("span");
      text.className = "footnote-peek__text";
      paragraph.childNodes.forEach(function (node) { text.appendChild(node.cloneNode(true)); });
      text.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
      text.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
      peek.appendChild(text);
    });
    var jump = document.createElement("a");
    jump.className = "footnote-peek__jump";
    jump.href = "#" + note.id;
    jump.textContent = "Go to note " + call.textContent.trim() + " in the list of notes";
    peek.appendChild(jump);
    call.parentElement.insertAdjacentElement("afterend", peek);
    call.setAttribute("aria-expanded", "true");
    call.setAttribute("aria-controls", peek.id);
  }

  window.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var call = target && target.closest("a.footnote-ref");
    if (!call) {
      var peek = target && target.closest(".footnote-peek");
      if (!peek) closePeeks();
      // Its link jumps to the note in the list: the note is then in view, the peek not needed.
      else if (target.closest("a.footnote-peek__jump")) setTimeout(closePeeks, 0);
      return;
    }
    var open = call.getAttribute("aria-expanded") === "true";
    closePeeks();
    if (open || lastPointer !== "touch") return;  // the jump, as before
    var note = document.getElementById(decodeURIComponent(call.hash.slice(1)));
    if (!note) return;
    event.preventDefault();
    event.stopPropagation();  // before Material's instant navigation sees the click
    peekAt(call, note);
  }, true);

  // Material's search dialog has role="dialog" but no name (axe-core: aria-dialog-name).
  function nameSearchDialog() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    var input = dialog && dialog.querySelector("input.md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
  }

  // The home page's search box: Material's search opens on ?q= by itself; where Pagefind is
  // the search (no Material box in the header), send the query to its page.
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("home-search")) return;
    var pagefind = document.querySelector("a.corpus-search-link");
    if (document.querySelector("input.md-search__input") || !pagefind) return;
    event.preventDefault();
    var query = new FormData(form).get("q") || "";
    location.href = pagefind.href.split("?")[0] + "?q=" + encodeURIComponent(String(query));
  });

  function decorateAndNote() {
    nameSearchDialog();
    decorate();
    noteRevised();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(decorateAndNote);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", decorateAndNote);
  } else {
    decorateAndNote();
  }
})();
