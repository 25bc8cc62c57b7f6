// YASGUI on the remote-kg endpoint: one tab per competency question, prefixes preset.
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
  window.remoteKgYasgui = yasgui; // for scripted use and tests
})();
