// A bar chart of a count query's answer, drawn as inline SVG (no library, no network): a
// SELECT whose answer is a label column and a numeric column, such as
//   SELECT ?category (COUNT(?worker) AS ?n) WHERE { ... } GROUP BY ?category
// gets one bar per row. The query page (form.js) and the YASGUI page (yasgui-setup.js) use it.
"use strict";

const remoteKgChart = (() => {
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(["integer", "decimal", "double", "float", "long", "int", "short",
    "byte", "nonNegativeInteger", "positiveInteger", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte"].map((name) => XSD + name));
  const MAX_BARS = 60; // more bars than this are not readable: the table alone
  const SVG = "http://www.w3.org/2000/svg";

  function number(term) {
    if (!term || !(term.type === "literal" || term.type === "typed-literal")) return null;
    if (!NUMERIC.has(term.datatype)) return null;
    const value = Number(term.value);
    return Number.isFinite(value) && value >= 0 ? value : null;
  }

  // An IRI is shown by its last segment (rkg:Teleworker as "Teleworker"), a literal as it is.
  function label(term) {
    if (!term) return "(none)";
    if (term.type === "uri") return term.value.split(/[#/]/).filter(Boolean).pop() || term.value;
    return term.value;
  }

  // {labelVar, valueVar, bars: [{label, value}]} for a result of two columns whose second
  // (else first) holds a non-negative number on every row; null for any other result.
  function countShape(results) {
    if (!results || !results.head || !results.results) return null;
    const vars = results.head.vars || [];
    const rows = results.results.bindings || [];
    if (vars.length !== 2 || rows.length === 0 || rows.length > MAX_BARS) return null;
    for (const [labelVar, valueVar] of [[vars[0], vars[1]], [vars[1], vars[0]]]) {
      const values = rows.map((row) => number(row[valueVar]));
      if (values.every((v) => v !== null)) {
        const bars = rows.map((row, i) => ({ label: label(row[labelVar]), value: values[i] }));
        return { labelVar, valueVar, bars };
      }
    }
    return null;
  }

  function svgElement(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // An <svg> with one <rect class="bar"> per row, as tall as its value relative to the
  // largest, its label below it and its value above it.
  function draw(data, title) {
    // the labels slant down to the left of their bars: room for the first ones on the left
    const top = 24, bottom = 110, left = 90, right = 12, barWidth = 28, gap = 12, height = 220;
    const width = left + right + data.length * (barWidth + gap);
    const most = Math.max(...data.map((d) => d.value)) || 1;
    const full = top + height + bottom;
    const svg = svgElement("svg", { class: "bar-chart", role: "img", width, height: full,
      viewBox: `0 0 ${width} ${full}`, "aria-label": title });
    svg.append(svgElement("title", {}, title));
    svg.append(svgElement("line", { x1: left, x2: width - right, y1: top + height,
      y2: top + height, class: "axis" }));
    data.forEach((d, i) => {
      const x = left + gap / 2 + i * (barWidth + gap);
      const tall = (d.value / most) * height;
      const bar = svgElement("rect", { class: "bar", x, y: top + height - tall, width: barWidth,
        height: tall, "data-label": d.label, "data-value": d.value });
      bar.append(svgElement("title", {}, `${d.label}: ${d.value}`));
      svg.append(bar);
      svg.append(svgElement("text", { class: "value", x: x + barWidth / 2,
        y: top + height - tall - 4, "text-anchor": "middle" }, String(d.value)));
      const middle = x + barWidth / 2;
      svg.append(svgElement("text", { class: "label", x: middle, y: top + height + 12,
        "text-anchor": "end", transform: `rotate(-45 ${middle} ${top + height + 12})` },
      d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label));
    });
    return svg;
  }

  // A <figure> holding the chart of `results`, or null when they are not a count's shape.
  function figure(results) {
    const shape = countShape(results);
    if (!shape) return null;
    const title = `?${shape.valueVar} by ?${shape.labelVar}`;
    const box = document.createElement("figure");
    box.className = "chart";
    box.append(draw(shape.bars, title));
    const caption = document.createElement("figcaption");
    caption.textContent = `${title}: ${shape.bars.length} bar(s)`;
    box.append(caption);
    return box;
  }

  return { countShape, figure };
})();
