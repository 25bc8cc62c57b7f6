"""The query page in a real headless Chromium: it loads, a query runs, results appear."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from remote_kg.server.page import find_yasgui
from tests.server.test_server_support import RECORDS_CSV, running_server

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "_out" / "screenshots"
QUESTION = "Which workers are employees?"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
        "chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("browser")
    (tmp / "records.csv").write_text(RECORDS_CSV)
    queries = tmp / "queries"
    queries.mkdir()
    (queries / "cq-01-employees.rq").write_text(
        f"# Question: {QUESTION}\n"
        "PREFIX rkg: <https://w3id.org/remote-kg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?worker WHERE { ?worker a rkg:Employee } ORDER BY ?worker\n"
    )
    with running_server(tmp, "--no-examples", "--data", str(tmp / "records.csv"),
                        "--queries-dir", str(queries)) as running:
        yield running


@pytest.fixture
def browser(tmp_path: Path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE"]


def _screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    driver.save_screenshot(str(path))
    return path


def test_fallback_form_lists_the_questions_and_shows_results(server, browser):
    browser.get(server.base + "/form")
    wait = WebDriverWait(browser, 30)
    button = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.question")))
    assert button.text == QUESTION
    button.click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "result(s)"))
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#results td")]
    assert cells == ["https://w3id.org/remote-kg/data/w1 why?",
                     "https://w3id.org/remote-kg/data/w2 why?"]
    links = [a.get_attribute("href") for a in
             browser.find_elements(By.CSS_SELECTOR, "#results td a.why")]
    assert links == [server.base + "/explain?iri=https%3A%2F%2Fw3id.org%2Fremote-kg%2Fdata%2Fw1",
                     server.base + "/explain?iri=https%3A%2F%2Fw3id.org%2Fremote-kg%2Fdata%2Fw2"]
    assert browser.find_element(By.ID, "status").text.startswith("2 result(s)")
    assert _screenshot(browser, "form.png").stat().st_size > 0
    assert _console_errors(browser) == []


def test_fallback_form_reports_a_refused_query(server, browser):
    browser.get(server.base + "/form")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.question")))
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    browser.find_element(By.ID, "run").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "Error 400"))
    assert "SERVICE is not allowed" in browser.find_element(By.ID, "results").text


@pytest.mark.skipif(find_yasgui() is None, reason="YASGUI not installed: scripts/install-yasgui.sh")
def test_yasgui_page_has_a_tab_per_question_and_runs_it(server, browser):
    browser.get(server.base + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.execute_script(
        "return !!(window.remoteKgYasgui && document.querySelector('.yasqe .CodeMirror'))"))
    tabs = {t.text.splitlines()[0]: t
            for t in browser.find_elements(By.CSS_SELECTOR, ".tabsList .tab")}
    assert list(tabs) == ["Query", "cq-01-employees"]
    tab = tabs["cq-01-employees"]
    tab.find_element(By.TAG_NAME, "a").click()
    wait.until(lambda d: QUESTION in d.execute_script(
        "return window.remoteKgYasgui.getTab().getYasqe().getValue()"))
    browser.execute_script("window.remoteKgYasgui.getTab().getYasqe().query()")
    wait.until(lambda d: "data/w2" in d.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr")
               .text)
    results = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr").text
    assert "data/w1" in results
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".tabPanel.active .yasr a.why"))
               == 2)  # each record links to its explanation
    why = browser.find_element(By.CSS_SELECTOR, ".tabPanel.active .yasr a.why")
    assert why.get_attribute("href").startswith(server.base + "/explain?iri=https%3A%2F%2F")
    # the default tab presets the prefixes
    first = browser.execute_script(
        "const y = window.remoteKgYasgui; return y.getTab(y.persistentConfig.getTabs()[0])"
        ".getYasqe().getValue()")
    for prefix in ("rkg", "rdf", "rdfs", "owl", "skos", "dcterms", "xsd"):
        assert f"PREFIX {prefix}:" in first
    assert _screenshot(browser, "yasgui.png").stat().st_size > 0
    assert _console_errors(browser) == []


COUNTS = 'SELECT ?kind ?n WHERE { VALUES (?kind ?n) { ("a" 3) ("b" 1) ("c" 2) ("d" 3) } }'
BY_CATEGORY = ("SELECT ?category (COUNT(?w) AS ?n) WHERE { ?w "
               "<https://w3id.org/remote-kg/ontology#recordId> ?id ; a ?category } "
               "GROUP BY ?category ORDER BY ?category")


def _bars(driver, scope: str) -> list[tuple[str, float, float]]:
    """(label, value, drawn height) of each bar of the chart in `scope`."""
    return [(bar.get_attribute("data-label"), float(bar.get_attribute("data-value")),
             float(bar.get_attribute("height")))
            for bar in driver.find_elements(By.CSS_SELECTOR, f"{scope} svg.bar-chart rect.bar")]


def _heights_follow_values(bars: list[tuple[str, float, float]]) -> bool:
    return all((v1 > v2) == (h1 > h2) and (v1 == v2) == (h1 == h2)
               for _, v1, h1 in bars for _, v2, h2 in bars)


def _run_on_form(driver, base: str, query: str) -> None:
    driver.get(base + "/form")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.question")))
    box = driver.find_element(By.ID, "query")
    box.clear()
    box.send_keys(query)
    driver.find_element(By.ID, "run").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "status"), "result(s)"))


def test_form_draws_a_count_answer_as_bars_as_tall_as_their_values(server, browser):
    _run_on_form(browser, server.base, COUNTS)
    bars = _bars(browser, "#results")
    assert [(label, value) for label, value, _ in bars] == [
        ("a", 3), ("b", 1), ("c", 2), ("d", 3)]
    assert _heights_follow_values(bars) and bars[1][2] > 0
    labels = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "svg.bar-chart text.label")]
    assert labels == ["a", "b", "c", "d"]
    assert browser.find_element(By.CSS_SELECTOR, "figure.chart figcaption").text == (
        "?n by ?kind: 4 bar(s)")
    assert _screenshot(browser, "form-chart.png").stat().st_size > 0
    assert _console_errors(browser) == []


def test_form_draws_no_chart_for_an_answer_that_is_not_a_count(server, browser):
    _run_on_form(browser, server.base, 'SELECT ?w ?kind WHERE { VALUES (?w ?kind) '
                 '{ (<https://w3id.org/remote-kg/data/w1> "one") } }')
    assert browser.find_elements(By.CSS_SELECTOR, "#results td")
    assert browser.find_elements(By.CSS_SELECTOR, "#results svg") == []


@pytest.mark.skipif(find_yasgui() is None, reason="YASGUI not installed: scripts/install-yasgui.sh")
def test_yasgui_draws_a_count_query_below_its_table_and_drops_it_for_other_answers(
        server, browser):
    browser.get(server.base + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.execute_script(
        "return !!(window.remoteKgYasgui && document.querySelector('.yasqe .CodeMirror'))"))
    run = ("const tab = window.remoteKgYasgui.getTab(); tab.getYasqe().setValue(arguments[0]);"
           " tab.getYasqe().query();")
    scope = ".tabPanel.active .yasr"
    browser.execute_script(run, BY_CATEGORY)
    wait.until(lambda d: _bars(d, scope))
    bars = _bars(browser, scope)
    table = [row.text for row in browser.find_elements(By.CSS_SELECTOR, f"{scope} tbody tr")]
    assert len(bars) == len(table) > 2
    assert {label: value for label, value, _ in bars}["Employee"] == 2  # both records
    assert _heights_follow_values(bars) and len({h for _, _, h in bars}) > 1
    browser.execute_script("arguments[0].scrollIntoView()",
                           browser.find_element(By.CSS_SELECTOR, f"{scope} figure.chart"))
    assert _screenshot(browser, "yasgui-chart.png").stat().st_size > 0
    browser.execute_script(run, "SELECT ?w WHERE { ?w a "
                           "<https://w3id.org/remote-kg/ontology#Employee> }")
    wait.until(lambda d: "data/w2" in d.find_element(By.CSS_SELECTOR, scope).text)
    assert browser.find_elements(By.CSS_SELECTOR, f"{scope} svg.bar-chart") == []
    assert _console_errors(browser) == []
