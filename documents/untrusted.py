"""Reading uploaded Office files safely: zip members checked before they are read, parsing in a limited child.

A DOCX or XLSX is a zip of XML parts. A few kilobytes can expand to gigabytes (a deflated run of spaces or of
empty paragraphs) or claim a sheet of 17 billion cells; parsed in a web worker either would take the worker's
memory and time. So every uploaded file is first inspected from the zip's central directory (sizes as stored,
then verified while streaming), and then parsed in a forked child process with an address-space and CPU limit,
killed at a wall-clock timeout; the worker only ever holds the bytes it received and the child's small result.
"""

from __future__ import annotations

import io
import multiprocessing
import resource
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


class UnsafeFile(Exception):
    """An uploaded file refused before or while it was read; the message is a Russian reason for a person."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        # Refused for its size (HTTP 413) rather than for its content (422).
        self.too_large = too_large


@dataclass(frozen=True)
class ZipLimits:
    """What an uploaded Office file may expand to."""

    max_members: int = 2_000
    max_member_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 160 * 1024 * 1024
    # Real documents compress text XML 5–30 times; a run of one repeated byte compresses a thousand times.
    max_ratio: float = 200.0
    # Parts smaller than this are never judged by their ratio (tiny parts compress oddly).
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} МБ"


def check_zip(data: bytes, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> list[str]:
    """The member names of a zip whose declared sizes stay inside the limits; UnsafeFile otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsafeFile("Файл не является документом DOCX или XLSX (повреждённый архив).") from exc
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeFile(f"В файле слишком много частей ({len(infos)}, допустимо {limits.max_members}).")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            # zipfile would refuse to open the member with a RuntimeError deep inside the parser.
            raise UnsafeFile("Файл защищён паролем (зашифрован) и не читается: снимите пароль и загрузите снова.")
        size = info.file_size
        if size > limits.max_member_bytes:
            raise UnsafeFile(
                f"Часть файла «{info.filename}» после распаковки занимает {_mb(size)} "
                f"(допустимо {_mb(limits.max_member_bytes)}).",
                too_large=True,
            )
        if size >= limits.ratio_floor_bytes and size > limits.max_ratio * max(info.compress_size, 1):
            raise UnsafeFile(
                f"Часть файла «{info.filename}» сжата в {size // max(info.compress_size, 1)} раз: "
                "такой файл не похож на документ и не читается.",
                too_large=True,
            )
        total += size
    if total > limits.max_total_bytes:
        raise UnsafeFile(
            f"Файл после распаковки занимает {_mb(total)} (допустимо {_mb(limits.max_total_bytes)}).", too_large=True
        )
    # The central directory may lie about sizes: stream every member and count what really comes out.
    for info in infos:
        seen = 0
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                seen += len(chunk)
                if seen > info.file_size or seen > limits.max_member_bytes:
                    raise UnsafeFile(
                        f"Часть файла «{info.filename}» распаковывается больше заявленного размера.", too_large=True
                    )
    return [info.filename for info in infos]


@dataclass(frozen=True)
class ChildLimits:
    """What a child that parses an uploaded file may use."""

    memory_mb: int = 384
    cpu_s: int = 10
    wall_s: float = 15.0


DEFAULT_CHILD_LIMITS = ChildLimits()


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int, cpu_s: int) -> None:
    # The forked child starts with the parent's address space; the parse gets memory_mb on top of that.
    limit = _address_space_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    try:
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except UnsafeFile as exc:
        result = ("unsafe", (exc.message, exc.too_large))
    except Exception as exc:  # a damaged file may fail anywhere inside python-docx or openpyxl
        result = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


class ParseFailed(Exception):
    """The file was read in the child and the parser failed: a damaged file (the message is technical)."""


def run_limited(fn: Callable[..., T], *args: Any, limits: ChildLimits = DEFAULT_CHILD_LIMITS) -> T:
    """fn(*args) in a forked child with memory and CPU limits, killed at the wall-clock timeout.

    fn must be a module-level function whose result pickles. Raises UnsafeFile when the child runs out of
    memory or time (or fn itself refuses the file), ParseFailed when fn raised anything else.
    """
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child, args=(child_conn, fn, args, int(limits.memory_mb), max(int(limits.cpu_s), 1)), daemon=True
    )
    proc.start()
    child_conn.close()
    try:
        if not parent_conn.poll(limits.wall_s):
            raise UnsafeFile(f"Файл читается дольше {limits.wall_s:g} с: чтение прервано.", too_large=True)
        try:
            status, payload = parent_conn.recv()
        except EOFError:
            proc.join(1)
            raise UnsafeFile(
                f"Чтение файла прервано (превышен предел памяти {limits.memory_mb} МБ или времени).", too_large=True
            ) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent_conn.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise UnsafeFile(f"Файлу не хватило памяти при чтении: предел {limits.memory_mb} МБ.", too_large=True)
    if status == "unsafe":
        message, too_large = payload
        raise UnsafeFile(message, too_large=too_large)
    raise ParseFailed(payload)


def read_office_file(
    data: bytes,
    parse: Callable[[bytes], T],
    *,
    zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
    child_limits: ChildLimits = DEFAULT_CHILD_LIMITS,
) -> T:
    """Check an uploaded DOCX/XLSX's zip, then parse it in a limited child; UnsafeFile or ParseFailed otherwise."""
    check_zip(data, zip_limits)
    return run_limited(parse, data, limits=child_limits)
