"""A real Kannel on 127.0.0.1 for the tests: bearerbox, smsbox and kannel-extras' fake SMSC (`fakesmsc`).

`start_kannel(tmp_path, egov_url)` writes a kannel.conf with free ports, starts the three processes, waits
until smsbox answers and the fake SMSC is online, and returns a `Kannel` that stops them all. The fake SMSC
prints what it receives ("Got message N: <from to ucs-2 %00H...>"); `received()` decodes it. `send_mo`
restarts the fake SMSC with one message from a phone to egov's short number.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = shutil.which("fakesmsc") or "/usr/lib/kannel/test/fakesmsc"
SHORT_NUMBER = "8088"
USERNAME, PASSWORD, SECRET = "egov", "kannel-test-password", "kannel-test-secret"


def _bytes(data: str) -> bytes:
    """fakesmsc's URL-encoded data ("+" for a space byte)."""
    return unquote_to_bytes(data.replace("+", "%20"))


def missing() -> str:
    """Why Kannel cannot run here, or "" when it can."""
    absent = [name for name in (BEARERBOX, SMSBOX, FAKESMSC) if not Path(name).exists()]
    if absent:
        return f"Kannel is not installed ({', '.join(absent)}): apt-get install kannel kannel-extras"
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CONF = """\
group = core
admin-port = {admin}
admin-password = admin-test
admin-interface = 127.0.0.1
smsbox-port = {smsbox}
smsbox-interface = 127.0.0.1
wdp-interface-name = ""
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
mo-recode = true
log-level = 1

group = sendsms-user
username = {username}
password = {password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "{egov}/kenh/kannel/inbound/?s={secret}&from=%p&to=%P&text=%a&charset=%C"
"""


@dataclass
class Kannel:
    directory: Path
    ports: dict[str, int]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"

    def _start(self, name: str, *args: str) -> None:
        out = open(self.directory / f"{name}.log", "ab")  # noqa: SIM115 (kept open while the process runs)
        self.processes[name] = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, cwd=self.directory
        )

    def _stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def start_smsc(self, *messages: str, count: int = 0) -> None:
        self._stop("fakesmsc")
        args = [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-i", "0.1", "-m", str(count)]
        self._start("fakesmsc", *args, *(messages or ("1 2 text unused",)))
        self.wait_online()

    def send_mo(self, sender: str, text: str) -> None:
        """One SMS from `sender` to the short number, sent as UCS-2 so Vietnamese marks arrive as typed."""
        data = quote(text.encode("utf-16-be"), safe="")
        self.start_smsc(f"{sender} {SHORT_NUMBER} ucs2 {data}", count=1)

    def status(self) -> str:
        url = f"http://127.0.0.1:{self.ports['admin']}/status.txt?password=admin-test"
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return str(answer.read().decode())
        except OSError:
            return ""

    def wait_online(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if "fake" in status and "online" in status.split("fake", 1)[1].splitlines()[0]:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the fake SMSC did not come online:\n{self.status()}\n{self.logs()}")

    def wait_sendsms(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.ports["sendsms"]), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"smsbox did not open its sendsms port:\n{self.logs()}")

    def received(self) -> list[tuple[str, str, str]]:
        """(from, to, text) of every message the fake SMSC received, text decoded; the segments of a
        concatenated message (a "udh" line each, UCS-2 data) are joined back into one text."""
        path = self.directory / "fakesmsc.log"
        found: list[tuple[str, str, str]] = []
        parts: dict[tuple[str, str, int], dict[int, bytes]] = {}
        for line in path.read_text("utf-8", "replace").splitlines() if path.exists() else []:
            if "Got message" not in line or "<" not in line:
                continue
            body = line.split("<", 1)[1].rsplit(">", 1)[0]
            sender, to, kind, data = ([*body.split(" ", 3), "", "", "", ""])[:4]
            if kind == "udh":
                udh, _kind, data = ([*data.split(" ", 2), "", ""])[:3]
                header = _bytes(udh)  # 05 00 03 reference total part
                ref, total, part = header[3], header[4], header[5]
                segments = parts.setdefault((sender, to, ref), {})
                segments[part] = _bytes(data)
                if len(segments) == total:
                    joined = b"".join(segments[i] for i in sorted(segments))
                    found.append((sender, to, joined.decode("utf-16-be", "replace")))
            elif kind == "ucs-2":
                found.append((sender, to, _bytes(data).decode("utf-16-be", "replace")))
            else:
                found.append((sender, to, _bytes(data).decode("latin-1")))
        return found

    def wait_received(self, count: int, timeout: float = 20) -> list[tuple[str, str, str]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received()
            if len(got) >= count:
                return got
            time.sleep(0.2)
        raise AssertionError(f"the fake SMSC received {self.received()}, expected {count}:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text('utf-8', 'replace')[-3000:]}"
            for p in sorted(self.directory.glob("*.log"))
        )

    def stop(self) -> None:
        for name in ("smsbox", "fakesmsc", "bearerbox"):
            self._stop(name)


def start_kannel(directory: Path, egov_url: str) -> Kannel:
    ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
    kannel = Kannel(directory, ports)
    conf = directory / "kannel.conf"
    conf.write_text(CONF.format(**ports, username=USERNAME, password=PASSWORD, secret=SECRET, egov=egov_url))
    try:
        kannel._start("bearerbox", BEARERBOX, str(conf))
        deadline = time.monotonic() + 20
        while not kannel.status() and time.monotonic() < deadline:
            time.sleep(0.2)
        kannel.start_smsc()
        kannel._start("smsbox", SMSBOX, str(conf))
        kannel.wait_sendsms()
    except Exception:
        kannel.stop()
        raise
    return kannel
