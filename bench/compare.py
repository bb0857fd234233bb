"""`make bench-compare`: the seed's training run through the course's code, numpy and PyTorch, side by side.

A benchmark harness, never needed to build or test the course. It alternates the contenders round by
round (so that a burst of load on a shared machine hits all of them alike), takes medians, and prints
one table: time, ratio to the course's hand-written run, GFLOP/s and percentage of the machine's peak
(measured by the MachinePeak benchmark: independent multiplies and adds in registers). Then an epoch of
chapter 14's MLP on Fashion-MNIST and of chapter 18's CNN against PyTorch's, then the matrix
product at every shape the network uses, against numpy's @, which calls the BLAS's dgemm (OpenBLAS
once `make bench-compare` has installed it). Times are CPU seconds of one thread.

  python3 bench/compare.py --bench build/g++/bench/bench [--rounds 5] [--no-matmul] [--no-fashion] [--no-cnn]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
STEP_FLOPS = 4_320_256  # bench/training_bench.cpp derives it
RUN_FLOPS = 1000 * STEP_FLOPS
SINGLE_THREAD = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def run_json_lines(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=SINGLE_THREAD).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def course_benchmarks(bench, pattern, min_time="0.01"):
    out = subprocess.run([bench, "--benchmark_filter=" + pattern, "--benchmark_format=json",
                          "--benchmark_min_time=" + min_time], check=True, capture_output=True, text=True,
                         env=SINGLE_THREAD).stdout
    return {b["name"]: b for b in json.loads(out)["benchmarks"]}


def seconds(benchmark):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[benchmark["time_unit"]]
    return benchmark["cpu_time"] * scale


def available(module):
    return subprocess.run([sys.executable, "-c", "import " + module], capture_output=True).returncode == 0


def blas_library():
    code = ("import numpy; numpy.ones((64, 64)) @ numpy.ones((64, 64));"
            "print(next((l.split()[-1] for l in open('/proc/self/maps') if 'libblas' in l or 'libopenblas' in l),"
            " 'unknown'))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()


FASHION_FLOPS = 60000 * 1_007_104  # bench/fashion_mnist_bench.cpp derives it


def fashion_epoch(bench, rounds, have_torch):
    """Chapter 14: one SGD epoch of the MLP 784-256-128-10 over Fashion-MNIST's 60,000 images, batch 64."""
    times = {"course, fit() + MLP": []}
    if have_torch:
        times["PyTorch float64"] = []
        times["PyTorch float32"] = []
    for round_number in range(rounds):
        print(f"Fashion-MNIST epoch, round {round_number + 1} of {rounds} ...", file=sys.stderr, flush=True)
        run = course_benchmarks(bench, "^FashionMnistEpoch$")["FashionMnistEpoch"]
        if "error_message" in run:
            print(f"\nFashion-MNIST epoch: skipped ({run['error_message']})")
            return
        times["course, fit() + MLP"].append(seconds(run))
        if have_torch:
            for dtype in ("float64", "float32"):
                result = run_json_lines([sys.executable, os.path.join(HERE, "fashion_mnist_torch.py"), dtype])
                times[f"PyTorch {dtype}"].append(result[0]["seconds"])
    medians = {name: statistics.median(t) for name, t in times.items()}
    reference = medians["course, fit() + MLP"]
    print(f"\nChapter 14: one epoch of SGD over 60,000 Fashion-MNIST images, MLP 784-256-128-10, batch 64, "
          f"{FASHION_FLOPS / 1e9:.1f} GFLOP; median of {rounds} rounds, CPU time of one thread")
    print(f"{'':34} {'time':>8} {'× course':>9} {'GFLOP/s':>8}")
    for name, t in medians.items():
        print(f"{name:34} {t:7.3f}s {t / reference:8.2f}× {FASHION_FLOPS / t / 1e9:8.1f}")
    if have_torch:
        ok = reference < medians["PyTorch float64"]
        print(f"  {'met    ' if ok else 'MISSED '} the course's epoch faster than PyTorch's (float64, one thread)")


def cnn_epoch(bench, rounds, have_torch):
    """Chapter 18: one Adam epoch of the small CNN (and its residual variant) over 10,000 images, batch 64."""
    variants = {"CNN": ("CnnEpoch/residual:0", []), "residual CNN": ("CnnEpoch/residual:1", ["--residual"])}
    times = {}
    for variant in variants:
        times[(variant, "course")] = []
        if have_torch:
            times[(variant, "PyTorch float64")] = []
            times[(variant, "PyTorch float32")] = []
    for round_number in range(rounds):
        print(f"CNN epoch, round {round_number + 1} of {rounds} ...", file=sys.stderr, flush=True)
        runs = course_benchmarks(bench, "^CnnEpoch/")
        for variant, (name, flags) in variants.items():
            times[(variant, "course")].append(seconds(runs[name + "/iterations:1/process_time"]))
            if have_torch:
                for dtype in ("float64", "float32"):
                    result = run_json_lines([sys.executable, os.path.join(HERE, "cnn_torch.py"), dtype, *flags])
                    times[(variant, f"PyTorch {dtype}")].append(result[0]["seconds"])
    medians = {key: statistics.median(t) for key, t in times.items()}
    print(f"\nChapter 18: one epoch of Adam over 10,000 images of 28 × 28, batch 64, conv16-BN-ReLU-pool-"
          f"[residual block]-conv32-BN-ReLU-pool-dense; median of {rounds} rounds, CPU time of one thread")
    print(f"{'':34} {'time':>8} {'× course':>9}")
    checks = []
    for variant in variants:
        reference = medians[(variant, "course")]
        for (v, who), t in medians.items():
            if v == variant:
                print(f"{variant + ', ' + who:34} {t:7.3f}s {t / reference:8.2f}×")
        if have_torch:
            checks.append((f"the course's {variant} epoch faster than PyTorch's (float64, one thread)",
                           reference < medians[(variant, "PyTorch float64")]))
    for text, ok in checks:
        print(f"  {'met    ' if ok else 'MISSED '} {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", required=True, help="the course's Google Benchmark program")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-matmul", action="store_true")
    parser.add_argument("--no-fashion", action="store_true", help="skip chapter 14's Fashion-MNIST epoch")
    parser.add_argument("--no-cnn", action="store_true", help="skip chapter 18's CNN epoch")
    args = parser.parse_args()

    have_numpy, have_torch = available("numpy"), available("torch")
    contenders = {"course, hand-written backprop": [], "course, autodiff library": []}
    if have_numpy:
        contenders["numpy, hand-written backprop"] = []
    if have_torch:
        contenders["PyTorch float64, nn + optim.SGD"] = []
        contenders["PyTorch float32, nn + optim.SGD"] = []
    peak = course_benchmarks(args.bench, "^MachinePeak$", "0.2")["MachinePeak"]["GFLOP/s"] / 1e9
    for round_number in range(args.rounds):
        print(f"round {round_number + 1} of {args.rounds} ...", file=sys.stderr, flush=True)
        runs = course_benchmarks(args.bench, "^SeedTrainingRun/")
        contenders["course, hand-written backprop"].append(seconds(runs["SeedTrainingRun/manual"]))
        contenders["course, autodiff library"].append(seconds(runs["SeedTrainingRun/autodiff"]))
        if have_numpy:
            result = run_json_lines([sys.executable, os.path.join(HERE, "seed_run_numpy.py"), "run"])
            contenders["numpy, hand-written backprop"].append(result[0]["seconds"])
        if have_torch:
            for dtype in ("float64", "float32"):
                result = run_json_lines([sys.executable, os.path.join(HERE, "seed_run_torch.py"), "run", dtype])
                contenders[f"PyTorch {dtype}, nn + optim.SGD"].append(result[0]["seconds"])

    medians = {name: statistics.median(times) for name, times in contenders.items()}
    reference = medians["course, hand-written backprop"]
    print(f"\nThe seed's training run: 1000 steps, batch 32, 1024-32-16-8-2 tanh, {RUN_FLOPS / 1e9:.2f} GFLOP; "
          f"median of {args.rounds} rounds, CPU time of one thread")
    print(f"machine peak (MachinePeak): {peak:.1f} GFLOP/s; numpy's BLAS: {blas_library() if have_numpy else '-'}")
    print(f"{'':34} {'time':>8} {'× course':>9} {'GFLOP/s':>8} {'% peak':>7}")
    for name, t in medians.items():
        gflops = RUN_FLOPS / t / 1e9
        print(f"{name:34} {t:7.3f}s {t / reference:8.2f}× {gflops:8.1f} {100 * gflops / peak:6.0f}%")
    if not have_torch:
        print("PyTorch is not installed (python3-torch): compared with numpy only.")

    print("\nTargets:")
    autodiff = medians["course, autodiff library"]
    checks = [("autodiff within 1.15× of hand-written", autodiff <= 1.15 * reference)]
    for course_name, t in (("hand-written", reference), ("autodiff", autodiff)):
        if have_numpy:
            checks.append((f"{course_name} ≥ 2× faster than numpy",
                           2 * t <= medians["numpy, hand-written backprop"]))
        if have_torch:
            checks.append((f"{course_name} ≥ 4× faster than PyTorch float64",
                           4 * t <= medians["PyTorch float64, nn + optim.SGD"]))
    for text, ok in checks:
        print(f"  {'met    ' if ok else 'MISSED '} {text}")

    if not args.no_fashion:
        fashion_epoch(args.bench, args.rounds, have_torch)
    if not args.no_cnn:
        cnn_epoch(args.bench, args.rounds, have_torch)
    if args.no_matmul or not have_numpy:
        return
    course = course_benchmarks(args.bench, "^MatMul", "0.1")
    labels = [name for name in course if name.count("/") == 1]
    numpy_results = {r["name"]: r for r in run_json_lines(
        [sys.executable, os.path.join(HERE, "seed_run_numpy.py"), "matmul", *labels])}
    print(f"\nThe matrix product, GFLOP/s (numpy's @ calls the BLAS's dgemm; transposes are read in place)")
    print(f"{'':34} {'course':>8} {'numpy':>8} {'course/numpy':>13}")
    for label in labels:
        ours, theirs = course[label]["GFLOP/s"] / 1e9, numpy_results[label]["gflops"]
        print(f"{label:34} {ours:8.1f} {theirs:8.1f} {ours / theirs:12.2f}×")


if __name__ == "__main__":
    main()
