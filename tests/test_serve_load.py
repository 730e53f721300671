"""The preview server under load and attack (issue 7).

Every test runs the real server (`make_server`, as `briefgen serve` does) on a
free loopback port. Counts and waits are bounded: timeouts and deadlines are
only failure bounds, nothing here measures how long something took.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen import output
from briefgen import preview as preview_module
from briefgen.build import build
from briefgen.config import load_config
from briefgen.livereload import PreviewState, inject
from briefgen.preview import Preview
from briefgen.serve import SiteHandler
from briefgen.watch import CONFIG, SEED, Change

from .browser import LOOPBACK, TIMEOUT, get, serving, url_path
from .conftest import FIXTURES, poll
from .golden import copy_project

CLIENTS = 50
REQUESTS = 2_000
SECRET = b"briefgen-secret-4b1d7e"  # in files beside site/: must never be served
BIG = 8 << 20  # larger than the loopback socket buffers, so a non-reader stalls the server
SETTLE = 15.0  # failure bound for threads and descriptors to return to their start

LINUX = sys.platform.startswith("linux") and Path("/proc/self/fd").is_dir()
needs_proc = pytest.mark.skipif(not LINUX, reason="counts /proc/self/fd and /proc/self/task")


# ---------------------------------------------------------------- helpers


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def thread_count() -> int:
    """Native threads of this process (the server's included)."""
    return len(os.listdir("/proc/self/task"))


def handler_threads() -> int:
    """Threads serving one connection each (socketserver names them so)."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def settles(condition: Callable[[], object]) -> bool:
    """Whether `condition` comes to hold within SETTLE seconds (checked often)."""
    return poll(condition, SETTLE, every=0.01)


def send_raw(port: int, data: bytes) -> bytes:
    """Send bytes as they are (no client library to normalise them); read to EOF."""
    with socket.create_connection((LOOPBACK, port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_and_body(response: bytes) -> tuple[int, bytes]:
    """Status and body. An error found before the request's HTTP version is read
    is answered the HTTP/0.9 way (http.server): the error page alone."""
    if not response.startswith(b"HTTP/"):
        code = re.search(rb"Error code: (\d+)", response)
        return (int(code.group(1)) if code else 0), response
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b"\r\n", 1)[0].split()[1]), body


def listen_backlog(sock: socket.socket) -> int:
    """The accept queue a listening socket was given (Linux TCP_INFO: tcpi_sacked)."""
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return int(struct.unpack_from("I", info, 28)[0])


def site_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.name.startswith(".")
    )


# ---------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built, plus a big file, a secret beside site/ and
    symlinks inside site/ that point out of it."""
    project = copy_project(FIXTURES / "site-basic", tmp_path_factory.mktemp("load") / "project")
    build(load_config(project / "config.toml"))
    root = project / "site"
    (project / "secret.txt").write_bytes(SECRET + b"\n")
    (project / "outside").mkdir()
    (project / "outside" / "index.html").write_bytes(b"<p>" + SECRET + b"</p>")
    (project / "outside" / "secret.txt").write_bytes(SECRET)
    noise = random.Random(7)
    (root / "static" / "big.bin").write_bytes(noise.randbytes(BIG))
    (root / "static" / "medium.bin").write_bytes(noise.randbytes(300_000))
    links = {
        "leak.txt": "../secret.txt",
        "abs-leak.txt": str(project / "secret.txt"),
        "leakdir": "../outside",
        "briefings/leak": "../../outside",
        "passwd": "/etc/passwd",
        "loop": "loop",
        "dangling": "../nothing-here",
    }
    for name, target in links.items():
        os.symlink(target, root / name)
    return root


# ---------------------------------------------------------------- 1. load


@dataclass(frozen=True)
class Case:
    method: str
    url: str
    status: int
    body: bytes  # what a GET returns (HEAD: its length)
    location: str | None = None


def load_cases(root: Path) -> list[Case]:
    missing = (root / "404.html").read_bytes()
    cases: list[Case] = []
    for relative in site_files(root):
        if relative == "static/big.bin":
            continue  # for the slow-client test
        data = (root / relative).read_bytes()
        urls = {url_path(relative), "/" + relative}
        if relative.endswith("index.html") and relative != "index.html":
            folder = url_path(relative).rstrip("/")
            cases.append(Case("GET", folder, 301, b"", folder + "/"))
            cases.append(Case("GET", folder + "?from=feed", 301, b"", folder + "/"))
        for url in sorted(urls):
            cases += [Case("GET", url, 200, data), Case("HEAD", url, 200, data)]
        cases.append(Case("GET", url_path(relative) + "?v=2", 200, data))
    for url in ["/nope", "/nope/", "/briefings/nope/", "/static/nope.css", "/static", "/static/"]:
        cases += [Case("GET", url, 404, missing), Case("HEAD", url, 404, missing)]
    return cases


def mismatch(case: Case, status: int, headers: dict[str, str], body: bytes) -> str | None:
    want = b"" if case.method == "HEAD" else case.body
    length = len(case.body) if case.status != 301 else 0
    if status != case.status or body != want:
        return f"{case.method} {case.url}: {status}, {len(body)} bytes (want {case.status})"
    if headers.get("Content-Length") != str(length):
        return f"{case.method} {case.url}: Content-Length {headers.get('Content-Length')}"
    if case.location is not None and headers.get("Location") != case.location:
        return f"{case.method} {case.url}: Location {headers.get('Location')}"
    return None


@needs_proc
def test_2000_requests_from_50_clients_all_correct_and_nothing_leaks(site: Path) -> None:
    kinds = load_cases(site)
    cases = [kinds[i % len(kinds)] for i in range(REQUESTS)]
    random.Random(11).shuffle(cases)
    failures: list[str] = []
    served: list[Case] = []
    with serving(site) as server:
        # 50 clients connecting at once must all fit in the accept queue: a
        # connection the kernel drops waits a second or more for its SYN retry
        assert listen_backlog(server.httpd.socket) >= CLIENTS
        assert get(server.port, "/")[0] == 200  # warm up before counting
        assert settles(lambda: handler_threads() == 0)
        fds, threads = fd_count(), thread_count()
        start = threading.Barrier(CLIENTS, timeout=TIMEOUT)

        def client(mine: list[Case]) -> None:
            start.wait()
            for case in mine:
                try:
                    status, headers, body = get(server.port, case.url, case.method)
                except Exception as exc:
                    failures.append(f"{case.method} {case.url}: {exc!r}")
                    continue
                problem = mismatch(case, status, headers, body)
                if problem:
                    failures.append(problem)
                served.append(case)

        workers = [
            threading.Thread(target=client, args=(cases[i::CLIENTS],)) for i in range(CLIENTS)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert not any(w.is_alive() for w in workers)
        assert failures == []
        assert len(served) == REQUESTS
        assert {c.status for c in served} == {200, 301, 404}
        assert {c.method for c in served} == {"GET", "HEAD"}
        settled = settles(
            lambda: handler_threads() == 0 and fd_count() <= fds and thread_count() <= threads
        )
        after = fd_count(), thread_count()
        print(f"\nload: fds {fds} -> {after[0]}, threads {threads} -> {after[1]}")
        assert settled, f"fds {fds} -> {after[0]}, threads {threads} -> {after[1]}"
        assert server.errors == [], "".join(server.errors[:3])


# ---------------------------------------------------------------- 2. traversal

# Request targets, sent verbatim in "GET <target> HTTP/1.0": each must get the
# site's 404 page. `secret.txt` and `outside/` sit beside site/.
ESCAPES: list[bytes] = [
    b"/../secret.txt",
    b"/../../../../../../../../etc/passwd",
    b"/briefings/../../secret.txt",
    b"/./../secret.txt",
    b"/..",
    b"/../",
    b"../secret.txt",
    b"/%2e%2e/secret.txt",
    b"/%2E%2E/secret.txt",
    b"/%2E%2E%2Fsecret.txt",
    b"/%2e%2e%2f%2e%2e%2fsecret.txt",
    b"/.%2e/secret.txt",
    b"/%2e./secret.txt",
    b"/..%2fsecret.txt",
    b"/briefings/..%2f..%2fsecret.txt",
    b"/..%5csecret.txt",
    b"/..%5c..%5csecret.txt",
    b"/%5c..%5csecret.txt",
    b"/..\\secret.txt",
    b"/..\\..\\secret.txt",
    b"/briefings\\..\\..\\secret.txt",
    b"//etc/passwd",
    b"////etc/passwd",
    b"/%2F%2Fetc/passwd",
    b"/%2Fetc%2Fpasswd",
    b"/etc/passwd",
    b"file:///etc/passwd",
    b"/index.html%00.txt",
    b"/%00",
    b"/..%00/secret.txt",
    b"/index.html\x00.txt",
    b"/%c0%ae%c0%ae/secret.txt",
    b"/%c0%2e%c0%2e/secret.txt",
    b"/%e0%80%ae%e0%80%ae/secret.txt",
    b"/..%c0%afsecret.txt",
    b"/\xc0\xae\xc0\xae/secret.txt",
    b"/%ef%bc%8e%ef%bc%8e/secret.txt",
    b"/%u002e%u002e/secret.txt",
    b"/%252e%252e/secret.txt",
    b"/%252e%252e%252fsecret.txt",
    b"/..%255csecret.txt",
    b"/..;/secret.txt",
    b"http://127.0.0.1/../secret.txt",
    b"http://127.0.0.1/%2e%2e/secret.txt",
    b"http://evil.example/../../etc/passwd",
    b"*",
    b"/" + b"a/" * 20_000 + b"../secret.txt",  # long, still under the line limit
    b"/" + b"%2e%2e/" * 8_000 + b"etc/passwd",
    b"/" + b"x" * 300 + b"/../../secret.txt",  # a name longer than the filesystem allows
    # symlinks inside site/ that point out of it
    b"/leak.txt",
    b"/abs-leak.txt",
    b"/leakdir",
    b"/leakdir/",
    b"/leakdir/index.html",
    b"/leakdir/secret.txt",
    b"/briefings/leak/",
    b"/briefings/leak/secret.txt",
    b"/passwd",
    b"/loop",
    b"/dangling",
]

# Whole requests that are not valid HTTP: 400 (414 for an over-long line).
MALFORMED: list[tuple[bytes, int]] = [
    (b"GET /../secret.txt HTTP/1.0 extra\r\n\r\n", 400),
    (b"GET /.. /secret.txt HTTP/1.0\r\n\r\n", 400),
    (b"GET /../secret.txt HTTP/1.0\x00\r\n\r\n", 400),
    (b"GET /../secret.txt FTP/1.0\r\n\r\n", 400),
    (b"GET /" + b"../" * 30_000 + b"secret.txt HTTP/1.0\r\n\r\n", 414),
]


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Paths this process opens (audit events) while the block runs, any thread."""
    global _recording
    _install_audit_hook()
    record: list[str] = []
    _recording = record
    try:
        yield record
    finally:
        _recording = None


_recording: list[str] | None = None
_hooked = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    record = _recording
    if record is not None and event in ("open", "os.listdir", "os.scandir") and args:
        path = args[0]
        if isinstance(path, str | bytes | os.PathLike):
            record.append(os.fsdecode(path))


def _install_audit_hook() -> None:
    """Audit hooks cannot be removed: one, installed once, records only when asked."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True


def test_traversal_variants_get_404_and_nothing_outside_site_is_opened(site: Path) -> None:
    project = site.parent
    missing = (site / "404.html").read_bytes()
    failures: list[str] = []
    responses: list[bytes] = []
    with serving(site) as server, opened_files() as opened:
        for target in ESCAPES:
            for method in (b"GET", b"HEAD"):
                response = send_raw(server.port, method + b" " + target + b" HTTP/1.0\r\n\r\n")
                responses.append(response)
                status, body = status_and_body(response)
                want = missing if method == b"GET" else b""
                if (status, body) != (404, want):
                    failures.append(f"{method.decode()} {target[:60]!r}: {status}")
        for request, code in MALFORMED:
            try:
                response = send_raw(server.port, request)
            except ConnectionResetError:
                # the server answered and closed before reading the whole line
                if code != 414:
                    failures.append(f"{request[:60]!r}: connection reset")
                continue
            responses.append(response)
            status = status_and_body(response)[0]
            if status != code:
                failures.append(f"{request[:60]!r}: {status}, want {code}")
        # HTTP/0.9: no status line, the body alone
        response = send_raw(server.port, b"GET /../secret.txt\r\n\r\n")
        responses.append(response)
        if response != missing:
            failures.append(f"HTTP/0.9: {response[:60]!r}")
        # the canary: the hook does see the server's reads
        assert get(server.port, "/robots.txt")[0] == 200
    assert failures == []
    assert not any(SECRET in r or b"root:" in r for r in responses)
    assert server.errors == [], "".join(server.errors[:3])
    real_site = os.path.realpath(site)
    real_project = os.path.realpath(project)
    touched = {os.path.realpath(os.path.abspath(p)) for p in opened}
    assert os.path.join(real_site, "robots.txt") in touched
    beside = sorted(p for p in touched if p.startswith(real_project + os.sep))
    outside = [p for p in beside if not p.startswith(real_site + os.sep)]
    assert outside == []
    assert os.path.realpath(project / "secret.txt") not in touched
    assert "/etc/passwd" not in touched
    print(f"\ntraversal: {len(ESCAPES)} targets x GET/HEAD, {len(MALFORMED) + 1} malformed")


def test_absolute_form_redirect_stays_on_this_server(site: Path) -> None:
    """A folder URL without its slash is redirected to a path on this server,
    whatever host an absolute-form request names."""
    with serving(site) as server:
        for target in [b"http://evil.example/briefings/chelsea-sack-mutu", b"//evil.example"]:
            response = send_raw(server.port, b"GET " + target + b" HTTP/1.0\r\n\r\n")
            head = response.partition(b"\r\n\r\n")[0].decode("latin-1")
            location = [h for h in head.split("\r\n") if h.lower().startswith("location:")]
            assert all(h.split(":", 1)[1].strip().startswith("/") for h in location), head
            assert not any(h.split(":", 1)[1].strip().startswith("//") for h in location), head


# ---------------------------------------------------------------- 3. slow clients


def stalled_reader(port: int) -> socket.socket:
    """Asks for the big file and never reads: the server's write fills the buffers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(TIMEOUT)
    sock.connect((LOOPBACK, port))
    sock.sendall(b"GET /static/big.bin HTTP/1.0\r\n\r\n")
    return sock


def slowloris(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection((LOOPBACK, port), timeout=TIMEOUT)
    sock.sendall(data)
    return sock


def hang_up(sock: socket.socket, i: int) -> None:
    """Close; every other one with a TCP reset, as a crashed client does."""
    if i % 2:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def open_hanging(port: int) -> list[socket.socket]:
    hanging = [slowloris(port, b"GET /index.html HT") for _ in range(10)]
    hanging += [slowloris(port, b"GET / HTTP/1.0\r\nHost: x\r\n") for _ in range(5)]
    hanging += [stalled_reader(port) for _ in range(5)]
    return hanging


@needs_proc
def test_slow_and_vanishing_clients_do_not_hold_up_others(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the server drops a client that sends or reads nothing for this long
    assert isinstance(SiteHandler.timeout, int | float) and 0 < SiteHandler.timeout <= 120
    monkeypatch.setattr(SiteHandler, "timeout", 120)  # first: they stay as long as we like
    big = (site / "static" / "big.bin").read_bytes()
    home = (site / "index.html").read_bytes()
    with serving(site) as server:
        port = server.port
        assert get(port, "/")[0] == 200
        assert settles(lambda: handler_threads() == 0)
        fds, threads = fd_count(), thread_count()
        hanging = open_hanging(port)
        for i in range(20):  # connect and hang up at once
            hang_up(socket.create_connection((LOOPBACK, port), timeout=TIMEOUT), i)
        for i in range(10):  # hang up in the middle of the big file
            sock = slowloris(port, b"GET /static/big.bin HTTP/1.0\r\n\r\n")
            got = b"-"
            while got and len(got) < 100_000:
                got += sock.recv(65536)
            hang_up(sock, i)
        # only the 20 hanging clients still hold a thread
        assert settles(lambda: handler_threads() == len(hanging)), handler_threads()
        # meanwhile everyone else is served, each request bounded by TIMEOUT
        results: list[tuple[int, bytes]] = []

        def client() -> None:
            for url in ["/", "/static/style.css", "/static/big.bin", "/nope"]:
                status, _, body = get(port, url)
                results.append((status, body))

        workers = [threading.Thread(target=client) for _ in range(10)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert len(results) == 40
        assert results.count((200, home)) == 10 and results.count((200, big)) == 10
        # still hanging, still harmless (the last normal request's thread may be ending)
        assert settles(lambda: handler_threads() == len(hanging)), handler_threads()
        for sock in hanging:
            sock.close()
        assert settles(lambda: fd_count() <= fds and thread_count() <= threads)
        after_hang_up = fd_count(), thread_count()

        # with a short timeout the server lets go of them by itself
        monkeypatch.setattr(SiteHandler, "timeout", 0.5)
        hanging = open_hanging(port)
        # no thread holds them, and the server's ends are closed (ours still open)
        assert settles(lambda: handler_threads() == 0 and fd_count() <= fds + len(hanging)), (
            handler_threads(),
            fd_count(),
        )
        for sock in hanging[:15]:
            assert sock.recv(1024) == b""  # the server closed a silent client
        for sock in hanging:
            sock.close()
        assert get(port, "/")[2] == home
        assert settles(lambda: fd_count() <= fds and thread_count() <= threads)
        print(
            f"\nslow: fds {fds} -> {after_hang_up[0]} -> {fd_count()}, "
            f"threads {threads} -> {after_hang_up[1]} -> {thread_count()}"
        )
    assert server.errors == [], "".join(server.errors[:3])


# ---------------------------------------------------------------- 4. rebuilds

MORE = b"\nTony Blair said the offensive on Mosul would take months.\n"
# the fixture's pagination kept, so no page comes or goes
TITLE = '[build]\npage_size = 2\n[site]\ntitle = "Briefings Under Load"\n'
DESCRIPTION = 'description = "Served while it is rebuilt."\n'


class Fetchers:
    """Clients fetching `urls` round and round until stopped, noting for each
    response the stage (see unexpected) when its request began and ended."""

    def __init__(self, port: int, urls: list[str], clients: int = 8) -> None:
        self.port = port
        self.urls = urls
        self.stage = 0
        self.responses: list[tuple[str, int, int, int, bytes]] = []
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._count = threading.Condition()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def __enter__(self) -> Fetchers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)
        assert not any(t.is_alive() for t in self._threads)

    def _run(self, offset: int) -> None:
        deadline = time.monotonic() + 60
        n = offset
        while not self._stop.is_set() and time.monotonic() < deadline:
            url = self.urls[n % len(self.urls)]
            n += 1
            began = self.stage
            try:
                status, _, body = get(self.port, url)
            except Exception as exc:
                self.failures.append(f"{url}: {exc!r}")
                continue
            with self._count:
                self.responses.append((url, began, self.stage, status, body))
                self._count.notify_all()

    def more(self, n: int) -> None:
        """Wait until `n` more responses came in."""
        with self._count:
            target = len(self.responses) + n
            reached = self._count.wait_for(lambda: len(self.responses) >= target, 30)
        assert reached, f"{len(self.responses)} responses, wanted {target}"

    def unexpected(self, versions: list[dict[str, bytes]]) -> list[str]:
        """Responses that are not, byte for byte, a version the site had while
        the request ran: stage 2k is version k alone, stage 2k+1 the change
        from version k to k+1 (either)."""
        bad = list(self.failures)
        for url, began, ended, status, body in self.responses:
            allowed = set()
            for stage in range(began, ended + 1):
                allowed.add(versions[stage // 2][url])
                if stage % 2:
                    allowed.add(versions[stage // 2 + 1][url])
            if status != 200 or body not in allowed:
                bad.append(f"{url}: {status}, {len(body)} bytes, stages {began}-{ended}")
        return bad


def served_bytes(root: Path, files: list[str], state: PreviewState | None) -> dict[str, bytes]:
    """What the server sends for each file, by URL path."""
    served: dict[str, bytes] = {}
    for relative in files:
        data = (root / relative).read_bytes()
        if state is not None and relative.endswith(".html"):
            data = inject(data, state.error)  # the preview adds its reload script
        served[url_path(relative)] = data
    return served


def test_rebuilds_during_load_serve_whole_old_or_new_pages(
    fixture_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a second after the last rebuild the preview makes the search index again
    # (settle), removing its old files; the pages compared here are the first
    # build's files, so settling must wait until the test is over (close())
    monkeypatch.setattr(preview_module, "SETTLE_DELAY", 3600.0)
    lines: list[str] = []
    config = fixture_project / "config.toml"
    preview = Preview(lambda: load_config(config), log=lines.append)
    assert preview.rebuild()
    root = preview.config.output_dir
    files = site_files(root)
    urls = [url_path(f) for f in files]
    versions = [served_bytes(root, files, preview.state)]
    seed = fixture_project / "seeds" / "seed-mosul.txt"
    held: list[int] = []
    try:
        with serving(root, preview.state) as server, Fetchers(server.port, urls) as fetchers:
            show_first = preview._first

            def hold_after_first_write(write: object) -> None:
                # the edited page is in, the pages listing it are not yet:
                # hold the rebuild here until 200 responses were served
                show_first(write)
                before = len(fetchers.responses)
                fetchers.more(200)
                held.append(len(fetchers.responses) - before)

            preview._first = hold_after_first_write  # type: ignore[method-assign]
            fetchers.more(100)
            for change, edit in [
                (Change(SEED, seed.resolve()), lambda: seed.write_bytes(seed.read_bytes() + MORE)),
                (Change(CONFIG, config.resolve()), lambda: config.write_text(TITLE)),
                (Change(CONFIG, config.resolve()), lambda: config.write_text(TITLE + DESCRIPTION)),
            ]:
                edit()
                fetchers.stage += 1
                assert preview.rebuild([change]), lines
                versions.append(served_bytes(root, files, preview.state))
                fetchers.stage += 1
                fetchers.more(100)
        assert server.errors == [], "".join(server.errors[:3])
    finally:
        preview.close()
    assert held and held[0] >= 200  # requests were served in the middle of a rebuild
    bad = fetchers.unexpected(versions)
    assert bad == [], f"{len(bad)} of {len(fetchers.responses)}: {bad[:10]}"
    briefing = "/briefings/syria-iraqs-popular-mobilisation-ready-to-fight-for-assad/"
    assert versions[0][briefing] != versions[1][briefing]
    assert [u for u in urls if u.endswith("/") and versions[1][u] == versions[2][u]] == []
    assert versions[2]["/"] != versions[3]["/"], lines
    during = sum(any(s % 2 for s in range(r[1], r[2] + 1)) for r in fetchers.responses)
    print(f"\nrebuild: {len(fetchers.responses)} responses, {during} during a rebuild")


def exchange(a: Path, b: Path) -> None:
    """How a build swaps a fully built folder in (renameat2 RENAME_EXCHANGE)."""
    assert output._exchange(a, b), "the exchange worked before and fails now"


def exchange_or_skip(a: Path, b: Path) -> None:
    if not (output._exchange(a, b) and output._exchange(a, b)):
        pytest.skip("no atomic folder exchange here")


@pytest.mark.skipif(not LINUX, reason="renameat2 is Linux's")
def test_server_follows_a_site_folder_swapped_in_by_rename(fixture_project: Path) -> None:
    """The served folder may become another inode between two requests: every
    request made after a swap gets the new site, none a 404 or a mixed page."""
    config = fixture_project / "config.toml"
    build(load_config(config))
    live = fixture_project / "site"
    other = fixture_project / ".site.next"
    shutil.copytree(live, fixture_project / "first")
    config.write_text(TITLE)
    build(load_config(config))
    shutil.move(live, other)
    shutil.move(fixture_project / "first", live)
    exchange_or_skip(live, other)
    files = site_files(live)
    assert files == site_files(other)
    urls = [url_path(f) for f in files]
    first, second = served_bytes(live, files, None), served_bytes(other, files, None)
    assert first["/"] != second["/"]
    swaps = 12
    with serving(live) as server, Fetchers(server.port, urls) as fetchers:
        for _ in range(swaps):
            fetchers.more(40)
            fetchers.stage += 1
            exchange(live, other)
            fetchers.stage += 1
        fetchers.more(40)
    assert server.errors == [], "".join(server.errors[:3])
    bad = fetchers.unexpected([first, second] * (swaps // 2) + [first])
    assert bad == [], f"{len(bad)} of {len(fetchers.responses)}: {bad[:10]}"
    seen = {body for _, began, ended, _, body in fetchers.responses if began == ended}
    assert first["/"] in seen and second["/"] in seen
