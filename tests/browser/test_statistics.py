"""The statistics page in a real browser: charts drawn, the choropleth coloured from the
offline outlines with a legend, no request to another host, no CSP violation, and no
serious accessibility violation (nor on the progress pack and the monitoring page)."""

from tests.browser.conftest import axe_violations, save_screenshot, wait_until


def test_statistics_page_charts_choropleth_and_accessibility(seeded, page, live_server):
    page.page.goto(live_server.url + "/statistics/")
    wait_until(page.page, "window.ascnChoroplethReady === true")
    assert page.page.locator("svg.chart").count() >= 4
    coloured = page.page.locator("#choropleth-map path.leaflet-interactive").count()
    assert coloured >= 10  # one or more shapes per member state
    legend = page.page.locator("#choropleth-legend li")
    assert legend.count() >= 2
    page.page.select_option("#choropleth-figure", "projects")
    assert "Published projects" in page.page.locator("#choropleth-legend").inner_text()
    page.page.get_by_text("Show as a table").first.click()
    violations = axe_violations(page.page)
    assert violations == [], [(v["id"], v["help"], len(v["nodes"])) for v in violations]
    save_screenshot(page.page, "statistics")
    assert page.foreign_requests() == []
    assert page.csp_violations == []
    assert page.errors == []


def test_progress_pack_and_monitoring_are_accessible(seeded, page, live_server, client):
    from tests.factories import UserFactory

    page.page.goto(live_server.url + "/statistics/report/2018/")
    assert "The ASEAN Smart Cities Network in 2018" in page.page.content()
    assert axe_violations(page.page) == []
    staff = UserFactory(username="stats-staff", secretariat=True)
    staff.set_password("correct-horse-battery")
    staff.save()
    page.page.goto(live_server.url + "/accounts/login/?next=/my/monitoring/")
    page.page.fill("#id_username", "stats-staff")
    page.page.fill("#id_password", "correct-horse-battery")
    page.page.click("main button[type=submit]")
    page.page.wait_for_url("**/my/monitoring/")
    assert axe_violations(page.page) == []
    assert page.csp_violations == []
