// The plain query page: loads the competency questions, runs queries, shows a table (and,
// below it, a bar chart of a count query's answer: chart.js).
"use strict";

const PREFIXES_URL = "/queries.json";
const ENDPOINT = "/sparql";
let explain = null; // {path, recordBases} when the server explains its records

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function termText(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return `${term.value} @${term["xml:lang"]}`;
  if (term.type === "bnode") return `_:${term.value}`;
  return term.value;
}

// A result cell; a record's IRI gets a "why?" link to its explanation (JSON).
function cell(term) {
  const td = el("td", termText(term));
  if (explain && term && term.type === "uri" && explain.recordBases.some((base) => term.value.startsWith(base))) {
    const link = el("a", "why?", "why");
    link.href = explain.path + encodeURIComponent(term.value);
    link.title = "Why this record is or is not in each category";
    td.append(" ", link);
  }
  return td;
}

function showTable(results) {
  const box = document.getElementById("results");
  box.replaceChildren();
  if ("boolean" in results) {
    box.append(el("p", `Answer: ${results.boolean ? "yes" : "no"}`, "answer"));
    return 1;
  }
  const vars = results.head.vars;
  const rows = results.results.bindings;
  const table = el("table");
  const head = el("tr");
  vars.forEach((v) => head.append(el("th", v)));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  rows.forEach((row) => {
    const tr = el("tr");
    vars.forEach((v) => tr.append(cell(row[v])));
    body.append(tr);
  });
  table.append(body);
  box.append(table);
  const chart = remoteKgChart.figure(results);
  if (chart) box.append(chart);
  return rows.length;
}

async function runQuery(event) {
  if (event) event.preventDefault();
  const status = document.getElementById("status");
  const query = document.getElementById("query").value;
  status.textContent = "Running…";
  const started = performance.now();
  try {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    const type = response.headers.get("Content-Type") || "";
    const box = document.getElementById("results");
    if (!response.ok) {
      box.replaceChildren(el("pre", await response.text(), "error"));
      status.textContent = `Error ${response.status}`;
      return;
    }
    let count;
    if (type.includes("json")) {
      count = showTable(await response.json());
    } else {
      box.replaceChildren(el("pre", await response.text()));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const cut = response.headers.get("X-Result-Truncated") ? " (cut at the row limit)" : "";
    status.textContent = count === undefined ? `Done in ${seconds} s${cut}`
      : `${count} result(s) in ${seconds} s${cut}`;
  } catch (error) {
    status.textContent = `Request failed: ${error}`;
  }
}

async function loadQuestions() {
  const list = document.getElementById("questions");
  try {
    const response = await fetch(PREFIXES_URL);
    const payload = await response.json();
    explain = payload.explain || null;
    list.replaceChildren();
    if (!payload.queries.length) list.append(el("li", "None found in queries/.", "muted"));
    payload.queries.forEach((item) => {
      const button = el("button", item.question, "question");
      button.type = "button";
      button.title = item.name;
      button.dataset.name = item.name;
      button.addEventListener("click", () => {
        document.getElementById("query").value = item.query;
        runQuery();
      });
      const li = el("li");
      li.append(button);
      list.append(li);
    });
    if (!document.getElementById("query").dataset.touched) {
      document.getElementById("query").value = payload.defaultQuery;
    }
  } catch (error) {
    list.replaceChildren(el("li", `Could not load the questions: ${error}`, "error"));
  }
}

document.getElementById("query-form").addEventListener("submit", runQuery);
document.getElementById("query").addEventListener("input", (e) => {
  e.target.dataset.touched = "1";
});
loadQuestions();
