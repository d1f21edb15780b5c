// corpus-site: run Material's search worker inside a hidden frame when the site is opened
// from disk. Browsers refuse `new Worker()` for file:// pages; Material's offline plugin would
// fetch a shim from the network for this, which an offline copy cannot reach.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function FrameWorker(url) {
    var listeners = [];
    var pending = [];
    var ready = false;
    var owner = this;
    var frame = document.createElement("iframe");
    frame.setAttribute("aria-hidden", "true");
    frame.style.display = "none";
    document.documentElement.appendChild(frame);
    var scope = frame.contentWindow;

    function deliver(data) {
      var event = { data: data, target: owner };
      listeners.forEach(function (listener) { listener(event); });
      if (typeof owner.onmessage === "function") owner.onmessage(event);
    }

    // Inside the frame, the worker's own postMessage answers the page.
    scope.postMessage = function (data) { setTimeout(function () { deliver(data); }, 0); };
    scope.importScripts = function () {
      throw new Error("importScripts is not available in an offline copy");
    };

    function send(data) {
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    var script = scope.document.createElement("script");
    script.src = new URL(url, location.href).href;
    script.onload = function () {
      ready = true;
      pending.splice(0).forEach(send);
    };
    scope.document.head.appendChild(script);

    this.postMessage = function (data) {
      if (ready) send(data); else pending.push(data);
    };
    this.addEventListener = function (type, listener) {
      if (type === "message") listeners.push(listener);
    };
    this.removeEventListener = function (type, listener) {
      listeners = listeners.filter(function (known) { return known !== listener; });
    };
    this.terminate = function () { frame.remove(); };
  }

  window.Worker = FrameWorker;
})();
