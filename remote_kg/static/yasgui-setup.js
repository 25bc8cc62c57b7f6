// YASGUI on the remote-kg endpoint: one tab per competency question, prefixes preset; a
// count query's answer gets a bar chart below its table (chart.js).
"use strict";

(async function setUp() {
  const endpoint = `${window.location.origin}/sparql`;
  const payload = await (await fetch("/queries.json")).json();
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint }] },
    yasqe: { value: payload.defaultQuery, autocompleters: ["variables"], persistenceId: null },
  });
  // Start from a clean slate: our own tabs only, each one a competency question.
  Object.keys(yasgui._tabs).forEach((id) => yasgui.getTab(id).close());
  const first = yasgui.addTab(true, {
    name: "Query",
    yasqe: { value: payload.defaultQuery },
    requestConfig: { endpoint },
  });
  payload.queries.forEach((item) => {
    yasgui.addTab(false, {
      name: item.name,
      yasqe: { value: item.query },
      requestConfig: { endpoint },
    });
  });
  yasgui.selectTabId(first.getId());
  if (payload.explain) linkExplanations(payload.explain);
  chartCounts(yasgui);
  window.remoteKgYasgui = yasgui; // for scripted use and tests
})();

// Below the results of the tab on show, a bar chart when they are a count's shape; YASR
// empties its results box before each drawing, so the chart goes with the results it shows.
function chartCounts(yasgui) {
  const watch = () => {
    const tab = yasgui.getTab();
    const yasr = tab && tab.getYasr();
    if (!yasr || yasr.remoteKgChart) return;
    yasr.remoteKgChart = true;
    const draw = () => {
      yasr.resultsEl.querySelectorAll("figure.chart").forEach((old) => old.remove());
      const chart = remoteKgChart.figure(yasr.results && yasr.results.getAsJson());
      if (chart) yasr.resultsEl.append(chart);
    };
    yasr.on("drawn", draw);
    if (yasr.results) draw();
  };
  watch();
  yasgui.on("tabSelect", () => setTimeout(watch));
  new MutationObserver(watch).observe(document.getElementById("yasgui"),
    { childList: true, subtree: true });
}

// Each record IRI in a result table gets a "why?" link to its explanation (JSON), as on the
// plain page; YASR draws tables itself, so new links are added as its tables appear.
function linkExplanations(explain) {
  const isRecord = (href) => explain.recordBases.some((base) => href.startsWith(base));
  const addLinks = () => {
    document.querySelectorAll(".yasr a[href]").forEach((anchor) => {
      const href = anchor.getAttribute("href");
      if (anchor.classList.contains("why") || anchor.dataset.why || !isRecord(href)) return;
      anchor.dataset.why = "1";
      const link = document.createElement("a");
      link.className = "why";
      link.textContent = "why?";
      link.title = "Why this record is or is not in each category";
      link.href = explain.path + encodeURIComponent(href);
      anchor.after(" ", link);
    });
  };
  new MutationObserver(addLinks).observe(document.getElementById("yasgui"),
    { childList: true, subtree: true });
}
