/* Vendored libraries and data files loaded on demand (static/vendor/, same origin, no CDN). */

const scripts = new Map(); // src -> Promise
const files = new Map(); // path -> Promise of parsed JSON

/** Load a classic script once; resolves when it has run. */
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = new URL(src, document.baseURI).toString();
      el.onload = () => resolve();
      el.onerror = () => { scripts.delete(src); reject(new Error("could not load " + src)); };
      document.head.appendChild(el);
    }));
  }
  return scripts.get(src);
}

export function loadJSON(path) {
  if (!files.has(path)) {
    files.set(path, fetch(new URL(path, document.baseURI)).then((res) => {
      if (!res.ok) throw new Error("could not load " + path + ": " + res.status);
      return res.json();
    }).catch((err) => { files.delete(path); throw err; }));
  }
  return files.get(path);
}

/** d3 (time scale, axis, brush, geo projection): window.d3 once loaded. */
export async function loadD3() {
  if (!window.d3) await loadScript("static/vendor/d3.min.js");
  return window.d3;
}

/** topojson-client and d3, for the map. */
export async function loadMapLibs() {
  const [d3] = await Promise.all([loadD3(),
    window.topojson ? null : loadScript("static/vendor/topojson-client.min.js")]);
  return { d3, topojson: window.topojson };
}
