"""Describe the machine and interpreter a result depends on, without importing torch here.

The MkDocs process must stay light: versions come from package metadata, the CPU from
/proc/cpuinfo and the GPU from the NVIDIA driver's files or `nvidia-smi`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

KEY_PACKAGES = ("numpy", "torch", "matplotlib")


@dataclass(frozen=True, slots=True)
class Environment:
    """The interpreter, packages and device class that results are keyed on."""

    python: str
    packages: tuple[tuple[str, str], ...]
    cpu: str
    gpus: tuple[str, ...]

    @property
    def has_cuda(self) -> bool:
        return bool(self.gpus)

    @property
    def device_class(self) -> str:
        return " + ".join((self.cpu, *self.gpus))

    def version_of(self, name: str) -> str | None:
        for package, version in self.packages:
            if package == name:
                return version
        return None

    def key_versions(self) -> dict[str, str]:
        versions = {"python": self.python}
        for name in KEY_PACKAGES:
            version = self.version_of(name)
            if version is not None:
                versions[name] = version
        return versions

    def fingerprint(self) -> str:
        """Digest of the interpreter and device class; part of every cache key. Packages are
        not: each result records the distributions its session imported, checked on reuse."""
        payload = json.dumps([self.python, self.device_class], separators=(",", ":")).encode()
        return hashlib.sha256(payload).hexdigest()


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def gpu_names() -> tuple[str, ...]:
    """Names of the NVIDIA GPUs the driver reports; empty where there is no CUDA device."""
    driver = Path("/proc/driver/nvidia/gpus")
    names: list[str] = []
    if driver.is_dir():
        for information in sorted(driver.glob("*/information")):
            for line in information.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("Model:"):
                    names.append(line.partition(":")[2].strip())
    if names:
        return tuple(names)
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return ()
    try:
        done = subprocess.run(
            [smi, "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(line.strip() for line in done.stdout.splitlines() if line.strip())


def installed_packages() -> tuple[tuple[str, str], ...]:
    """(name, version) of every installed distribution, read from the `*.dist-info` folder names.

    Reading the names is ~50x faster than importlib.metadata (which opens every METADATA file);
    it falls back to importlib.metadata where no such folder is found.
    """
    found: set[tuple[str, str]] = set()
    for entry in sys.path:
        folder = Path(entry or ".")
        if not folder.is_dir():
            continue
        try:
            names = [path.name for path in folder.iterdir()]
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                package, _, version = name.rsplit(".", 1)[0].partition("-")
                found.add((package.lower().replace("_", "-"), version))
    if not found:
        found = {
            (str(dist.metadata["Name"]).lower().replace("_", "-"), dist.version)
            for dist in metadata.distributions()
            if dist.metadata["Name"]
        }
    return tuple(sorted(found))


@functools.cache
def current_environment() -> Environment:
    """This interpreter's environment (computed once per process)."""
    return Environment(
        python=platform.python_version() + f" ({sys.implementation.name})",
        packages=installed_packages(),
        cpu=cpu_model(),
        gpus=gpu_names(),
    )
