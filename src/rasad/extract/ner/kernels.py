"""Which kernel and how many threads the e5 encoder uses on the CPU it finds.

The encoder's cost is its linear layers (95 % of the time), so the choice is
the number format of their matrix products. The cascade, first match wins:

1. ``$RASAD_KERNEL`` names a kernel (``fp32``, ``bf16`` or ``int8``): that one.
   An unknown name is an error that lists the valid ones.
2. The CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX, as torch reports
   them): ``bf16``. On the development machine that had it, bfloat16 linear
   layers ran 1.6x faster than float32 on one thread with the same F1.
3. Otherwise ``fp32``. On an AVX2 CPU without bfloat16 (AMD EPYC Zen 3),
   bfloat16 ran 6x *slower* than float32 (it is emulated: fa 490 vs 3,033
   words/s), and int8 (dynamic quantisation, per-row weight scales) was no
   faster (0.99-1.03x) and lost 1.2-1.6 F1 points:
   ``benchmarks/encoder_kernels.py`` and docs/ner.md.

Threads: ``$RASAD_THREADS`` if set, else one per core this process may use,
divided among the ``ingest -j`` workers, and no more than the cores other
processes leave free when the encoder is built (:func:`threads_for`,
:func:`busy_cores`): on a shared machine one thread per free core is faster
than oversubscribing. Torch's own threads are set once per process, when the
encoder is first built.

``rasad doctor`` prints what this module found and chose.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

#: Environment variable that overrides the kernel choice.
KERNEL_ENV = "RASAD_KERNEL"
#: Environment variable that overrides the thread count of one process.
THREADS_ENV = "RASAD_THREADS"
#: Kernels the encoder implements.
KERNELS = ("fp32", "bf16", "int8")


class KernelError(ValueError):
    """An unknown kernel or thread count in the environment."""


@dataclass(frozen=True)
class CpuFeatures:
    """What torch reports about this CPU."""

    machine: str
    capability: str  # torch's vector ISA level: AVX2, AVX512, SVE256, DEFAULT ...
    cores: int  # cores this process may run on
    flags: dict[str, bool] = field(default_factory=dict)  # avx2, avx512, avx512_bf16, amx, vnni

    @property
    def native_bf16(self) -> bool:
        """True when the CPU multiplies bfloat16 matrices in hardware."""
        return self.flags.get("avx512_bf16", False) or self.flags.get("amx", False)

    def summary(self) -> str:
        found = [name for name, on in self.flags.items() if on]
        return f"{self.machine}, torch {self.capability}, {self.cores} cores; " + (
            ", ".join(found) if found else "no AVX2/AVX-512/AMX flags"
        )


@dataclass(frozen=True)
class Choice:
    """The kernel and thread count chosen, and why."""

    kernel: str
    threads: int
    reason: str


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@functools.cache
def cpu_features() -> CpuFeatures:
    """The CPU as torch sees it (without torch: the machine name only)."""
    flags: dict[str, bool] = {}
    capability = "unknown (torch not installed)"
    try:
        import torch

        capability = str(torch.backends.cpu.get_cpu_capability())
        probes = {
            "avx2": "_is_avx2_supported",
            "avx512": "_is_avx512_supported",
            "avx512_bf16": "_is_avx512_bf16_supported",
            "amx": "_is_amx_tile_supported",
            "vnni": "_is_vnni_supported",
        }
        for name, attr in probes.items():
            probe = getattr(torch.cpu, attr, None)
            flags[name] = bool(probe()) if probe is not None else False
    except ImportError:
        pass
    return CpuFeatures(platform.machine(), capability, usable_cores(), flags)


def _env_threads() -> int | None:
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise KernelError(f"{THREADS_ENV}={raw!r} is not a whole number of threads") from None
    if value < 1:
        raise KernelError(f"{THREADS_ENV}={raw!r}: give at least 1 thread")
    return value


#: Seconds over which :func:`busy_cores` samples the machine.
BUSY_SAMPLE_S = 0.2


def _cpu_ticks() -> tuple[int, int] | None:
    """(idle, total) jiffies of all CPUs from /proc/stat (None where it does not exist)."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return idle, sum(fields[:8])


def busy_cores(sample_s: float = BUSY_SAMPLE_S) -> float:
    """Cores other processes kept busy over the last ``sample_s`` seconds (0 where unknown).

    The machine's busy time less this process's own CPU time over the same
    interval, in cores (Linux's /proc/stat; elsewhere 0).
    """
    first = _cpu_ticks()
    if first is None:
        return 0.0
    own = time.process_time()
    time.sleep(sample_s)
    second = _cpu_ticks()
    own = time.process_time() - own
    if second is None or second[1] <= first[1]:
        return 0.0
    machine = os.cpu_count() or 1
    busy_share = 1.0 - (second[0] - first[0]) / (second[1] - first[1])
    return max(0.0, busy_share * machine - own / sample_s)


def threads_for(workers: int = 1, busy: float = 0.0) -> int:
    """Threads for each of ``workers`` processes: ``$RASAD_THREADS``, else the free cores shared out.

    ``busy``: cores other processes are using (:func:`busy_cores`). On the
    2-core AVX2 machine, with the other core busy, one thread tagged 13 %
    faster than two (fa 1,601 vs 1,421 words/s); idle, two threads were 1.72x
    faster than one (``benchmarks/encoder_kernels.py --busy``).
    """
    share = max(1, usable_cores() // max(1, workers))
    free = max(1, usable_cores() - round(busy))
    return _env_threads() or max(1, min(share, free))


def choose(workers: int = 1) -> Choice:
    """The kernel and thread count for this CPU (the cascade in the module docstring)."""
    threads = threads_for(workers)
    named = os.environ.get(KERNEL_ENV, "").strip().lower()
    if named and named != "auto":
        if named not in KERNELS:
            raise KernelError(f"{KERNEL_ENV}={named!r} is not a kernel; choose one of: auto, {', '.join(KERNELS)}")
        return Choice(named, threads, f"set by {KERNEL_ENV}")
    cpu = cpu_features()
    if cpu.native_bf16:
        return Choice("bf16", threads, "the CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX)")
    return Choice("fp32", threads, "no native bfloat16; int8 was no faster than float32 on AVX2")


_configured: list[int] = []
#: A thread count fixed for this process before torch was imported (a worker's share of the cores).
_preset: list[int] = []


def preset_threads(threads: int) -> None:
    """Fix this process's thread count (an ``ingest -j`` worker's share), whether or not torch is loaded yet.

    The encoders, built later, take it instead of sampling the machine: two
    workers starting together would each see the other idle and take every core.
    """
    _preset[:] = [threads]
    _configured.clear()
    import sys

    if "torch" in sys.modules:
        configure_torch(threads)


def configure_torch(threads: int | None = None) -> int:
    """Set torch's intra-op threads: to ``threads`` when given, else once per process.

    Without a count: the worker's share (:func:`preset_threads`), else
    ``$RASAD_THREADS``, else :func:`threads_for` the cores free now. The
    encoders call this when they are built; later calls keep the count in
    force. Returns that count.
    """
    if threads is None and _configured:
        return _configured[-1]
    import torch

    count = threads or (_preset[0] if _preset else None) or _env_threads() or threads_for(busy=busy_cores())
    torch.set_num_threads(count)
    _configured.append(count)
    log.info("encoder threads: %d", count)
    return count
