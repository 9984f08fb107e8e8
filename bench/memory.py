"""Peak memory of a process and everything it starts (pytest workers, the Playwright driver, Chromium)."""

from __future__ import annotations

import threading

import psutil


def tree_memory(root: psutil.Process) -> int:
    """Bytes the tree holds, each shared page counted once across it (PSS), or resident bytes where PSS is hidden."""
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return total


class PeakMemory:
    """Samples a process tree's memory every `interval` seconds in a thread, keeping the highest sample."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self._root = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self.peak_bytes = 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_bytes = max(self.peak_bytes, tree_memory(self._root))
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
