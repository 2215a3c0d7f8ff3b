"""The pages customers see, in a real Chromium at phone and tablet size: the feedback page, its thank-you page, the
kiosk, the poster and its QR code, the embedded form, and the limits on one address."""

import os
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import free_port
from test_console import SHOTS, watch

SIZES = {"phone": {"width": 360, "height": 740}, "tablet": {"width": 1024, "height": 768}}


@pytest.fixture(params=sorted(SIZES))
def device(request, chromium):
    """A browser the size of a phone, then of a tablet, with touch."""
    context = chromium.new_context(viewport=SIZES[request.param], has_touch=True, is_mobile=request.param == "phone")
    context.size_name = request.param
    yield context
    context.close()


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(viewport=SIZES["tablet"], has_touch=True)
    yield context
    context.close()


def accepted(server):
    """How much feedback the server has stored, from its metrics."""
    with urllib.request.urlopen(server.url + "/metrics") as response:
        for line in response.read().decode().splitlines():
            if line.startswith("amends_feedback_accepted_total "):
                return int(float(line.split()[1]))
    return 0


def cases(server):
    status, body = server.api("GET", "/v1/cases?limit=100")
    assert status == 200, body
    return body["items"]


def zbar(path):
    """What Debian's zbarimg reads from an image: the exact bytes of the QR code."""
    result = subprocess.run(["zbarimg", "--nodbus", "--raw", "-q", "-Sbinary", path], capture_output=True)
    assert result.returncode == 0, f"zbarimg read no code from {path}: {result.stderr.decode()} (apt-get install zbar-tools)"
    return result.stdout.decode()


def weigh(page):
    """Counts the bytes of every response the page loads, and any request that leaves the server."""
    seen = {"bytes": 0, "outside": []}

    def on_response(response):
        try:
            seen["bytes"] += len(response.body())
        except Exception:
            pass
    page.on("response", on_response)
    return seen


def test_a_complaint_opens_a_case_and_the_thank_you_page_offers_the_status_link(server, device):
    page = device.new_page()
    problems = watch(page)
    seen = weigh(page)
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server.url) else None)
    page.goto(server.url + "/f/lisbon?lang=en")
    expect(page.get_by_role("heading", name="How was your visit to Harbour Hotel Lisbon?")).to_be_visible()
    # Nothing wider than the screen, and the whole page (with its style sheets) under 100 KB.
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[device.size_name]["width"]
    assert seen["bytes"] < 100 * 1024, seen["bytes"]
    page.get_by_role("radio", name="1 of 5").check()
    page.get_by_role("radio", name="Room").check()
    page.get_by_label("What happened?").fill("The room was dirty and there was hair in the shower")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("E-mail").fill("ana@example.com")
    if SHOTS and device.size_name == "phone":
        page.screenshot(path=os.path.join(SHOTS, "feedback-page-phone.png"), full_page=True)
    page.get_by_role("button", name="Send").click()
    # Contact details without the consent box: refused, with everything typed kept and the box named.
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to let us contact you")
    expect(page.get_by_label("E-mail")).to_have_value("ana@example.com")
    expect(page.get_by_label("What happened?")).to_have_value("The room was dirty and there was hair in the shower")
    assert cases(server) == []
    page.get_by_role("checkbox", name="Yes, you may contact me about this feedback.").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("Your report has reached Housekeeping.")).to_be_visible()
    expect(page.get_by_text("Someone from Housekeeping will contact you within 30 minutes.")).to_be_visible()
    opened = cases(server)
    assert len(opened) == 1 and opened[0]["scenario"] == "unclean-room", opened
    page.get_by_role("link", name="Follow your report").click()
    expect(page.get_by_text("Room not cleaned").first).to_be_visible()
    assert outside == [], outside
    assert problems == [], problems


def test_praise_opens_no_case(server, device):
    page = device.new_page()
    page.goto(server.url + "/f/lisbon/lobby-qr?lang=en")
    page.get_by_role("radio", name="5 of 5").check()
    page.get_by_label("What happened?").fill("Lovely stay, the staff were wonderful")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("We are glad it went well")).to_be_visible()
    assert accepted(server) == 1
    assert cases(server) == []


def test_each_shipped_language_renders(server, device):
    page = device.new_page()
    problems = watch(page)
    page.goto(server.url + "/f/lisbon?lang=en")
    for name, heading, label in [
        ("Português", "Como foi a sua visita a Harbour Hotel Lisbon?", "O que aconteceu?"),
        ("Español", "¿Qué tal su visita a Harbour Hotel Lisbon?", "¿Qué ha pasado?"),
        ("Français", "Comment s'est passée votre visite à Harbour Hotel Lisbon ?", "Que s'est-il passé ?"),
        ("Deutsch", "Wie war Ihr Besuch in Harbour Hotel Lisbon?", "Was ist passiert?"),
        ("English", "How was your visit to Harbour Hotel Lisbon?", "What happened?"),
    ]:
        page.get_by_role("navigation", name=page.locator("nav.languages").get_attribute("aria-label")).get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_label(label)).to_be_visible()
    # The browser's language when none is asked for.
    german = device.browser.new_context(locale="de-DE", viewport=SIZES[device.size_name])
    other = german.new_page()
    other.goto(server.url + "/f/lisbon")
    expect(other.get_by_role("heading", name="Wie war Ihr Besuch in Harbour Hotel Lisbon?")).to_be_visible()
    german.close()
    assert problems == [], problems


def test_no_customer_page_has_a_serious_accessibility_problem(server, device):
    axe = Axe()
    page = device.new_page()

    def check(name):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{name}: " + "; ".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in bad)

    page.goto(server.url + "/f/lisbon?lang=pt")
    check("feedback page")
    page.get_by_label("E-mail").fill("ana@example.com")
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check("feedback page with a problem")
    page.get_by_role("checkbox", name="Sim, podem contactar-me sobre esta opinião.").check()
    page.get_by_label("O que aconteceu?").fill("O quarto estava sujo")
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("heading", name="Obrigado")).to_be_visible()
    check("thank-you page")
    page.goto(server.url + "/f/lisbon/web-form?lang=fr")
    check("kiosk")
    page.goto(server.url + "/f/lisbon/lobby-qr/poster?size=a4&lang=de")
    check("poster")
    page.goto(server.url + "/f/nowhere")
    check("no such page")


def test_the_kiosk_clears_after_each_answer_and_after_a_minute_untouched(server, tablet):
    page = tablet.new_page()
    problems = watch(page)
    page.clock.install()
    page.goto(server.url + "/f/lisbon/web-form?lang=en")
    expect(page.get_by_label("E-mail")).to_have_attribute("autocomplete", "off")
    page.get_by_role("radio", name="2 of 5").check()
    page.get_by_label("What happened?").fill("The room was dirty when we arrived")
    page.get_by_label("Your name").fill("Bruno")
    page.get_by_label("E-mail").fill("bruno@example.com")
    page.get_by_role("checkbox", name="Yes, you may contact me about this feedback.").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    # No status link on a screen the next guest will see.
    expect(page.get_by_role("link", name="Follow your report")).to_have_count(0)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "kiosk-thanks.png"))
    page.clock.run_for(7000)
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    for label in ["What happened?", "Your name", "E-mail", "Phone"]:
        expect(page.get_by_label(label)).to_have_value("")
    expect(page.get_by_role("radio", name="2 of 5")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Yes, you may contact me about this feedback.")).not_to_be_checked()
    # A guest who types and walks away: cleared after a minute.
    page.get_by_label("What happened?").fill("Half a thought")
    page.clock.run_for(61000)
    expect(page.get_by_label("What happened?")).to_have_value("")
    assert len(cases(server)) == 1
    assert problems == [], problems


def test_answers_given_offline_arrive_once_when_the_network_returns(server, tablet):
    page = tablet.new_page()
    page.goto(server.url + "/f/lisbon/web-form?lang=en")
    tablet.set_offline(True)
    for text in ["The shower was cold", "The room was not clean"]:
        page.get_by_label("What happened?").fill(text)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Saved on this device. It will be sent as soon as the connection returns.")).to_be_visible()
        page.get_by_role("button", name="Send").wait_for(state="visible", timeout=10000)
    expect(page.get_by_role("status")).to_have_text("Answers waiting to be sent: 2")
    assert accepted(server) == 0
    tablet.set_offline(False)
    expect(page.get_by_role("status")).to_have_text("", timeout=15000)
    assert accepted(server) == 2
    # Sent once each: a reload and another look at the queue send nothing again.
    page.reload()
    page.wait_for_timeout(1500)
    assert accepted(server) == 2


def test_qr_codes_decode_to_the_exact_address(server, desk):
    folder = tempfile.mkdtemp(prefix="amends-qr-")
    for query, url in [
        ("?channel=lobby-qr&format=png", server.url + "/f/lisbon/lobby-qr"),
        ("?channel=web-form&format=png&lang=pt", server.url + "/f/lisbon/web-form?lang=pt"),
        ("?format=png", server.url + "/f/lisbon/lobby-qr"),
    ]:
        path = os.path.join(folder, "code.png")
        urllib.request.urlretrieve(server.url + "/v1/locations/lisbon/qr" + query, path)
        assert zbar(path) == url
    # The poster as a printer sees it: the code on the page itself reads back.
    page = desk.new_page()
    page.goto(server.url + "/f/lisbon/lobby-qr/poster?size=a4")
    expect(page.get_by_role("heading", name="Tell us how we did")).to_be_visible()
    expect(page.get_by_text(server.url + "/f/lisbon/lobby-qr")).to_be_visible()
    shot = os.path.join(folder, "poster.png")
    page.locator(".qr").screenshot(path=shot)
    assert zbar(shot) == server.url + "/f/lisbon/lobby-qr"
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "poster-a4.png"))
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


class Shop(BaseHTTPRequestHandler):
    """An online shop's page on another site, with the embed code pasted in."""

    snippet = ""

    def do_GET(self):
        page = f"<!doctype html><title>Shop</title><h1>Our shop</h1>{self.snippet}<p>Footer</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *arguments):
        pass


def test_an_online_shop_embeds_the_form_and_the_frame_fits_it(server, desk):
    page = desk.new_page()
    # The snippet as the console shows it to an admin.
    page.goto(server.link)
    page.get_by_role("button", name="Sign in").click()
    page.goto(server.url + "/console/admin/channels")
    page.get_by_text("Feedback page at Harbour Hotel Lisbon").first.click()
    snippet = page.get_by_label("To put the form on your own site, paste this where it should appear:").first.input_value()
    assert "iframe" in snippet and "/assets/embed.js" in snippet
    Shop.snippet = snippet.replace("min-height:40rem", "")
    port = free_port()
    shop = HTTPServer(("127.0.0.2", port), Shop)
    threading.Thread(target=shop.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.2:{port}/")
        frame_element = page.locator("iframe")
        expect(frame_element).to_be_visible()
        page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height > 600")
        frame = page.frame_locator("iframe")
        frame.get_by_role("radio", name="3 of 5").check()
        frame.get_by_label("What happened?").fill("The parcel came a day late")
        frame.get_by_role("button", name="Send").click()
        expect(frame.get_by_role("heading", name="Thank you")).to_be_visible()
        assert accepted(server) == 1
    finally:
        shop.shutdown()


def test_one_address_sending_too_much_is_told_to_wait(server, device):
    form = urllib.parse.urlencode({"text": "spam spam spam"}).encode()
    for _ in range(30):
        request = urllib.request.Request(server.url + "/f/lisbon/lobby-qr", data=form, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        urllib.request.urlopen(request).read()
    page = device.new_page()
    page.goto(server.url + "/f/lisbon/lobby-qr?lang=en")
    page.get_by_label("What happened?").fill("The room was dirty")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Send").click()
    assert answer.value.status == 429 and int(answer.value.headers["retry-after"]) > 0
    expect(page.get_by_text("Too many answers came from your connection just now.")).to_be_visible()
    assert accepted(server) == 30
