"""The web console in a real Chromium: what a person sees and the accessible names of what they press."""

import os
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import free_port

SHOTS = os.environ.get("AMENDS_SCREENSHOTS")


def watch(page):
    """Collects what would tell a person something broke: script errors, failed requests, dialogs."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    # A page answered with an error is the test's to check; a file of the page that fails to load is a problem.
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("response", lambda response: problems.append(f"{response.status} for {response.url}")
            if response.status >= 400 and response.request.resource_type != "document" else None)
    # The stream of live updates, a page's look at itself after a change, and the tab's icon (which the browser fetches
    # on its own time) are cut whenever the browser leaves the page; that is no failure.
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} ({request.failure})")
            if not ((request.resource_type in ("eventsource", "fetch") or request.url.endswith("/assets/icon.svg"))
                    and "ABORTED" in (request.failure or "")) else None)
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return problems


def sign_in_with_link(page, server):
    page.goto(server.link)
    expect(page.get_by_role("heading", name="Sign in as Demo Admin")).to_be_visible()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()


def sign_in_with_password(page, server, email, password="harbour-lights-42"):
    page.goto(server.url + "/console")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def timeline(server, case_id):
    status, body = server.api("GET", f"/v1/cases/{case_id}")
    assert status == 200, body
    return body["timeline"]


def test_a_complaint_is_worked_from_the_queue_to_closed(server, desk):
    page = desk.new_page()
    problems = watch(page)
    sign_in_with_link(page, server)
    expect(page.get_by_text("No case matches.")).to_be_visible()

    # The complaint appears in the open queue by itself, within a second or so: no reload.
    case_id = server.complain("The room was not clean and the towels were dirty", name="Ana Sousa", email="ana@example.com")
    row = page.get_by_role("row").filter(has_text="The room was not clean")
    expect(row).to_be_visible(timeout=3000)
    expect(page.get_by_text("1 Unacknowledged")).to_be_visible()
    expect(row).to_contain_text("Harbour Hotel Lisbon")
    expect(row).to_contain_text("Acknowledge in 1")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "console-queue.png"))
    row.get_by_role("link", name="The room was not clean and the towels were dirty").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The room was not clean and the towels were dirty")
    expect(page.get_by_text("ana@example.com")).to_be_visible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_have_text("You own this case now.")
    expect(page.get_by_text("Owner: Demo Admin")).to_be_visible()

    page.get_by_label("What was done: Apologize").fill("Apologized in person at the desk")
    page.get_by_role("button", name="Apologize").click()
    expect(page.get_by_role("status")).to_have_text("The step is recorded.")
    expect(page.get_by_text("Done by Demo Admin")).to_have_count(2)

    # The apology, drafted from the scenario's template, read, edited, and sent through the mail server.
    page.get_by_label("Template").select_option("apology")
    page.get_by_role("button", name="Draft from the template").click()
    expect(page.get_by_label("Message", exact=True)).to_have_value(re.compile("^Dear Ana Sousa, we are sorry your room at Harbour Hotel Lisbon"))
    page.get_by_label("Message", exact=True).fill(page.get_by_label("Message", exact=True).input_value() + " We have moved you to room 512.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_have_text("The message is on its way; each try shows below.")
    expect(page.locator(".messages .state").first).to_have_text(re.compile("^sent"), timeout=10000)
    mail = server.mail.messages()
    assert len(mail) == 1 and "ana@example.com" in mail[0]["to"] and mail[0]["subject"] == "We are sorry about your room", mail
    assert mail[0]["text"].startswith("Dear Ana Sousa,") and "We have moved you to room 512." in mail[0]["text"], mail

    # Drinks at the bar, within the demo admin's authority: granted at once.
    page.get_by_label("Remedy", exact=True).select_option("bar-voucher")
    page.get_by_label("Why", exact=True).fill("Sorry about the room")
    page.get_by_role("button", name="Grant").click()
    expect(page.get_by_role("status")).to_have_text("Granted.")
    expect(page.locator(".grants")).to_contain_text("Drinks at the bar, 25.00 EUR: granted")

    page.get_by_label("Note", exact=True).fill("Guest moved to 512; she prefers a high floor")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_have_text("The note is added.")

    # A colleague's note, made elsewhere, shows on the open page without a reload.
    status, _ = server.api("POST", f"/v1/cases/{case_id}/notes", {"text": "Spare towels sent up to 512"})
    assert status == 201
    expect(page.get_by_text("Spare towels sent up to 512")).to_be_visible(timeout=3000)

    # Resolving without saying what caused it keeps what was typed and names the field.
    page.get_by_label("Root cause category").fill("process")
    page.get_by_label("Note with “Resolve” (optional)").fill("New room, first one deep-cleaned")
    page.get_by_label("What caused it").evaluate("element => element.removeAttribute('required')")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("alert")).to_contain_text("root_cause.description")
    expect(page.get_by_label("Root cause category")).to_have_value("process")
    expect(page.get_by_label("Note with “Resolve” (optional)")).to_have_value("New room, first one deep-cleaned")

    page.get_by_label("What caused it").fill("Room released before the housekeeping check")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_role("status")).to_have_text("The case moved.")
    expect(page.get_by_text("Status: resolved")).to_be_visible()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "console-case.png"))
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_text("Status: closed")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()

    kinds = [event["kind"] for event in timeline(server, case_id)]
    assert kinds.count("status_changed") == 2 and "note" in kinds and "step_completed" in kinds, kinds
    assert problems == []


def test_on_a_phone_a_member_signs_in_and_acknowledges(server, phone):
    server.staff("Inês Costa", "ines@example.com")
    case_id = server.complain("Too loud next door, could not sleep at all")
    page = phone.new_page()
    problems = watch(page)
    sign_in_with_password(page, server, "ines@example.com")
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()
    expect(page.get_by_text("Inês Costa")).to_be_visible()
    # Nothing is wider than the phone, and what a thumb presses is at least 44 px tall.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for button in page.get_by_role("button").all():
        box = button.bounding_box()
        assert box and box["height"] >= 44, button.inner_text()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "console-phone.png"))
    page.get_by_role("link", name=re.compile("Too loud next door")).tap()
    page.get_by_role("button", name="Acknowledge").tap()
    expect(page.get_by_role("status")).to_have_text("You own this case now.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert any(event["kind"] == "acknowledged" for event in timeline(server, case_id))
    # A front-line member is shown only what their role may do, and an admin page tells them so.
    expect(page.get_by_role("navigation", name="Console").get_by_role("link", name="Staff")).to_have_count(0)
    page.goto(server.url + "/console/admin/staff")
    expect(page.get_by_role("heading", name="Not allowed", level=1)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("This page needs the admin role; you are frontline.")
    assert problems == []


def test_no_screen_has_a_serious_accessibility_problem(server, desk):
    axe = Axe()
    page = desk.new_page()
    screens = []

    def check(name):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        screens.append(name)
        assert bad == [], f"{name}: " + "; ".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in bad)

    page.goto(server.url + "/console/sign-in")
    check("sign-in")
    page.get_by_label("E-mail address").fill("nobody@example.com")
    page.get_by_label("Password").fill("wrong-password-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("sign-in with a problem")
    page.goto(server.link)
    check("sign-in link")
    page.get_by_role("button", name="Sign in").click()
    check("empty queue")
    server.complain("The room was not clean and the towels were dirty", name="Ana")
    server.complain("Too loud next door, could not sleep")
    page.reload()
    check("queue")
    page.goto(server.url + "/console?severity=urgent")
    check("queue with a wrong filter")
    page.get_by_role("link", name="The room was not clean and the towels were dirty").click()
    check("new case")
    page.get_by_role("button", name="Acknowledge").click()
    check("acknowledged case")
    page.get_by_role("button", name="Apologize").click()
    check("case with a problem")
    page.goto(server.url + "/console/cases/nothing")
    check("not found")
    page.keyboard.press("?")
    for path, name in [
        ("/console/approvals", "approvals"), ("/console/report", "log a failure"), ("/console/customers?email=nobody%40example.com", "customers"),
        ("/console/ledger", "ledger"), ("/console/deliveries", "deliveries"), ("/console/admin/staff", "staff"),
        ("/console/admin/playbook", "playbook"), ("/console/admin/channels", "channels"), ("/console/admin/audit", "audit log"),
        ("/console/search?q=towels", "search"),
    ]:
        page.goto(server.url + path)
        check(name)
    assert len(screens) == 20


def test_what_customers_typed_is_shown_as_text(server, desk):
    payloads = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg/onload=alert(2)>"]
    for payload in payloads:
        server.complain(f"The room was dirty {payload}", name=payload)
    page = desk.new_page()
    problems = watch(page)
    sign_in_with_link(page, server)
    for payload in payloads:
        link = page.get_by_role("link", name=f"The room was dirty {payload}")
        expect(link).to_be_visible()
    page.get_by_role("link", name=f"The room was dirty {payloads[1]}").click()
    expect(page.get_by_text(payloads[1], exact=True)).to_be_visible()
    page.get_by_label("Note", exact=True).fill(payloads[0])
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_have_text("The note is added.")
    expect(page.get_by_text(payloads[0]).first).to_be_visible()
    assert page.locator("img[src=x]").count() == 0 and page.locator("svg").count() == 0
    assert problems == [], problems


class Attacker(BaseHTTPRequestHandler):
    """Another site, whose page posts a form to the console as soon as it opens."""

    target = ""

    def do_GET(self):
        page = f"""<!doctype html><title>Win a prize</title>
<form id="f" method="post" action="{self.target}"><input name="text" value="forged note"></form>
<script>document.getElementById('f').submit()</script>"""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *arguments):
        pass


def test_another_site_cannot_act_for_a_signed_in_member(server, desk):
    case_id = server.complain("The room was dirty")
    page = desk.new_page()
    sign_in_with_link(page, server)
    target = f"{server.url}/console/cases/{case_id}/notes"

    # A page of another site posts the form: the browser keeps the session cookie to itself, and no note is added.
    Attacker.target = target
    port = free_port()
    evil = HTTPServer(("127.0.0.1", port), Attacker)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        attack = desk.new_page()
        attack.goto(f"http://localhost:{port}/")
        # The browser sent the form without the cookie (SameSite=Lax), so the console asked who is there: nobody was
        # signed in by it, and it did nothing.
        attack.wait_for_url(re.compile(r"127\.0\.0\.1:\d+/console"))
        attack.wait_for_load_state()
    finally:
        evil.shutdown()

    # A script on the console's own origin without the form token is refused too.
    status = page.evaluate(
        """async (target) => (await fetch(target, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
           body: 'text=forged', redirect: 'manual'})).status""", target)
    assert status == 403
    assert not any(event["kind"] == "note" for event in timeline(server, case_id))


def test_sign_in_stops_after_too_many_wrong_passwords(server, desk):
    server.staff("Inês Costa", "ines@example.com")
    page = desk.new_page()
    for attempt in range(6):
        sign_in_with_password(page, server, "ines@example.com", password=f"not-her-password-{attempt}")
    expect(page.get_by_role("alert")).to_contain_text("Too many sign-ins were tried")
    expect(page.get_by_label("E-mail address")).to_have_value("ines@example.com")
    # Even the right password waits now.
    sign_in_with_password(page, server, "ines@example.com")
    expect(page.get_by_role("alert")).to_contain_text("Too many sign-ins were tried")


def test_a_grant_above_authority_is_approved_by_a_manager_in_another_browser(server, chromium):
    server.staff("Inês Costa", "ines@example.com")
    server.staff("Dana Ruiz", "dana@example.com", role="manager")
    server.complain("The room was not clean and the towels were dirty", name="Ana")
    frontline = chromium.new_context(viewport={"width": 1280, "height": 900})
    manager = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        ines = frontline.new_page()
        sign_in_with_password(ines, server, "ines@example.com")
        ines.get_by_role("link", name="The room was not clean and the towels were dirty").click()
        ines.get_by_role("button", name="Acknowledge").click()
        expect(ines.get_by_text("On your own you may grant up to 50.00 EUR at a time")).to_be_visible()
        ines.get_by_label("Remedy", exact=True).select_option("free-night")
        ines.get_by_label("Why", exact=True).fill("Two nights of building noise")
        ines.get_by_role("button", name="Grant").click()
        expect(ines.get_by_role("status")).to_have_text("The grant waits for approval by someone whose authority covers it.")
        expect(ines.locator(".grants")).to_contain_text("A free night, 140.00 EUR: pending (waits for Dana Ruiz)")

        dana = manager.new_page()
        sign_in_with_password(dana, server, "dana@example.com")
        dana.get_by_role("link", name="Approvals").click()
        card = dana.get_by_role("listitem").filter(has_text="A free night, 140.00 EUR")
        expect(card).to_contain_text("Asked by Inês Costa")
        # Denying needs a reason; the page says so.
        card.get_by_label("Why it is denied").evaluate("element => element.value = ''")
        card.get_by_role("button", name="Deny").click()
        expect(dana.get_by_role("alert")).to_contain_text("say why it is denied")
        dana.get_by_role("listitem").filter(has_text="A free night").get_by_role("button", name="Approve").click()
        expect(dana.get_by_role("status")).to_have_text("Approved: the grant took effect.")
        expect(dana.get_by_text("Nothing waits for you.")).to_be_visible()

        # Inês's open page shows it granted, without a reload.
        expect(ines.locator(".grants")).to_contain_text("A free night, 140.00 EUR: granted, by Dana Ruiz", timeout=3000)
    finally:
        frontline.close()
        manager.close()


def test_a_failure_seen_in_person_is_logged(server, desk):
    page = desk.new_page()
    sign_in_with_link(page, server)
    page.get_by_role("link", name="Log a failure").click()
    page.get_by_label("Where").select_option(label="Harbour Hotel Lisbon")
    page.get_by_label("What went wrong").select_option(label="Noise at night")
    page.get_by_label("What you saw").fill("Party in 301 past midnight, guests in 302 and 303 awake")
    page.get_by_label("E-mail address").fill("guest302@example.com")
    page.get_by_role("button", name="Log the failure").click()
    expect(page.get_by_role("status")).to_have_text("The case is open, and its team is alarmed.")
    expect(page.get_by_text("guest302@example.com")).to_be_visible()


def test_slash_goes_to_the_search_and_a_reference_opens_the_case(server, desk):
    page = desk.new_page()
    problems = watch(page)
    sign_in_with_link(page, server)
    towels = server.complain("The towels were dirty and smelled", name="Ana Sousa", email="ana@example.com")
    server.complain("Too loud next door, could not sleep", name="Bruno", email="bruno@example.com")
    page.reload()
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search", exact=True)
    expect(search).to_be_focused()
    page.keyboard.type("TOWELS")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_label("Case reference, words or customer")).to_have_value("TOWELS")
    results = page.get_by_role("table")
    expect(results).to_contain_text("The towels were dirty and smelled")
    expect(results).to_contain_text("Ana Sousa")
    expect(results).not_to_contain_text("Too loud")

    reference = "".join(c for c in towels if c.isalnum())[-8:].upper()
    page.keyboard.press("/")
    expect(search).to_be_focused()
    page.keyboard.type(reference.lower())
    page.keyboard.press("Enter")
    expect(page).to_have_url(server.url + "/console/cases/" + towels)
    expect(page.get_by_role("heading", level=1)).to_have_text("The towels were dirty and smelled")
    assert problems == []
