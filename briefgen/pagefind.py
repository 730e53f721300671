"""The pagefind binary: where it is, which one it is, and the index it makes.

briefgen talks to the binary's service mode directly: pagefind's own Python
wrapper reads one reply per tenth of a second, 500 s for 5,000 records. The
messages are base64 JSON, each ended by a comma, on its stdin and stdout.
Nothing here knows the site: a build record loads SearchIndex, and a build's
settings name the binary, without the rest of briefgen being imported.

The index is sharded: each group of records (the briefings, the actors) is
cut by a hash of each record's URL into a power of two of indexes of at most
about SHARD_RECORDS records, each a whole pagefind bundle in its own folder,
which the search page merges (pagefind's mergeIndex). pagefind cannot update
an index, and takes 2 to 3 ms of CPU a record: an edit makes again only the
indexes whose records changed, and a cold build makes them on every core.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

INDEX = "pagefind/"  # the folder of the index's shards in site/
ENTRY = "pagefind-entry.json"  # names the rest of its shard: a new shard is whole once it is
# Records per shard, at most about: an edit remakes its shard (pagefind takes
# 2 to 3 ms of CPU a record) and a search fetches a little of every shard, so
# neither thousands nor tens.
SHARD_RECORDS = 1_000
# pagefind's ready-made interfaces: the theme has its own (static/search.js)
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")

T = TypeVar("T")


class SearchError(Exception):
    """pagefind failed or stopped: the message says why."""


@dataclass(frozen=True, slots=True)
class Record:
    """One search result: a page's URL (relative to the site's root) and what
    the result shows and the search matches."""

    url: str
    title: str
    kind: str  # "Briefing" or the actor's type
    date: str  # "30 October 2016", or "" for none
    summary: str
    content: str

    def message(self, index_id: int, language: str) -> dict[str, Any]:
        meta = {"title": self.title, "kind": self.kind, "summary": self.summary}
        return {
            "type": "AddRecord",
            "index_id": index_id,
            "url": self.url,
            "content": self.content,
            "language": language,
            "meta": meta | ({"date": self.date} if self.date else {}),
            "filters": None,
            "sort": None,
        }


@dataclass(frozen=True)
class SearchIndex:
    """The index in site/: each shard's folder with the digest of the records
    it was made from, and every file of every shard."""

    digests: tuple[tuple[str, str], ...] = ()
    files: frozenset[str] = frozenset()


NO_INDEX = SearchIndex()


def shard_count(records: int) -> int:
    """How many shards a group of records is cut into: a power of two, so a
    growing group moves its records to other shards only when it doubles."""
    count = 1
    while count * SHARD_RECORDS < records:
        count *= 2
    return count


def shard_number(url: str, count: int) -> int:
    """The shard a record goes to, of `count`: by a hash of its URL, the same
    in every build and process (Python's own hash of a str is not)."""
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=4).digest(), "big") % count


def shard_folder(group: str, number: int) -> str:
    return f"{INDEX}{group}-{number}/"


def sharded(groups: dict[str, list[T]], url: Callable[[T], str]) -> dict[str, list[T]]:
    """Each group's items (records, or URLs) by the folder of the shard they
    go to, by `url`: by group and number, the first the shard the search page
    loads pagefind from. A shard with no item has no folder (pagefind's index
    of nothing is not one a search can merge); with no item at all, the first
    group's first shard is empty, so a search finds nothing, not fails."""
    found: dict[str, list[T]] = {}
    for group, items in groups.items():
        count = shard_count(len(items))
        numbered: dict[int, list[T]] = {}
        for item in items:
            numbered.setdefault(shard_number(url(item), count), []).append(item)
        found |= {shard_folder(group, n): numbered[n] for n in sorted(numbered)}
    return found or {shard_folder(next(iter(groups)), 0): []}


def shard_folders(groups: dict[str, list[str]]) -> list[str]:
    """The shards' folders for groups of URLs (see sharded)."""
    return list(sharded(groups, lambda url: url))


def shard_of(path: str) -> str:
    """The shard folder a file of the index is in."""
    return INDEX + path[len(INDEX) :].partition("/")[0] + "/"


def pagefind_binary() -> Path | None:
    """The pagefind binary: pagefind_bin's (pip), else one on PATH; None when neither."""
    try:
        import pagefind_bin

        return Path(pagefind_bin.get_executable())
    except (ImportError, OSError):
        found = shutil.which("pagefind")
        return Path(found) if found else None


def pagefind_stamp() -> str:
    """Which pagefind a build would use (path, size, mtime): part of its settings."""
    binary = pagefind_binary()
    if binary is None:
        return "none"
    stat = binary.stat()
    return f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


def index_shards(
    binary: Path, shards: dict[str, list[Record]], language: str, workers: int
) -> dict[str, bytes]:
    """The shards' indexes made by `binary`, up to `workers` at once: their
    files by path in site/."""
    from concurrent.futures import ThreadPoolExecutor  # a thread waits on each pagefind

    with ThreadPoolExecutor(max(1, min(workers, len(shards)))) as pool:
        jobs = [
            pool.submit(index_files, binary, found, language, folder)
            for folder, found in shards.items()
        ]
        return {path: data for job in jobs for path, data in job.result().items()}


def index_files(
    binary: Path, found: list[Record], language: str, folder: str = INDEX
) -> dict[str, bytes]:
    """The index of `found` made by `binary`: its files by path in site/, in `folder`."""
    replies = _service(binary, _requests(found, language or "en"))
    files = replies[-1].get("files")
    if replies[-1].get("type") != "GetFiles" or not isinstance(files, list):
        raise SearchError(f"pagefind gave no index: {str(replies[-1])[:200]}")
    return {
        folder + file["path"]: base64.b64decode(file["content"])
        for file in files
        if not file["path"].startswith(_UNUSED)
    }


def _requests(found: list[Record], language: str) -> Iterator[dict[str, Any]]:
    yield {"type": "NewIndex", "config": {"force_language": language}}
    for record in found:
        yield record.message(0, language)  # the service's first index is number 0
    yield {"type": "GetFiles", "index_id": 0}


def _service(binary: Path, requests: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send every request to `pagefind --service`; its replies, in order.

    A thread writes while this one reads: written first, all of it, the replies
    would fill the pipe and both processes would wait for ever."""
    messages = [_encode(n, r) for n, r in enumerate(requests, start=1)]
    try:
        process = subprocess.Popen(
            [os.fspath(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise SearchError(f"cannot run {binary}: {exc.strerror or exc}") from None
    assert process.stdin is not None and process.stdout is not None
    writer = threading.Thread(target=_write_all, args=(process.stdin, messages), daemon=True)
    writer.start()
    try:
        return _read_replies(process.stdout, len(messages))
    finally:  # every reply read, or giving up: either way pagefind is done
        process.kill()
        writer.join()
        with contextlib.suppress(OSError):
            process.stdin.close()
        process.wait()


def _write_all(pipe: Any, messages: list[bytes]) -> None:
    try:
        for message in messages:
            pipe.write(message)
        pipe.flush()
    except (BrokenPipeError, ValueError):  # pagefind stopped, or the reader gave up
        pass


def _read_replies(pipe: Any, expected: int) -> list[dict[str, Any]]:
    replies: list[dict[str, Any]] = []
    # the unended message's chunks: the last reply (the index's files) is
    # megabytes, and joining it chunk by chunk as it comes is quadratic
    pending: list[bytes] = []
    while len(replies) < expected:
        chunk = pipe.read1(1 << 20)
        if not chunk:
            raise SearchError(f"pagefind stopped after {len(replies)} of {expected} replies")
        if b"," not in chunk:
            pending.append(chunk)
            continue
        first, *whole = chunk.split(b",")
        pending.append(first)
        whole.insert(0, b"".join(pending))
        pending = [whole.pop()]
        for message in whole:
            reply = json.loads(base64.b64decode(message))
            payload = reply.get("payload") or {}
            if payload.get("type") == "Error":
                raise SearchError(f"pagefind: {payload.get('message', 'failed')}")
            replies.append(payload)
    return replies


def _encode(number: int, payload: dict[str, Any]) -> bytes:
    message = json.dumps({"message_id": number, "payload": payload}).encode()
    return base64.b64encode(message) + b","
