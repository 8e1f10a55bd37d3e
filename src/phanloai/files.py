"""Writing files that lose nothing: whole or not at all, never over the user's file unasked.

Every file (or folder of files) the package writes goes through :func:`writing`: it is written
into a fresh private temporary folder beside the target, then moved into place in one step.

- Without ``force`` the target is created exclusively: if it exists (even as a symlink, even if
  it appears while we write), nothing is replaced and a bilingual error says so.
- With ``force`` the old file is replaced in one step; a symlink at the target is replaced
  itself, never followed into the file it points to.
- An interrupted or failed write (an error, Ctrl-C, a full disk) leaves the old files exactly as
  they were and no temporary file behind.
- Every file-system problem is a bilingual :class:`~phanloai.PhanloaiError` naming the path.

Text that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``, a tab, a carriage
return) is made inert with :func:`inert_text` before it reaches a CSV or Excel file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._i18n import PhanloaiError

__all__ = ["FORMULA_STARTS", "inert_text", "writing", "writing_files"]

#: How a cell that a spreadsheet would evaluate begins (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value):
    """A text value a spreadsheet will show and never evaluate: one that starts like a formula
    gets a leading apostrophe. Anything else is returned unchanged.

    >>> inert_text("=HYPERLINK(\\"http://x\\")"), inert_text("Nguyễn Văn A"), inert_text(-5)
    ('\\'=HYPERLINK("http://x")', 'Nguyễn Văn A', -5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _problem(path: Path, exc: OSError) -> PhanloaiError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        vi, en = "ổ đĩa đã đầy", "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        vi, en = "không có quyền ghi", "no permission to write"
    elif exc.errno == errno.ENAMETOOLONG:
        vi, en = "tên quá dài", "the name is too long"
    else:
        vi, en = reason, reason
    return PhanloaiError(
        f"Không ghi được '{path}' ({vi}). Tệp cũ (nếu có) vẫn nguyên vẹn; hãy chọn chỗ khác hoặc giải phóng chỗ trống.",
        f"Cannot write '{path}' ({en}). The old file, if any, is untouched; choose another place or free some space.",
    )


def _exists(path: Path) -> bool:
    return os.path.lexists(path)  # a dangling symlink counts: it is not ours to replace


def exists_error(path: Path) -> PhanloaiError:
    return PhanloaiError(
        f"'{path}' đã có sẵn, không ghi đè. Dùng --force (force=True) nếu muốn thay.",
        f"'{path}' already exists, not overwriting. Use --force (force=True) to replace it.",
    )


def check_target(target: str | os.PathLike, force: bool, inputs=()) -> Path:
    """Before any work: ``target`` is no file it is made from (never replaced, not even with
    ``force``), and without ``force`` it does not exist yet. :func:`writing` checks again when
    it writes (another program may have made the file meanwhile)."""
    target = Path(target)
    for source in inputs:
        if source is None or not Path(source).exists():
            continue
        folder = Path(source).resolve()
        if Path(source).is_dir() and folder in target.resolve().parents:  # a folder of files
            raise PhanloaiError(
                f"'{target}' nằm trong thư mục đầu vào '{source}': lần chạy sau sẽ đọc nó như dữ "
                "liệu. Hãy chọn chỗ khác cho --out.",
                f"'{target}' is inside the input folder '{source}': the next run would read it as "
                "data. Choose another place for --out.",
            )
        if _exists(target):
            if target.resolve() == folder:
                raise PhanloaiError(
                    f"'{target}' là tệp đầu vào: kết quả không ghi đè lên nó, kể cả với --force. "
                    "Hãy chọn tên khác cho --out.",
                    f"'{target}' is an input file: the result never replaces it, not even with "
                    "--force. Choose another name for --out.",
                )
    if _exists(target) and not force:
        raise exists_error(target)
    return target


@contextmanager
def writing(
    target: str | os.PathLike, *, force: bool = False, folder: bool = False
) -> Iterator[Path]:
    """Yield a temporary path to write into (a file path, or an empty folder when ``folder``);
    on success it becomes ``target`` in one step. See the module's docstring for the guarantees.

    >>> import tempfile, pathlib
    >>> where = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with writing(where) as tmp:
    ...     _ = tmp.write_text("xin chào", encoding="utf-8")
    >>> where.read_text(encoding="utf-8")
    'xin chào'
    """
    target = Path(target)
    parent = target.parent if str(target.parent) else Path(".")
    if _exists(target) and not force:
        raise exists_error(target)
    if folder and target.is_file() and not target.is_symlink():
        raise PhanloaiError(
            f"'{target}' là một tệp, không phải thư mục.", f"'{target}' is a file, not a folder."
        )
    if not folder and target.is_dir() and not target.is_symlink():
        raise PhanloaiError(
            f"'{target}' là một thư mục, không phải tệp.", f"'{target}' is a folder, not a file."
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
        private = Path(tempfile.mkdtemp(prefix=f".{target.name[:40]}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _problem(target, exc) from exc
    work = private / ("new" if folder else target.name)
    if folder:
        work.mkdir()
    try:
        yield work
        _move_into_place(work, target, force=force, private=private)
    except OSError as exc:
        raise _problem(target, exc) from exc
    finally:  # success, error or Ctrl-C: no temporary file stays behind
        shutil.rmtree(private, ignore_errors=True)


def _move_into_place(work: Path, target: Path, *, force: bool, private: Path) -> None:
    if not force:
        if work.is_dir():
            if _exists(target):
                raise exists_error(target)
            os.rename(work, target)  # a folder: rename fails if a non-empty one appeared meanwhile
            return
        try:
            os.link(work, target)  # atomic and exclusive: fails if the target appeared meanwhile
        except FileExistsError:
            raise exists_error(target) from None
        except OSError:  # a file system without hard links: check, then rename
            if _exists(target):
                raise exists_error(target) from None
            os.rename(work, target)
        return
    if work.is_dir():
        old = private / "old"
        if _exists(target):
            os.rename(target, old)  # moved aside (a symlink moves itself), restored on failure
        try:
            os.rename(work, target)
        except OSError:
            if _exists(old):
                os.rename(old, target)
            raise
        return
    os.replace(work, target)  # replaces a symlink itself, never the file it points to


@contextmanager
def writing_files(folder: str | os.PathLike, names, *, force: bool = False) -> Iterator[Path]:
    """Write several files into ``folder`` as one: yield a private temporary folder to write
    ``names`` into; on success they all take their place together, and other files of the folder
    are left alone. Without ``force`` nothing is written if any of them exists; with ``force``
    the old ones are moved aside first and put back if anything fails or is interrupted — so the
    folder never mixes two writes, and no temporary file stays behind.
    """
    folder = Path(folder)
    names = list(names)
    if folder.exists() and not folder.is_dir():
        raise PhanloaiError(
            f"'{folder}' là một tệp, không phải thư mục.", f"'{folder}' is a file, not a folder."
        )
    existing = [folder / n for n in names if _exists(folder / n)]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise PhanloaiError(
            f"Tệp đã có sẵn, không ghi đè: {shown}. Dùng --force (force=True) nếu muốn thay.",
            f"File(s) already exist, not overwriting: {shown}. Use --force (force=True) to replace them.",
        )
    made_folder = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        private = Path(tempfile.mkdtemp(prefix=".phanloai.", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise _problem(folder, exc) from exc
    new, old = private / "new", private / "old"
    new.mkdir()
    old.mkdir()
    moved_aside, placed = [], []
    try:
        yield new
        for n in names:  # the old ones aside (a symlink moves itself, never what it points to)
            if _exists(folder / n):
                if not force:
                    raise exists_error(folder / n)
                os.rename(folder / n, old / n)
                moved_aside.append(n)
        for n in names:
            os.rename(new / n, folder / n)
            placed.append(n)
    except BaseException as exc:  # an error, a full disk, Ctrl-C: put everything back
        for n in placed:
            with contextlib.suppress(OSError):
                os.remove(folder / n)
        for n in moved_aside:
            with contextlib.suppress(OSError):
                os.rename(old / n, folder / n)
        if isinstance(exc, OSError):
            raise _problem(folder, exc) from exc
        raise
    finally:
        shutil.rmtree(private, ignore_errors=True)
        if made_folder and not placed:
            with contextlib.suppress(OSError):
                folder.rmdir()
