"""Fixtures for the console's browser tests: a fresh `amends serve` per test, and Chromium driven by Playwright.

The server is the executable `swift build` made (AMENDS_BINARY), on a new SQLite file, or on a new schema of the
PostgreSQL database named by AMENDS_TEST_POSTGRES_URL. Chromium is Debian's (AMENDS_CHROMIUM, else `chromium` on the
PATH), started with --no-sandbox because CI runs as root; Playwright downloads no browser.
"""

import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest
from playwright.sync_api import sync_playwright

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """The tests' real SMTP server (Tests/Fixtures/mail_server.py, on aiosmtpd), writing each message to a folder."""

    def __init__(self, folder):
        self.box = os.path.join(folder, "mail")
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(ROOT, "Tests", "Fixtures", "mail_server.py"), self.box], stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        assert line.isdigit(), f"the test mail server did not start (it printed {line!r}): pip install aiosmtpd"
        self.port = int(line)

    def messages(self):
        """Each message received: its headers and its text, decoded."""
        if not os.path.isdir(self.box):
            return []
        received = []
        for name in sorted(os.listdir(self.box)):
            if name.endswith(".eml"):
                with open(os.path.join(self.box, name), "rb") as handle:
                    message = email.message_from_bytes(handle.read(), policy=email.policy.default)
                received.append({"to": message["To"], "subject": message["Subject"], "text": message.get_content()})
        return received

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Server:
    """`amends serve` on a new database, as a newcomer starts it, with what it printed; e-mail goes to `mail`."""

    def __init__(self, binary, database, folder, mail):
        self.binary = binary
        self.database = database
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(folder, "serve.log"), "w+")
        self.mail = mail
        environment = dict(os.environ, LOG_LEVEL="warning", AMENDS_SMTP_URL=f"smtp://127.0.0.1:{mail.port}",
                           AMENDS_MAIL_FROM="care@harbour-hotel.test", AMENDS_MAIL_FROM_NAME="Harbour Hotel")
        environment.pop("AMENDS_DATABASE", None)
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", database],
            cwd=folder, stdout=self.log, stderr=subprocess.STDOUT, env=environment)
        deadline = time.time() + 60
        while time.time() < deadline:
            printed = self.printed()
            if "Amends is listening on" in printed:
                break
            if self.process.poll() is not None:
                raise RuntimeError("amends serve stopped:\n" + printed)
            time.sleep(0.1)
        else:
            raise RuntimeError("amends serve did not start:\n" + self.printed())
        printed = self.printed()
        self.admin = re.search(r"admin token:\s+(\S+)", printed).group(1)
        self.channel = re.search(r"channel token \('[^']+'\):\s+(\S+)", printed).group(1)
        self.link = re.search(r"(http://\S+/console/welcome/\S+)", printed).group(1)

    def printed(self):
        self.log.flush()
        with open(self.log.name) as handle:
            return handle.read()

    def api(self, method, path, body=None, token=None):
        """Calls the JSON API; returns (status, parsed body)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + (token or self.admin))
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read().decode() or "null")

    def complain(self, text, name=None, email=None, location="lisbon"):
        """A guest's complaint on the demo's channel; returns the case's id."""
        customer = {"email": email or f"guest-{uuid.uuid4().hex[:8]}@example.com"}
        if name is not None:
            customer["name"] = name
        status, body = self.api("POST", "/v1/feedback", {"location": location, "customer": customer, "text": text}, token=self.channel)
        assert status == 201, body
        return body["case"]["id"]

    def amends(self, *arguments, stdin=""):
        """Runs a command of the executable against the server's database."""
        result = subprocess.run(
            [self.binary, *arguments, "--database", self.database], input=stdin, capture_output=True, text=True, cwd=self.folder)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def staff(self, name, email, role="frontline", password="harbour-lights-42", location=None):
        """A staff member who signs in with a password; returns their id."""
        arguments = ["staff", "add", "--name", name, "--email", email, "--role", role]
        if location:
            arguments += ["--location", location]
        printed = self.amends(*arguments)
        member = re.search(r", id ([0-9a-f-]+),", printed).group(1)
        self.amends("staff", "password", member, stdin=password + "\n")
        return member

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture
def server():
    binary = os.environ.get("AMENDS_BINARY") or os.path.join(ROOT, ".build", "debug", "amends")
    assert os.access(binary, os.X_OK), f"no amends executable at {binary}: run swift build first, or set AMENDS_BINARY"
    folder = tempfile.mkdtemp(prefix="amends-browser-")
    postgres = os.environ.get("AMENDS_TEST_POSTGRES_URL")
    if postgres:
        separator = "&" if "?" in postgres else "?"
        database = f"{postgres}{separator}schema=browser_{uuid.uuid4().hex[:12]}"
    else:
        database = os.path.join(folder, "amends.sqlite")
    mail = MailServer(folder)
    running = Server(binary, database, folder, mail)
    yield running
    running.stop()
    mail.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    executable = os.environ.get("AMENDS_CHROMIUM") or shutil.which("chromium")
    assert executable, "the browser tests drive Debian's chromium: apt-get install chromium (or set AMENDS_CHROMIUM)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def desk(chromium):
    """A browser context the size of a desk screen."""
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    yield context
    context.close()


@pytest.fixture
def phone(chromium):
    """A browser context the size of a phone, with touch."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, device_scale_factor=2)
    yield context
    context.close()
