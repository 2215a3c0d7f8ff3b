"""Survey campaigns end to end against a real SMTP server: a visit reported through the API is e-mailed its survey in
the customer's language, reminded once, answered once through the link in a real Chromium at phone and tablet size;
unsubscribing stops every later survey; and the console shows the response rate."""

import datetime
import re
import time
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from test_console import watch
from test_feedback_pages import SIZES


@pytest.fixture(params=sorted(SIZES))
def device(request, chromium):
    context = chromium.new_context(viewport=SIZES[request.param], has_touch=True, is_mobile=request.param == "phone")
    yield context
    context.close()


def quick_campaign(server):
    """The demo playbook, its post-stay survey asking a second after a visit and reminding three seconds later."""
    status, stored = server.api("GET", "/v1/playbook")
    assert status == 200, stored
    playbook = stored["playbook"]
    survey = next(channel for channel in playbook["channels"] if channel["key"] == "nps-survey")
    survey["campaign"] = {"after": "1s", "reminder_after": "3s", "link_lasts": "1d"}
    status, body = server.api("PUT", "/v1/playbook", playbook)
    assert status == 200, body


def visit(server, email, name, language=None):
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {"campaign": "nps-survey", "location": "lisbon", "visited_at": at, "customer": {"email": email, "name": name},
            "external_id": "BK-" + uuid.uuid4().hex[:8]}
    if language:
        body["language"] = language
    status, made = server.api("POST", "/v1/visits", body)
    assert status == 201, made
    return made["visit"]["id"]


def mail_to(server, address, count, wait=20):
    """The messages to `address`, once there are `count` of them."""
    deadline = time.time() + wait
    while True:
        mine = [message for message in server.mail.messages() if address in message["to"]]
        if len(mine) >= count or time.time() > deadline:
            return mine
        time.sleep(0.2)


def link(text, prefix):
    return re.search(r"(http://\S+" + re.escape(prefix) + r"\S+)", text).group(1)


def test_the_survey_is_mailed_in_the_customers_language_reminded_once_and_answered_once(server, device):
    quick_campaign(server)
    address = f"ana-{uuid.uuid4().hex[:6]}@example.com"
    visit(server, address, "Ana", language="fr")
    mail = mail_to(server, address, 1)
    assert len(mail) == 1, server.mail.messages()
    assert mail[0]["subject"] == "Comment s'est passée votre visite à Harbour Hotel Lisbon ?"
    assert mail[0]["text"].startswith("Bonjour Ana,")
    survey = link(mail[0]["text"], "/s/2.")
    # One reminder, with the same link, and no more.
    mail = mail_to(server, address, 2)
    assert len(mail) == 2 and mail[1]["subject"] == "Une minute pour Harbour Hotel Lisbon ?"
    assert link(mail[1]["text"], "/s/2.") == survey
    time.sleep(5)
    assert len(mail_to(server, address, 3, wait=0)) == 2

    page = device.new_page()
    problems = watch(page)
    page.goto(survey)
    expect(page.get_by_role("heading", name="Comment s'est passée votre visite à Harbour Hotel Lisbon ?")).to_be_visible()
    expect(page.get_by_text("À propos de votre visite du")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_count(0)
    axe = Axe()
    bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    page.get_by_role("radio", name="9 sur 10").check()
    page.get_by_label("Que s'est-il passé ?").fill("Très bon séjour")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", name="Merci")).to_be_visible()
    # The link works once.
    page.goto(survey)
    expect(page.get_by_text("Ce questionnaire a déjà reçu une réponse. Merci !")).to_be_visible()
    assert problems == [], problems

    status, campaign = server.api("GET", "/v1/campaigns/nps-survey")
    assert status == 200 and campaign["figures"]["answered"] == 1 and campaign["figures"]["reminded"] == 1, campaign
    assert campaign["figures"]["response_rate"] == 1, campaign


def test_unsubscribing_stops_the_reminder_and_every_later_survey(server, device):
    quick_campaign(server)
    address = f"bea-{uuid.uuid4().hex[:6]}@example.com"
    visit(server, address, "Bea")
    mail = mail_to(server, address, 1)
    assert len(mail) == 1 and mail[0]["subject"] == "How was your visit to Harbour Hotel Lisbon?"
    page = device.new_page()
    page.goto(link(mail[0]["text"], "/s/unsubscribe/"))
    expect(page.get_by_text(f"Stop sending surveys to {address}?")).to_be_visible()
    axe = Axe()
    bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    page.get_by_role("button", name="Send me no more surveys").click()
    expect(page.get_by_role("status")).to_have_text("Done. We will not send you surveys again.")
    later = visit(server, address, "Bea")
    time.sleep(6)
    assert len(mail_to(server, address, 2, wait=0)) == 1, "neither the reminder nor the next stay's survey went"
    status, body = server.api("GET", f"/v1/visits/{later}")
    assert status == 200 and body["state"] == "unsubscribed", body


def test_the_console_shows_each_campaigns_response_rate(server, desk):
    quick_campaign(server)
    answered = f"cal-{uuid.uuid4().hex[:6]}@example.com"
    silent = f"dan-{uuid.uuid4().hex[:6]}@example.com"
    visit(server, answered, "Cal")
    visit(server, silent, "Dan")
    survey = link(mail_to(server, answered, 1)[0]["text"], "/s/2.")
    assert mail_to(server, silent, 1)
    page = desk.new_page()
    problems = watch(page)
    page.goto(survey)
    page.get_by_role("radio", name="10 of 10").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.goto(server.link)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()
    page.get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", name="Surveys", level=1)).to_be_visible()
    section = page.get_by_role("region", name="Post-stay NPS survey")
    expect(section.get_by_text("50.0%")).to_be_visible()
    visits = section.get_by_role("list", name="Latest visits")
    expect(visits.get_by_role("listitem").filter(has_text="Cal")).to_contain_text("answered; invited")
    expect(visits.get_by_role("listitem").filter(has_text="Dan")).to_contain_text("waiting for an answer; invited")
    axe = Axe()
    bad = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], bad
    assert problems == [], problems
