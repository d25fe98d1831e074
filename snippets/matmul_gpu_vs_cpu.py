"""Time square matrix products on the CPU (numpy, torch) and, when present, on a CUDA GPU.

A sweep of sizes n; each product costs 2·n³ floating-point operations, so a time becomes a
GFLOP/s rate that can be set against the device's best measured rate and its nominal peak.
On the GPU it times fp32 (TF32 off), TF32 and bf16, each without and with the copies between
host and device. It prints Markdown (lists and tables) and leaves one matplotlib figure open.

    python snippets/matmul_gpu_vs_cpu.py                 # full sweep
    python snippets/matmul_gpu_vs_cpu.py --quick         # a few seconds on any machine
    python snippets/matmul_gpu_vs_cpu.py --sizes 256 1024 4096 --repeats 7 --plot out.png
"""

from __future__ import annotations

import argparse
import ctypes
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.ticker import FuncFormatter, NullFormatter, ScalarFormatter

MIN_MEASURE_S = 0.002  # one timed sample runs the product enough times to last this long
GPU_MODES = ("fp32", "tf32", "bf16")

# Dense (no sparsity) datasheet peaks in TFLOP/s, keyed by a fragment of the device name.
NOMINAL_GPU_TFLOPS: dict[str, dict[str, float]] = {
    "H200": {"fp32": 67.0, "tf32": 494.7, "bf16": 989.4},
    "H100 PCIe": {"fp32": 51.2, "tf32": 378.0, "bf16": 756.0},
    "H100": {"fp32": 67.0, "tf32": 494.7, "bf16": 989.4},
    "A100": {"fp32": 19.5, "tf32": 156.0, "bf16": 312.0},
    "L4": {"fp32": 30.3, "tf32": 60.0, "bf16": 121.0},
    "T4": {"fp32": 8.1, "tf32": 0.0, "bf16": 0.0},
}


@dataclass(frozen=True, slots=True)
class Timing:
    """One measured configuration: the median seconds of one (n, n) @ (n, n) product."""

    backend: str  # "numpy cpu", "torch cpu", "torch cuda"
    mode: str  # fp32, tf32, bf16
    tf32: str  # the TF32 setting in force while timing ("n/a" where it cannot apply)
    with_transfer: bool
    n: int
    seconds: float

    @property
    def gflops(self) -> float:
        return 2.0 * self.n**3 / self.seconds / 1e9

    @property
    def label(self) -> str:
        extra = " + host↔device copies" if self.with_transfer else ""
        return f"{self.backend} {self.mode}{extra}"


def default_threads() -> int:
    """All cores on a real machine; one on a small shared one, where a thread of a two-thread
    product that loses its core to another job stalls its partner for a whole scheduler slice."""
    cores = os.cpu_count() or 1
    return cores if cores >= 4 else 1


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    quick_env = os.environ.get("LIVEGARDEN_MODE") == "test"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="matrix sizes n (default: a sweep)")
    parser.add_argument("--repeats", type=int, default=5, help="timed samples per size (median)")
    parser.add_argument(
        "--dtypes", nargs="+", default=list(GPU_MODES), choices=GPU_MODES, help="GPU modes"
    )
    parser.add_argument(
        "--cpu-max-size", type=int, default=2048, help="largest n timed on the CPU (slow above)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=default_threads(),
        help="CPU threads (default: all cores, or 1 on a machine of fewer than 4)",
    )
    parser.add_argument(
        "--cpu-ghz", type=float, help="sustained CPU clock for the nominal peak (default: detected)"
    )
    parser.add_argument("--quick", action="store_true", help="small sweep, few repeats")
    parser.add_argument("--plot", help="also save the figure to this file")
    args = parser.parse_args(argv)
    args.quick = args.quick or quick_env
    if args.sizes is None:
        if torch.cuda.is_available():
            args.sizes = [64, 128, 256, 512, 1024, 2048, 4096, 8192]
        else:
            args.sizes = [32, 64, 128, 256, 512, 1024]
        if args.quick:
            args.sizes = [s for s in args.sizes if s <= 256 or s == max(args.sizes)][:4]
    if args.quick:
        args.repeats = min(args.repeats, 3)
    return args


# ---------------------------------------------------------------- the CPU side
def openblas_library() -> ctypes.CDLL | None:
    """numpy's bundled OpenBLAS (its core type and threads can be read at run time)."""
    libs = Path(np.__file__).parent.with_name("numpy.libs")
    for path in sorted(libs.glob("*openblas*")):
        try:
            lib = ctypes.CDLL(path)
            lib.scipy_openblas_get_corename64_.restype = ctypes.c_char_p
            return lib
        except (OSError, AttributeError):
            continue
    return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_clock_ghz(stated: float | None) -> tuple[float, str]:
    """The clock for the CPU's nominal peak, and where it came from.

    /proc/cpuinfo's "cpu MHz" is the clock at this instant, and in a virtual machine often a
    fixed figure below the one the cores sustain (2.4-2.6 GHz reported against about 3.4 GHz
    sustained on our build machine), so the cpufreq maximum wins where the kernel offers one.
    """
    if stated:
        return stated, "clock given with --cpu-ghz"
    try:
        khz = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq").read_text()
        return int(khz) / 1e6, "maximum clock from cpufreq"
    except (OSError, ValueError):
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("cpu MHz"):
                return float(line.split(":")[1]) / 1000, (
                    "clock /proc/cpuinfo reports now; no cpufreq maximum here (a virtual "
                    "machine?), so the sustained clock and the peak may be higher: pass --cpu-ghz"
                )
    except (OSError, ValueError):
        pass
    return float("nan"), "unknown clock"


AVX512_CORES = {"SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS"}  # OpenBLAS's AVX-512 kernel sets


def cpu_flags() -> str | None:
    """The instruction-set flags line of /proc/cpuinfo ("" if it has none), None without it."""
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as f:
            return next((line for line in f if line.startswith("flags")), "")
    except OSError:
        return None


def has_avx512() -> bool:
    return " avx512f" in (cpu_flags() or "")


def cpu_nominal_gflops(threads: int, stated_ghz: float | None = None) -> tuple[float, str]:
    """An upper bound from the instruction set: threads * FP32 FLOP/cycle * clock."""
    flags = cpu_flags()
    if flags is None:
        return float("nan"), "unknown (no /proc/cpuinfo)"
    if " avx512f" in flags:
        per_cycle, why = 64, "AVX-512, 2 FMA units"
    elif " fma" in flags:
        per_cycle, why = 32, "AVX2, 2 FMA units"
    else:
        per_cycle, why = 8, "SSE"
    ghz, source = cpu_clock_ghz(stated_ghz)
    return threads * per_cycle * ghz, (
        f"{threads} * {per_cycle} FLOP/cycle ({why}) * {ghz:.2f} GHz ({source})"
    )


def median_seconds(run: Callable[[], object], repeats: int, sync: Callable[[], None]) -> float:
    """Warm up, pick a call count lasting ≥ MIN_MEASURE_S, return the median per call."""
    run()
    sync()
    start = time.perf_counter()
    run()
    sync()
    once = max(time.perf_counter() - start, 1e-7)
    calls = max(1, int(MIN_MEASURE_S / once))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        sync()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def no_sync() -> None:
    return None


def time_cpu(sizes: Sequence[int], repeats: int) -> list[Timing]:
    """numpy over all sizes, then torch: interleaving them lets one library's idle threads
    (which spin for a while after each call) compete with the other's."""
    rng = np.random.default_rng(0)
    pairs = {
        n: (
            rng.standard_normal((n, n), dtype=np.float32),
            rng.standard_normal((n, n), dtype=np.float32),
        )
        for n in sizes
    }
    timings = []
    for n, (a, b) in pairs.items():
        s = median_seconds(lambda a=a, b=b: a @ b, repeats, no_sync)
        timings.append(Timing("numpy cpu", "fp32", "n/a", False, n, s))
    time.sleep(0.3)  # let OpenBLAS's worker threads stop spinning before torch's start
    for n, (a, b) in pairs.items():
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        s = median_seconds(lambda ta=ta, tb=tb: ta @ tb, repeats, no_sync)
        timings.append(Timing("torch cpu", "fp32", "n/a", False, n, s))
        assert np.allclose((ta @ tb).numpy(), a @ b, rtol=1e-3, atol=1e-3 * np.sqrt(n))
    return timings


# ---------------------------------------------------------------- the GPU side
def set_tf32(on: bool) -> str:
    """Set cuBLAS TF32 for fp32 products and return the setting as torch reports it."""
    matmul = torch.backends.cuda.matmul
    if hasattr(matmul, "fp32_precision"):  # torch ≥ 2.9: the new API (never mix with the old)
        matmul.fp32_precision = "tf32" if on else "ieee"
        return f"fp32_precision={matmul.fp32_precision}"
    matmul.allow_tf32 = on
    return f"allow_tf32={matmul.allow_tf32}"


def time_gpu(
    sizes: Sequence[int], modes: Sequence[str], repeats: int, device_name: str = "cuda"
) -> list[Timing]:
    device = torch.device(device_name)
    timings = []
    for mode in modes:
        setting = set_tf32(mode == "tf32")
        dtype = torch.bfloat16 if mode == "bf16" else torch.float32
        for n in sizes:
            gen = torch.Generator().manual_seed(n)
            a_host = torch.randn(n, n, generator=gen).to(dtype)
            b_host = torch.randn(n, n, generator=gen).to(dtype)
            a, b = a_host.to(device), b_host.to(device)
            # CUDA events time the kernels alone on the GPU's own clock.
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            for _ in range(3):
                a @ b
            torch.cuda.synchronize()
            start.record()
            a @ b
            end.record()
            end.synchronize()
            calls = max(1, int(MIN_MEASURE_S / max(start.elapsed_time(end) / 1e3, 1e-7)))
            samples = []
            for _ in range(repeats):
                start.record()
                for _ in range(calls):
                    a @ b
                end.record()
                end.synchronize()
                samples.append(start.elapsed_time(end) / 1e3 / calls)
            timings.append(
                Timing("torch cuda", mode, setting, False, n, statistics.median(samples))
            )

            def with_copies(a_host: torch.Tensor = a_host, b_host: torch.Tensor = b_host) -> None:
                (a_host.to(device) @ b_host.to(device)).cpu()  # .cpu() waits for the result

            s = median_seconds(with_copies, repeats, torch.cuda.synchronize)
            timings.append(Timing("torch cuda", mode, setting, True, n, s))
            if n <= 1024:  # the GPU computes the same product as the CPU
                ref = a_host.double() @ b_host.double()
                tol = {"fp32": 1e-4, "tf32": 2e-2, "bf16": 5e-2}[mode] * np.sqrt(n)
                assert torch.allclose((a @ b).double().cpu(), ref, rtol=0, atol=tol), (mode, n)
    set_tf32(False)
    return timings


def gpu_nominal_tflops(name: str) -> dict[str, float] | None:
    for fragment, peaks in NOMINAL_GPU_TFLOPS.items():
        if fragment in name:
            return peaks
    return None


# ---------------------------------------------------------------- the report
def crossover(cpu_best: dict[int, float], gpu: dict[int, float]) -> int | None:
    """Smallest n from which the GPU is faster than the best CPU time at every larger n."""
    common = sorted(set(cpu_best) & set(gpu))
    winner = None
    for n in reversed(common):
        if gpu[n] < cpu_best[n]:
            winner = n
        else:
            break
    return winner


def print_table(timings: Sequence[Timing], best: dict[str, float]) -> None:
    print("| backend | mode | TF32 setting | n | median time | GFLOP/s | % of best measured |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for t in timings:
        share = 100 * t.gflops / best[t.label]
        ms = t.seconds * 1e3
        print(
            f"| {t.backend}{' + copies' if t.with_transfer else ''} | {t.mode} | {t.tf32} "
            f"| {t.n} | {ms:.3g} ms | {t.gflops:,.1f} | {share:.0f}% |"
        )
    print()


def main(argv: Sequence[str] | None = None) -> list[Timing]:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    blas = openblas_library()
    if blas is not None:
        blas.scipy_openblas_set_num_threads64_(args.threads)
    has_cuda = torch.cuda.is_available()

    print("**Machine**\n")
    cpu_peak, cpu_peak_why = cpu_nominal_gflops(args.threads, args.cpu_ghz)
    print(f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores")
    print(f"- threads: torch {torch.get_num_threads()}", end="")
    if blas is not None:
        core = blas.scipy_openblas_get_corename64_().decode()
        print(f", numpy/OpenBLAS {blas.scipy_openblas_get_num_threads64_()} (kernels for {core})")
        coretype = os.environ.get("OPENBLAS_CORETYPE")
        chosen = f"OPENBLAS_CORETYPE={coretype} in the environment" if coretype else "its own pick"
        print(f"- OpenBLAS kernels: {core} ({chosen})", end="")
        if has_avx512() and core.upper() not in AVX512_CORES:
            print(
                ". This CPU has AVX-512 but OpenBLAS runs older kernels (it picks them by CPU "
                "model and can take a new CPU for an older one, at about half the FP32 rate); "
                "`OPENBLAS_CORETYPE=SkylakeX` set before numpy is imported selects AVX-512 ones"
            )
        else:
            print()
    else:
        print()
    print(f"- CPU nominal FP32 peak: {cpu_peak:,.0f} GFLOP/s = {cpu_peak_why}")
    print(f"- torch {torch.__version__}, numpy {np.__version__}")
    if has_cuda:
        name = torch.cuda.get_device_name()
        print(f"- GPU: {name}, CUDA {torch.version.cuda}")
    else:
        print("- **No CUDA GPU was present on this machine: only CPU timings below.**")
    print(f"- median of {args.repeats} timed samples after a warm-up; 2·n³ FLOP per product\n")

    cpu_sizes = [n for n in args.sizes if n <= args.cpu_max_size]
    timings = time_cpu(cpu_sizes, args.repeats)
    if has_cuda:
        timings += time_gpu(args.sizes, args.dtypes, args.repeats)

    best: dict[str, float] = {}
    for t in timings:
        best[t.label] = max(best.get(t.label, 0.0), t.gflops)

    print("**Timings**\n")
    print_table(timings, best)

    print("**Best rates against nominal peaks**\n")
    print("| configuration | best measured GFLOP/s | nominal peak GFLOP/s | share of peak |")
    print("| --- | ---: | ---: | ---: |")
    peaks = gpu_nominal_tflops(torch.cuda.get_device_name()) if has_cuda else None
    for label, rate in best.items():
        if "cpu" in label:
            peak = cpu_peak
        elif peaks is not None and peaks.get(label.split()[2], 0) > 0:
            peak = peaks[label.split()[2]] * 1e3
        else:
            peak = float("nan")
        share = f"{100 * rate / peak:.0f}%" if peak == peak else "unknown"
        print(f"| {label} | {rate:,.1f} | {peak:,.0f} | {share} |")
    print()

    cpu_best = {
        n: min(t.seconds for t in timings if "cpu" in t.backend and t.n == n) for n in cpu_sizes
    }
    if has_cuda:
        print("**Where the GPU starts to win**\n")
        for mode in args.dtypes:
            for copies in (False, True):
                gpu = {
                    t.n: t.seconds
                    for t in timings
                    if t.backend == "torch cuda" and t.mode == mode and t.with_transfer == copies
                }
                n = crossover(cpu_best, gpu)
                what = f"{mode}{' with copies' if copies else ''}"
                if n is None:
                    print(f"- {what}: not faster than the CPU at the largest size both ran")
                else:
                    print(f"- {what}: faster than the best CPU time from n = {n} on")
        print()
    else:
        print("No GPU, so no crossover: the CPU rows above are all there is to compare.\n")

    fig, ax = plt.subplots(figsize=(9, 4.4))
    for label in best:
        pts = sorted((t.n, t.gflops) for t in timings if t.label == label)
        style = "--" if "copies" in label else "-"
        ax.plot(*zip(*pts, strict=True), style, marker="o", label=label)
    ax.axhline(cpu_peak, color="grey", linestyle=":", linewidth=1)
    ax.annotate("CPU nominal peak", (min(args.sizes), cpu_peak), fontsize=7, va="bottom")
    if peaks is not None:
        for mode in args.dtypes:
            if peaks.get(mode, 0) > 0:
                ax.axhline(peaks[mode] * 1e3, color="grey", linestyle=":", linewidth=1)
                ax.annotate(
                    f"{mode} nominal peak",
                    (min(args.sizes), peaks[mode] * 1e3),
                    fontsize=7,
                    va="bottom",
                )
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sorted(args.sizes))
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}")
    )
    ax.set_xlabel("matrix size n: (n, n) @ (n, n)")
    ax.set_ylabel("GFLOP/s (median)")
    title = torch.cuda.get_device_name() if has_cuda else "CPU only (no GPU present)"
    ax.set_title(f"Matrix product throughput: {title}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    if args.plot:
        fig.savefig(args.plot, dpi=120)
    return timings


if __name__ == "__main__":
    main()
