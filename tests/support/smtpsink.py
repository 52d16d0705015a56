"""An SMTP sink for the notification tests: accepts every message on 127.0.0.1 (a free port,
printed on the first line of stdout) and writes each one whole to FOLDER/NNNN.eml, renamed
into place once written. Python's aiosmtpd (Debian's python3-aiosmtpd).

With CERT KEY USER PASSWORD after FOLDER it requires STARTTLS with that certificate and then a
login with that user and password before it takes a message."""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.folder, "%04d.eml" % self.count)
        with open(path + ".part", "wb") as out:
            out.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(envelope.original_content)
        os.rename(path + ".part", path)
        return "250 OK"


def session_factory(handler, secure):
    if not secure:
        return lambda: SMTP(handler)
    cert, key, user, password = secure
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == user.encode() \
            and data.password == password.encode()
        return AuthResult(success=ok)

    return lambda: SMTP(handler, tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)


async def main(folder, secure):
    handler = Handler(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(session_factory(handler, secure), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main(sys.argv[1], sys.argv[2:6] if len(sys.argv) >= 6 else None))
