/* Shared pieces of the page: entity types, DOM building (text only, never HTML), the API client. */

export const TYPES = {
  Person: { color: "#2563eb", shape: "ellipse", label: "Person" },
  Country: { color: "#16a34a", shape: "round-rectangle", label: "Country" },
  Organisation: { color: "#ea580c", shape: "hexagon", label: "Organisation" },
  Location: { color: "#0891b2", shape: "triangle", label: "Place" },
  Event: { color: "#dc2626", shape: "diamond", label: "Event" },
  Topic: { color: "#9333ea", shape: "tag", label: "Topic" },
  Article: { color: "#6b7280", shape: "rectangle", label: "Article" },
};

export const KIND_LABELS = {
  meeting: "meeting", phone_call: "phone call", visit: "visit", talks: "talks",
  agreement: "agreement", conference: "conference", message: "message",
};

export const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;

export const $ = (id) => document.getElementById(id);

/** Build an element; strings and numbers become text nodes (never parsed as HTML). */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = String(value);
      else if (key === "data") Object.assign(el.dataset, value);
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function setStatus(text, isError) {
  const el = $("status");
  el.textContent = text || "";
  el.classList.toggle("error", Boolean(isError));
}

export function typeOf(node) {
  let t = node.type || node.label || "";
  if (Array.isArray(t)) t = t[0] || "";
  if (!t && typeof node.id === "string" && node.id.includes(":")) t = node.id.split(":")[0];
  t = String(t);
  const cap = t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();
  if (cap === "Organization") return "Organisation";
  return TYPES[cap] ? cap : "Topic";
}

/** Canvas labels: isolate Arabic names so they are laid out right-to-left. */
export function canvasLabel(text) {
  const s = String(text || "");
  return ARABIC.test(s) ? "\u2067" + s + "\u2069" : s;
}

export function kindLabel(kind) { return KIND_LABELS[kind] || String(kind || "event"); }

/** Client-side fold, only to show which alias matched (the server does the real matching). */
export function fold(s) {
  return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
    .replace(/[أإآٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه").toLowerCase();
}

export async function api(path, params) {
  const url = new URL(path, document.baseURI);
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
    }
  }
  const pre = window.__diplographPrefetch;
  let res;
  if (pre && pre.url === url.toString()) { // the first graph request, started by boot.js
    window.__diplographPrefetch = null;
    res = await pre.response;
  } else {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  }
  if (!res.ok) {
    let message = res.status + " " + res.statusText;
    try {
      const body = await res.json();
      message = body.error || (body.detail && JSON.stringify(body.detail)) || message;
    } catch (_) { /* not JSON */ }
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }
  return res.json();
}

export const rowsOf = (j) => (Array.isArray(j) ? j : (j && (j.data || j.items || j.results)) || []);

export function xmlEscape(s) {
  return String(s).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c]));
}
