"""An SMTP sink for the notification tests: accepts every message on 127.0.0.1 (a free port,
printed on the first line of stdout) and writes each one whole to FOLDER/NNNN.eml, renamed
into place once written. Python's aiosmtpd (Debian's python3-aiosmtpd)."""
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP


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


async def main(folder):
    handler = Handler(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


asyncio.run(main(sys.argv[1]))
