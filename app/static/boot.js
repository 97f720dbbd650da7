/* Starts the page's first graph request while the rest of the page (cytoscape) loads.
 * Runs before the deferred scripts; app.js takes the promise if it asks for the same URL. */
(function () {
  "use strict";
  var p = new URLSearchParams(location.search);
  var center = p.get("center");
  if (!center || !window.fetch) return;
  var url = new URL("graph", document.baseURI);
  url.searchParams.set("center", center);
  url.searchParams.set("depth", p.get("depth") === "1" ? "1" : "2");
  var response = fetch(url, { headers: { Accept: "application/json" } });
  response.catch(function () {}); // app.js reports a failure when it awaits this promise
  window.__diplographPrefetch = { url: url.toString(), response: response };
})();
