"""Which kernel and how many threads the e5 encoder uses on the CPU it finds.

The encoder's cost is its linear layers (95 % of the time), so the choice is
the number format of their matrix products. The cascade, first match wins:

1. ``$RASAD_KERNEL`` names a kernel (``fp32``, ``bf16`` or ``int8``): that one.
   An unknown name is an error that lists the valid ones.
2. The CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX, as torch reports
   them): ``bf16``. On the development machine that had it, bfloat16 linear
   layers ran 1.6x faster than float32 on one thread with the same F1.
3. Otherwise ``fp32``. On an AVX2 CPU without bfloat16 (AMD EPYC Zen 3),
   bfloat16 ran 6.5x *slower* than float32 (it is emulated), and int8
   (dynamic quantisation, per-channel weights) ran 1.01x faster with 0.8 % of
   the tags changed: ``benchmarks/encoder_kernels.py`` and docs/ner.md.

Threads: ``$RASAD_THREADS`` if set, else one per core this process may use,
divided among the ``ingest -j`` workers (:func:`threads_for`). Torch's own
threads are set once per process, when the encoder is first built.

``rasad doctor`` prints what this module found and chose.
"""

from __future__ import annotations

import functools
import logging
import os
import platform
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


def threads_for(workers: int = 1) -> int:
    """Threads for each of ``workers`` processes: ``$RASAD_THREADS``, else the cores shared out."""
    return _env_threads() or max(1, usable_cores() // max(1, workers))


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


def configure_torch(threads: int | None = None) -> int:
    """Set torch's intra-op threads: to ``threads`` when given, else once per process to :func:`threads_for`.

    A worker initialiser passes its share of the cores first; the encoders
    call this without a count when they are built, which then keeps the count
    in force. Returns that count.
    """
    if threads is None and _configured:
        return _configured[-1]
    import torch

    count = threads or threads_for()
    torch.set_num_threads(count)
    _configured.append(count)
    log.info("encoder threads: %d", count)
    return count
