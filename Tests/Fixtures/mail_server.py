"""A real SMTP server for the tests, on aiosmtpd (PyPI): prints its port, then writes each message it accepts to
MAILDIR/N.eml and what the client did (EHLO name, TLS, login, envelope) to MAILDIR/N.json.

    python3 mail_server.py MAILDIR [--tls starttls|smtps --cert PEM --key PEM] [--auth USER:PASSWORD] [--smtputf8] [--offer-no-auth]

With --auth the server requires AUTH, and offers it only once the connection is encrypted (aiosmtpd's default);
with --offer-no-auth its answer to EHLO offers no AUTH at all.
"""
import argparse
import asyncio
import json
import os
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, maildir, hide_auth):
        self.maildir = maildir
        self.hide_auth = hide_auth
        self.count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.hide_auth:
            responses = [line for line in responses if not line.startswith("250-AUTH")]
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.maildir, f"{self.count:04d}")
        with open(base + ".eml", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as out:
            json.dump({
                "ehlo": session.host_name,
                "tls": session.ssl is not None,
                "login": session.login_data.decode() if isinstance(session.login_data, bytes) else session.login_data,
                "mail_from": envelope.mail_from,
                "mail_options": envelope.mail_options,
                "rcpt_tos": envelope.rcpt_tos,
            }, out)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("maildir")
    parser.add_argument("--tls", choices=["starttls", "smtps"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--smtputf8", action="store_true")
    parser.add_argument("--offer-no-auth", action="store_true")
    options = parser.parse_args()
    os.makedirs(options.maildir, exist_ok=True)

    context = None
    if options.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.cert, options.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = options.auth.split(":", 1)
        good = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        if good:
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)

    handler = Recorder(options.maildir, options.offer_no_auth)

    def factory():
        return SMTP(
            handler,
            hostname="mail.test",
            enable_SMTPUTF8=options.smtputf8,
            tls_context=context if options.tls == "starttls" else None,
            require_starttls=options.tls == "starttls",
            auth_required=options.auth is not None,
            authenticator=authenticator if options.auth else None,
            auth_require_tls=True,
        )

    async def serve():
        server = await asyncio.get_running_loop().create_server(
            factory, "127.0.0.1", 0, ssl=context if options.tls == "smtps" else None)
        print(server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
