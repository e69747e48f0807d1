// The article view's body: built from data with createElement and textContent only, so
// nothing an article says is ever parsed as HTML. A click on a chip or on a highlighted
// mention sends the feature to Python as the "select" trigger (dashboard/views/article.py).
const LAYERS = new Set(["corridors", "zones", "actors", "places", "people"]);

function paragraph(item) {
  const wrap = document.createElement("div");
  wrap.className = "article-view";
  const p = document.createElement("p");
  p.className = "para";
  p.id = item.anchor;
  p.dataset.passage = item.passage;
  const number = document.createElement("span");
  number.className = "pnum";
  number.textContent = "\u00b6 " + item.n;
  p.append(number, " ");
  for (const piece of item.pieces) {
    const [text, layer, feature, target] = piece;
    if (piece.length === 1) {
      p.append(text);
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = LAYERS.has(layer) ? "m-" + layer : "m-places";
    mark.dataset.feature = feature;
    if (target) {
      mark.dataset.select = target;
      mark.title = "Select on the map";
    }
    mark.textContent = text;
    p.append(mark);
  }
  wrap.append(p);
  if (item.chips.length) {
    const chips = document.createElement("div");
    chips.className = "chips";
    chips.setAttribute("role", "group");
    chips.setAttribute("aria-label", "Features in \u00b6 " + item.n);
    for (const [feature, name] of item.chips) {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.dataset.select = feature;
      chip.textContent = name;
      chips.append(chip);
    }
    wrap.append(chips);
  }
  return wrap;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(":scope > .reader");
  if (!root) {
    root = document.createElement("div");
    root.className = "reader";
    parentElement.append(root);
  }
  // Rebuilt only when the article changes, not on every selection.
  if (data && root.dataset.version !== data.version) {
    root.replaceChildren(...(data.paragraphs || []).map(paragraph));
    root.dataset.version = data.version;
    delete root.dataset.focus;  // new paragraphs: mark the first mention again
  }
  // The first mention of the selection, marked in place (an id, never markup).
  const focus = (data && data.focus) || "";
  if (root.dataset.focus !== focus) {
    for (const p of root.querySelectorAll(":scope p.para.focus")) p.classList.remove("focus");
    const p = focus ? document.getElementById(focus) : null;
    if (p && root.contains(p)) p.classList.add("focus");
    root.dataset.focus = focus;
  }
  root.onclick = (event) => {
    const target = event.target.closest("[data-select]");
    if (target && root.contains(target)) {
      event.preventDefault();
      setTriggerValue("select", target.dataset.select);
    }
  };
}
