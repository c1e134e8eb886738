"""Values a process builds once and keeps: compiled SQL, rendered markup, each visitor's admin menu."""

from collections.abc import Callable, Hashable


class Kept:
    """At most `size` values, each built by `build()` the first time its key is asked for and kept as long
    as the process runs; when full, the oldest goes. For values that depend on nothing but their key
    (the key names everything they are built from)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[Hashable, object] = {}

    def get(self, key: Hashable, build: Callable[[], object]):
        value = self._values.get(key)
        if value is None:
            value = build()
            if len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)), None)  # the oldest
            self._values[key] = value
        return value

    def clear(self) -> None:
        self._values.clear()
