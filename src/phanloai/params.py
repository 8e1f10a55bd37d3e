"""Reading and checking a world's parameter file (TOML) from ``synthetic/``.

Every problem is reported with the file, the key and what was expected, in Vietnamese first.
"""

from __future__ import annotations

import math
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from ._i18n import PhanloaiError

_MISSING = object()


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


class Params:
    """A parsed parameter file with checked accessors (``get``, ``table``, ``shares``)."""

    def __init__(self, data: dict[str, Any], source: str, prefix: str = ""):
        self.data = data
        self.source = source
        self.prefix = prefix  # where this table sits in the file, e.g. "services[5]." for one entry

    @classmethod
    def from_file(cls, path: str | Path) -> Params:
        path = Path(path)
        if not path.is_file():
            raise PhanloaiError(
                f"Không tìm thấy tệp tham số '{path}'.",
                f"Parameter file '{path}' not found.",
            )
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise PhanloaiError(
                f"Tệp tham số '{path}' không phải văn bản UTF-8 ({exc.reason}). Hãy lưu lại với mã UTF-8.",
                f"Parameter file '{path}' is not UTF-8 text ({exc.reason}). Save it as UTF-8.",
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise PhanloaiError(
                f"Tệp tham số '{path}' sai cú pháp TOML: {exc}.",
                f"Parameter file '{path}' is not valid TOML: {exc}.",
            ) from exc
        return cls(data, str(path))

    # -- errors ---------------------------------------------------------------------------
    def error(self, key: str, vi: str, en: str) -> PhanloaiError:
        key = f"{self.prefix}{key}"
        return PhanloaiError(
            f"Tệp tham số '{self.source}', khoá '{key}': {vi}",
            f"Parameter file '{self.source}', key '{key}': {en}",
        )

    def _raw(self, key: str, default=_MISSING):
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is not _MISSING:
                    return default
                raise self.error(key, "thiếu khoá này.", "this key is missing.")
            node = node[part]
        return node

    # -- accessors ------------------------------------------------------------------------
    def get(self, key: str, kind: type = float, lo=None, hi=None, default=_MISSING):
        """One value of ``kind`` (float, int, str, bool, date), within ``[lo, hi]`` if given."""
        value = self._raw(key, default)
        return self._check(key, value, kind, lo, hi)

    def _check(self, key, value, kind, lo, hi):
        names = {
            float: ("số", "a number"),
            int: ("số nguyên", "an integer"),
            str: ("chuỗi chữ", "a string"),
            bool: ("true/false", "true/false"),
            date: ("ngày dạng YYYY-MM-DD", "a date YYYY-MM-DD"),
            list: ("danh sách", "a list"),
            dict: ("bảng", "a table"),
        }
        vi_kind, en_kind = names[kind]
        ok = (
            isinstance(value, kind)
            and not isinstance(value, bool)
            or (kind is bool and isinstance(value, bool))
        )
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if kind is float and ok and not math.isfinite(value):
            ok = False
        if not ok:
            raise self.error(
                key, f"cần {vi_kind}, nhận được {value!r}.", f"expected {en_kind}, got {value!r}."
            )
        if lo is not None and value < lo or hi is not None and value > hi:
            raise self.error(
                key,
                f"giá trị {value!r} nằm ngoài khoảng cho phép [{lo}, {hi}].",
                f"value {value!r} is outside the allowed range [{lo}, {hi}].",
            )
        return value

    def table(self, key: str) -> dict[str, dict[str, Any]]:
        """A TOML table of named entries (``[sources.facebook_ads]`` ...)."""
        value = self._raw(key)
        if (
            not isinstance(value, dict)
            or not value
            or not all(isinstance(v, dict) for v in value.values())
        ):
            raise self.error(
                key, "cần một bảng các mục có tên.", "expected a table of named entries."
            )
        return value

    def entries(self, key: str) -> list[Params]:
        """A ``[[key]]`` list of tables, each checked through its own :class:`Params` whose
        errors name the entry (``services[5].group``)."""
        value = self._raw(key)
        if not isinstance(value, list) or not value:
            raise self.error(
                key, f"cần ít nhất một mục [[{key}]].", f"needs at least one [[{key}]] entry."
            )
        out = []
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self.error(f"{key}[{i}]", "cần một bảng.", "expected a table.")
            out.append(Params(entry, self.source, f"{self.prefix}{key}[{i}]."))
        return out

    def shares(self, key: str, field: str = "share") -> dict[str, float]:
        """Named shares (``[key.name] share = …``) that add up to 1 (± 0.01); returned normalised."""
        entries = self.table(key)
        return self._normalised(
            key, {name: self.get(f"{key}.{name}.{field}", float, 0.0, 1.0) for name in entries}
        )

    def flat_shares(self, key: str) -> dict[str, float]:
        """A flat table ``"label" = share`` that adds up to 1 (± 0.01); returned normalised."""
        table = self._raw(key)
        if not isinstance(table, dict) or not table:
            raise self.error(
                key, 'cần một bảng "nhãn" = tỷ lệ.', 'expected a table of "label" = share.'
            )
        return self._normalised(
            key, {label: self.get(f"{key}.{label}", float, 0.0, 1.0) for label in table}
        )

    def _normalised(self, key: str, shares: dict[str, float]) -> dict[str, float]:
        total = sum(shares.values())
        if abs(total - 1.0) > 0.01:
            raise self.error(
                key,
                f"các tỷ lệ phải cộng lại bằng 1, hiện là {total:.3f}.",
                f"the shares must add up to 1, they add up to {total:.3f}.",
            )
        return {k: v / total for k, v in shares.items()}

    def dates(self) -> tuple[date, date]:
        start = self.get("start_date", date)
        end = self.get("end_date", date)
        if end <= start:
            raise self.error("end_date", "phải sau 'start_date'.", "must come after 'start_date'.")
        return start, end
