"""Reading and checking a world's parameter file (TOML) from ``synthetic/``.

Every problem is reported with the file, the key (its full dotted path, written as in TOML:
``sources.facebook_ads.share``, ``services[5].group``, ``categories."Áo dài".price``) and the
rule that was broken, in Vietnamese first.

The rules a parameter file must follow
--------------------------------------
- **UTF-8 text** (a byte-order mark at the start is accepted), valid TOML.
- **No unknown key.** :class:`Params` records every key a world's generator asks for; once the
  world is built, :meth:`Params.check_unknown` refuses any key in the file that was never asked
  for (a typo, a key of another world, a key in the wrong table), naming the nearest valid key.
  There are no free "metadata" keys: notes belong in ``#`` comments.
- **Values of the right kind**: a number where a number is expected (``true`` is not a number,
  ``inf`` and ``nan`` are refused), a whole number where a count is expected, a date written
  ``2025-12-31`` (no time of day), a table where a table is expected, each within its range.
- **Shares** (``share = …`` of named entries, ``"label" = share`` tables, share lists) are each
  between 0 and 1 and add up to 1 (± 0.01, then scaled to exactly 1). A file whose shares are
  meant as relative weights (percentages, counts…) says so with ``normalise_shares = true`` at
  the top: its shares may then be any numbers ≥ 0 (not all 0) and are scaled to add up to 1.
  ``weights`` (``season.month_weights``, region factors…) are always relative: ≥ 0, finite and
  not all 0.
- **Labels are distinct**: two entries of one table may not share a label (``label``, a service
  or product ``name``, a ``staff_id``, a story ``id``, an item of a list of names).
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ._i18n import PhanloaiError

_MISSING = object()
#: How far from 1 a group of shares may add up (it is then scaled to exactly 1).
SHARE_TOLERANCE = 0.01
#: The top-level key that lets a file's shares be relative weights, scaled to add up to 1.
NORMALISE_KEY = "normalise_shares"

Key = str | tuple
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_INDEXED = re.compile(r"(.*?)\[(\d+)\]$")


def synthetic_dir() -> Path:
    """Folder holding the default parameter files (repository ``synthetic/`` or the wheel copy)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "synthetic", here.parents[1] / "synthetic"):
        if (candidate / "spa.toml").is_file():
            return candidate
    raise PhanloaiError(
        "Không tìm thấy thư mục 'synthetic/' chứa tham số các tình huống.",
        "Cannot find the 'synthetic/' folder with the case parameters.",
    )


def key_text(path: tuple) -> str:
    """A key path as written in TOML: ``sources.facebook_ads.share``, ``services[5].group``,
    ``categories."Áo dài".price``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if _BARE.fullmatch(part) else json.dumps(part, ensure_ascii=False)
        out += f".{text}" if out else text
    return out


def _parts(key: Key) -> tuple:
    """``"a.b[2].c"`` → ``("a", "b", 2, "c")``; a tuple is taken as it is (for names that hold a
    dot, such as ``"Bu lông 8.8"``)."""
    if isinstance(key, tuple):
        return key
    out: list = []
    for piece in key.split("."):
        indices = []
        while m := _INDEXED.fullmatch(piece):
            piece, index = m.group(1), int(m.group(2))
            indices.insert(0, index)
        out.append(piece)
        out.extend(indices)
    return tuple(out)


def _kind_of(value) -> tuple[str, str]:
    """What a TOML value is, in words (for 'expected …, got …')."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})", f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "một bảng {…}", "a table {…}"
    if isinstance(value, list):
        return f"danh sách {value!r}", f"a list {value!r}"
    if isinstance(value, str):
        return f"chuỗi {value!r}", f"the string {value!r}"
    if isinstance(value, datetime):
        return f"ngày giờ {value.isoformat()}", f"a date-time {value.isoformat()}"
    return repr(value), repr(value)


_KINDS = {
    float: ("số", "a number"),
    int: ("số nguyên", "a whole number"),
    str: ("chuỗi chữ", "a string"),
    bool: ("true/false", "true/false"),
    date: ("ngày dạng YYYY-MM-DD (không kèm giờ)", "a date YYYY-MM-DD (without a time)"),
    list: ("danh sách [ … ]", "a list [ … ]"),
    dict: ("bảng", "a table"),
}


class Params:
    """A parsed parameter file with checked accessors (``get``, ``table``, ``shares``…).

    Keys are dotted strings (``"people.age_mean"``) or tuples of parts (``("categories",
    "Áo dài", "share")``) when a part is a name from the file. Every key asked for is recorded,
    so that :meth:`check_unknown` can refuse the keys nobody reads."""

    def __init__(
        self,
        data: dict[str, Any],
        source: str,
        prefix: str = "",
        *,
        _root: Params | None = None,
        _path: tuple = (),
    ):
        self.data = data
        self.source = source
        self._path = _path if _path else _parts(prefix.rstrip(".")) if prefix else ()
        self._root = _root if _root is not None else self
        if _root is None:
            self._asked: set[tuple] = set()

    @property
    def prefix(self) -> str:
        """Where this table sits in the file, e.g. ``services[5].`` for one entry."""
        return f"{key_text(self._path)}." if self._path else ""

    @classmethod
    def from_file(cls, path: str | Path) -> Params:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise PhanloaiError(
                f"Không tìm thấy tệp tham số '{path}'.",
                f"Parameter file '{path}' not found.",
            ) from exc
        except IsADirectoryError as exc:
            raise PhanloaiError(
                f"Không tìm thấy tệp tham số '{path}': đường dẫn này là một thư mục.",
                f"Parameter file '{path}' not found: this path is a folder.",
            ) from exc
        except OSError as exc:  # no permission, a name too long…
            raise PhanloaiError(
                f"Không đọc được tệp tham số '{path}': {exc.strerror or exc}.",
                f"Cannot read the parameter file '{path}': {exc.strerror or exc}.",
            ) from exc
        try:
            text = raw.decode("utf-8-sig")  # a byte-order mark (Notepad) is fine
        except UnicodeDecodeError as exc:
            raise PhanloaiError(
                f"Tệp tham số '{path}' không phải văn bản UTF-8 ({exc.reason} ở byte {exc.start})."
                " Hãy lưu lại với mã UTF-8.",
                f"Parameter file '{path}' is not UTF-8 text ({exc.reason} at byte {exc.start})."
                " Save it as UTF-8.",
            ) from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PhanloaiError(
                f"Tệp tham số '{path}' sai cú pháp TOML: {exc}.",
                f"Parameter file '{path}' is not valid TOML: {exc}.",
            ) from exc
        return cls(data, str(path))

    # -- errors ---------------------------------------------------------------------------
    def error(self, key: Key, vi: str, en: str) -> PhanloaiError:
        """A bilingual error naming the file and the full key (relative to this table)."""
        text = key_text(self._path + _parts(key)) if key != "" else key_text(self._path)
        return PhanloaiError(
            f"Tệp tham số '{self.source}', khoá '{text}': {vi}",
            f"Parameter file '{self.source}', key '{text}': {en}",
        )

    def _wrong_kind(self, key: Key, value, vi_kind: str, en_kind: str) -> PhanloaiError:
        vi_got, en_got = _kind_of(value)
        return self.error(
            key, f"cần {vi_kind}, nhận được {vi_got}.", f"expected {en_kind}, got {en_got}."
        )

    def _raw(self, key: Key, default=_MISSING):
        parts = _parts(key)
        self._root._asked.add(self._path + parts)
        node: Any = self.data
        for i, part in enumerate(parts):
            if not isinstance(node, dict):
                raise self._wrong_kind(parts[:i], node, "một bảng", "a table")
            if part not in node:
                if default is not _MISSING:
                    return default
                raise self._missing(parts, i, node)
            node = node[part]
        return node

    def _missing(self, parts: tuple, i: int, node: dict) -> PhanloaiError:
        want = str(parts[i])
        # a present key that looks like a misspelling (not a longer key of its own, such as
        # 'stages_close' next to a missing 'stages')
        present = [
            str(k)
            for k in node
            if not str(k).startswith(f"{want}_") and not want.startswith(f"{k}_")
        ]
        near = difflib.get_close_matches(want, present, n=1, cutoff=0.75)
        if near:
            written = key_text(self._path + parts[:i] + (near[0],))
            return self.error(
                parts,
                f"thiếu khoá này; tệp có khoá '{written}' — có phải gõ nhầm?",
                f"this key is missing; the file has '{written}' — a typo?",
            )
        return self.error(parts, "thiếu khoá này.", "this key is missing.")

    # -- accessors ------------------------------------------------------------------------
    def get(self, key: Key, kind: type = float, lo=None, hi=None, default=_MISSING):
        """One value of ``kind`` (float, int, str, bool, date, list, dict), within ``[lo, hi]``
        if given."""
        value = self._raw(key, default)
        return self._check(key, value, kind, lo, hi)

    def _check(self, key, value, kind, lo, hi):
        vi_kind, en_kind = _KINDS[kind]
        ok = (
            isinstance(value, kind)
            and not isinstance(value, bool)
            or (kind is bool and isinstance(value, bool))
        )
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if kind is date and isinstance(value, datetime):
            ok = False  # TOML date-times are dates too in Python; a world wants whole days
        if kind is float and ok and not math.isfinite(value):
            raise self.error(
                key,
                f"cần một số hữu hạn, nhận được {value!r} (không nhận inf / nan).",
                f"expected a finite number, got {value!r} (inf and nan are refused).",
            )
        if not ok:
            raise self._wrong_kind(key, value, vi_kind, en_kind)
        if lo is not None and value < lo or hi is not None and value > hi:
            if hi is None:
                vi_rule, en_rule = f"phải ≥ {lo}", f"must be ≥ {lo}"
            elif lo is None:
                vi_rule, en_rule = f"phải ≤ {hi}", f"must be ≤ {hi}"
            else:
                vi_rule = f"nằm ngoài khoảng cho phép [{lo}, {hi}]"
                en_rule = f"is outside the allowed range [{lo}, {hi}]"
            raise self.error(key, f"giá trị {value!r} {vi_rule}.", f"value {value!r} {en_rule}.")
        return value

    def label(self, key: Key, default=_MISSING) -> str:
        """A non-empty string (a label, a name, an id)."""
        value = self.get(key, str, default=default)
        if not value.strip() and default is _MISSING:
            raise self.error(key, "không được để trống.", "must not be empty.")
        return value

    def labels(self, key: Key, min_len: int = 1) -> list[str]:
        """A list of at least ``min_len`` distinct, non-empty strings."""
        value = self.get(key, list)
        parts = _parts(key)
        for i, item in enumerate(value):
            self._check(parts + (i,), item, str, None, None)
            if not item.strip():
                raise self.error(parts + (i,), "không được để trống.", "must not be empty.")
        if len(value) < min_len:
            raise self.error(
                key,
                f"cần ít nhất {min_len} mục, nhận được {len(value)}.",
                f"needs at least {min_len} item(s), got {len(value)}.",
            )
        self.check_distinct([(parts + (i,), item) for i, item in enumerate(value)])
        return value

    def numbers(self, key: Key, kind: type = float, lo=None, hi=None, length=None) -> list:
        """A list of numbers, each of ``kind`` within ``[lo, hi]`` (returned as written)."""
        value = self.get(key, list)
        if length is not None and len(value) != length:
            raise self.error(
                key,
                f"cần đúng {length} số, nhận được {len(value)}.",
                f"expected exactly {length} numbers, got {len(value)}.",
            )
        parts = _parts(key)
        for i, item in enumerate(value):
            self._check(parts + (i,), item, kind, lo, hi)
        return value

    def weights(self, key: Key, length: int | None = None) -> list:
        """Relative weights: finite numbers ≥ 0, not all 0 (returned as written)."""
        value = self.numbers(key, float, 0.0, None, length)
        if not value or sum(value) <= 0:
            raise self.error(
                key,
                "cần ít nhất một trọng số lớn hơn 0.",
                "needs at least one weight above 0.",
            )
        self._finite_total(key, value)
        return value

    def share_list(self, key: Key, length: int | None = None) -> list:
        """A list of shares that add up to 1 (see :meth:`check_shares`; returned as written)."""
        value = self.numbers(key, float, *self._share_range(), length)
        self.check_shares(key, value)
        return value

    def table(self, key: Key) -> dict[str, dict[str, Any]]:
        """A TOML table of named entries (``[sources.facebook_ads]`` ...)."""
        value = self._raw(key)
        parts = _parts(key)
        if not isinstance(value, dict) or not value:
            got = (
                _kind_of(value)
                if not isinstance(value, dict)
                else ("một bảng rỗng", "an empty table")
            )
            raise self.error(
                key,
                f"cần một bảng các mục có tên ([{key_text(self._path + parts)}.tên]), nhận được {got[0]}.",
                f"expected a table of named entries ([{key_text(self._path + parts)}.name]), got {got[1]}.",
            )
        for name, entry in value.items():
            if not isinstance(entry, dict):
                raise self._wrong_kind(parts + (name,), entry, "một bảng", "a table")
        return value

    def entries(self, key: Key, required: bool = True) -> list[Params]:
        """A ``[[key]]`` list of tables, each checked through its own :class:`Params` whose
        errors name the entry (``services[5].group``). With ``required=False`` a missing list
        is an empty one."""
        parts = _parts(key)
        value = self._raw(key, _MISSING if required else [])
        if not isinstance(value, list) or (required and not value):
            vi_got, en_got = _kind_of(value) if value != [] else ("không có mục nào", "none")
            name = key_text(self._path + parts)
            need_vi = "ít nhất một mục" if required else "các mục"
            need_en = "at least one" if required else "a list of"
            raise self.error(
                key,
                f"cần {need_vi} [[{name}]] (mỗi mục là một bảng), nhận được {vi_got}.",
                f"expected {need_en} [[{name}]] entries (each a table), got {en_got}.",
            )
        out = []
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self._wrong_kind(parts + (i,), entry, "một bảng", "a table")
            out.append(
                Params(entry, self.source, _root=self._root, _path=self._path + parts + (i,))
            )
        return out

    # -- shares ----------------------------------------------------------------------------
    @property
    def normalise_shares(self) -> bool:
        """``normalise_shares = true`` at the top of the file: shares are relative weights."""
        return self._root.get(NORMALISE_KEY, bool, default=False)

    def _share_range(self) -> tuple[float, float | None]:
        return (0.0, None) if self.normalise_shares else (0.0, 1.0)

    def shares(self, key: Key, field: str = "share") -> dict[str, float]:
        """Named shares (``[key.name] share = …``) that add up to 1; returned normalised."""
        entries = self.table(key)
        parts = _parts(key)
        lo, hi = self._share_range()
        return self._normalised(
            key, {name: self.get(parts + (name, field), float, lo, hi) for name in entries}
        )

    def flat_shares(self, key: Key) -> dict[str, float]:
        """A flat table ``"label" = share`` that adds up to 1; returned normalised."""
        table = self._raw(key)
        parts = _parts(key)
        if not isinstance(table, dict) or not table:
            got = (
                _kind_of(table)
                if not isinstance(table, dict)
                else ("một bảng rỗng", "an empty table")
            )
            raise self.error(
                key,
                f'cần một bảng "nhãn" = tỷ lệ, nhận được {got[0]}.',
                f'expected a table of "label" = share, got {got[1]}.',
            )
        lo, hi = self._share_range()
        return self._normalised(
            key, {label: self.get(parts + (label,), float, lo, hi) for label in table}
        )

    def check_shares(self, key: Key, shares) -> None:
        """Shares (a dict or a list of numbers already checked ≥ 0) must add up to 1
        (± :data:`SHARE_TOLERANCE`), or to anything above 0 with ``normalise_shares = true``."""
        values = list(shares.values()) if isinstance(shares, dict) else list(shares)
        total = self._finite_total(key, values)
        if total <= 0:
            raise self.error(
                key,
                "các tỷ lệ đều bằng 0; cần ít nhất một tỷ lệ lớn hơn 0.",
                "all the shares are 0; at least one must be above 0.",
            )
        if not self.normalise_shares and abs(total - 1.0) > SHARE_TOLERANCE:
            raise self.error(
                key,
                f"các tỷ lệ phải cộng lại bằng 1 (± {SHARE_TOLERANCE}), hiện là {total:.3f}. "
                f"Hãy sửa lại, hoặc ghi '{NORMALISE_KEY} = true' ở đầu tệp để tự chia lại cho tổng bằng 1.",
                f"the shares must add up to 1 (± {SHARE_TOLERANCE}), they add up to {total:.3f}. "
                f"Fix them, or write '{NORMALISE_KEY} = true' at the top of the file to scale them to 1.",
            )

    def _finite_total(self, key: Key, values) -> float:
        total = sum(values)
        if not math.isfinite(total):
            raise self.error(
                key,
                "tổng các số quá lớn (vô hạn); hãy dùng số nhỏ hơn.",
                "the numbers add up to more than a computer number holds; use smaller ones.",
            )
        return total

    def _normalised(self, key: Key, shares: dict[str, float]) -> dict[str, float]:
        self.check_shares(key, shares)
        total = sum(shares.values())
        return {k: v / total for k, v in shares.items()}

    # -- other checks ----------------------------------------------------------------------
    def check_distinct(self, keyed_values) -> None:
        """``(key, value)`` pairs whose values must all differ (labels, names, ids)."""
        first: dict = {}
        for key, value in keyed_values:
            if value in first:
                other = key_text(self._path + _parts(first[value]))
                raise self.error(
                    key,
                    f"{value!r} trùng với khoá '{other}'; mỗi mục cần một tên riêng.",
                    f"{value!r} is the same as key '{other}'; each entry needs its own name.",
                )
            first[value] = key

    def dates(self) -> tuple[date, date]:
        start = self.get("start_date", date)
        end = self.get("end_date", date)
        if end <= start:
            raise self.error("end_date", "phải sau 'start_date'.", "must come after 'start_date'.")
        return start, end

    # -- unknown keys ----------------------------------------------------------------------
    def unknown_keys(self) -> list[tuple]:
        """Keys present in the file that no reader asked for (typos, keys of another world)."""
        asked = self._root._asked
        out: list[tuple] = []

        def walk(node, path):
            if isinstance(node, dict) and node:
                for k, v in node.items():
                    walk(v, path + (k,))
            elif isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
                for i, v in enumerate(node):
                    walk(v, path + (i,))
            elif path not in asked:
                out.append(path)

        walk(self._root.data, ())
        return out

    def suggest(self, path: tuple) -> str | None:
        """The valid key nearest to an unknown one: the same name in another table
        (``female_share`` at the top instead of in ``[people]``), else a close name in the same
        table, else a close full key."""
        known = {p[:i] for p in self._root._asked for i in range(1, len(p) + 1)}
        same = sorted((len(k), key_text(k)) for k in known if k[-1] == path[-1] and k != path)
        if same:
            return same[0][1]
        siblings = sorted(str(k[-1]) for k in known if len(k) == len(path) and k[:-1] == path[:-1])
        near = difflib.get_close_matches(str(path[-1]), siblings, n=1, cutoff=0.6)
        if near:
            return key_text(path[:-1] + (near[0],))
        texts = sorted(key_text(k) for k in known)
        near = difflib.get_close_matches(key_text(path), texts, n=1, cutoff=0.8)
        return near[0] if near else None

    def check_unknown(self, world: str | None = None) -> None:
        """Refuse the first unknown key (after the world was built), with the nearest valid one."""
        self.normalise_shares  # noqa: B018 — checked and known in every world, shares or not
        unknown = self.unknown_keys()
        if not unknown:
            return
        path = unknown[0]
        where_vi = f" của tình huống '{world}'" if world else ""
        where_en = f" of the '{world}' world" if world else ""
        near = self.suggest(path)
        if near:
            hint_vi = f"có phải ý bạn là '{near}'?"
            hint_en = f"did you mean '{near}'?"
        else:
            hint_vi, hint_en = (
                "hãy xoá khoá này hoặc sửa chính tả.",
                "remove it or fix its spelling.",
            )
        more_vi = more_en = ""
        if len(unknown) > 1:
            others = ", ".join(f"'{key_text(p)}'" for p in unknown[1:6])
            more_vi = f" Các khoá lạ khác: {others}{' …' if len(unknown) > 6 else ''}."
            more_en = f" Other unknown keys: {others}{' …' if len(unknown) > 6 else ''}."
        root = self._root
        raise root.error(
            path,
            f"khoá lạ — không có trong tham số{where_vi}; {hint_vi}{more_vi}",
            f"unknown key — not a parameter{where_en}; {hint_en}{more_en}",
        )
