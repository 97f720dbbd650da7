/* A keyboard-usable combobox with suggestions as you type (ARIA 1.2 combobox pattern). */

import { TYPES, fold, h, typeOf } from "./common.js";

/** Suggestions as you type, keyboard-usable (ArrowUp/Down, Enter, Escape). */
export function combobox(input, list, { types, search, onPick, onClear, onError }) {
  let items = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function highlight(i) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
    active = i;
    if (options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    }
  }
  function pick(i) {
    const item = items[i];
    if (!item) return;
    close();
    input.value = item.name;
    onPick(item);
  }
  function render(q) {
    list.replaceChildren();
    if (!items.length) {
      list.appendChild(h("li", { class: "none", text: "No match for “" + q + "”" }));
    }
    items.forEach((item, i) => {
      const type = typeOf(item);
      const fq = fold(q);
      const alias = (item.aliases || []).find((a) => fold(a).includes(fq) && a !== item.name);
      list.appendChild(h("li", {
        id: list.id + "-" + i, role: "option", "aria-selected": "false", class: "option",
        onmousedown: (e) => { e.preventDefault(); pick(i); },
      },
      h("span", { class: "swatch", style: null, data: { type } }),
      h("span", { class: "name", dir: "auto", text: item.name }),
      alias ? h("span", { class: "alias", dir: "auto", text: alias }) : null,
      h("span", { class: "type", text: (TYPES[type] || {}).label || type })));
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  async function suggest() {
    const q = input.value.trim();
    if (!q) { close(); return; }
    const mine = ++seq;
    try {
      let rows = await search(q, types && types.length === 1 ? types[0] : undefined);
      if (types && types.length > 1) rows = rows.filter((r) => types.includes(typeOf(r)));
      if (mine !== seq) return;
      items = rows;
      render(q);
      if (items.length) highlight(0);
    } catch (err) {
      if (mine === seq && onError) onError(err);
    }
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (!input.value.trim() && onClear) onClear();
    timer = setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden) suggest(); else highlight(Math.min(active + 1, items.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      if (!list.hidden && active >= 0) { e.preventDefault(); pick(active); }
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { close };
}
