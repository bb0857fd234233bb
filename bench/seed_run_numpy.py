"""The seed's training run in numpy, for `make bench-compare`: a benchmark harness, never part of the course.

The same work as the course's SeedTrainingRun (bench/training_bench.cpp): 1000 steps of mini-batch
gradient descent, batch 32, lr 0.1, on the 1024-32-16-8-2 tanh network with a linear output, the loss
L = (1/2n) sum_i ||y_hat_i - y_i||^2, backpropagation written by hand as chapter 08 writes it, and the
batches sampled without replacement from 4200 training examples, reshuffled every epoch. The data are
random numbers of the same shapes: dense float64 arithmetic takes the same time whatever the values.

  python3 bench/seed_run_numpy.py run [--repetitions 1]     -> one JSON line per repetition
  python3 bench/seed_run_numpy.py matmul NAME/MxKxN ...     -> one JSON line per product: numpy's @ (BLAS
                                                               dgemm), NAME as in bench/matmul_bench.cpp

Times are the process's CPU time (single-threaded: the thread pools are set to one thread before
numpy is imported), so other work on a shared machine counts as little as possible.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

SIZES = [1024, 32, 16, 8, 2]
N_TRAIN, BATCH, ITERATIONS, LR = 4200, 32, 1000, 0.1


def make_problem(seed=42):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N_TRAIN, SIZES[0]))
    Y = rng.uniform(-1.0, 1.0, (N_TRAIN, SIZES[-1]))
    layers = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        W = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out))
        layers.append((W, np.zeros((1, fan_out))))
    return X, Y, layers, rng


def train(X, Y, layers, rng):
    order, position = np.arange(N_TRAIN), 0
    last = len(layers) - 1
    loss = 0.0
    for _ in range(ITERATIONS):
        if position == 0:
            rng.shuffle(order)
        rows = order[position:position + BATCH]
        position = 0 if position + BATCH >= N_TRAIN else position + len(rows)
        x, y = X[rows], Y[rows]
        n = x.shape[0]
        h = [x]
        for l, (W, b) in enumerate(layers):
            z = h[-1] @ W + b
            h.append(z if l == last else np.tanh(z))
        diff = h[-1] - y
        loss = 0.5 * np.sum(diff * diff) / n
        delta = diff / n
        for l in range(last, -1, -1):
            W, b = layers[l]
            dW = h[l].T @ delta
            db = delta.sum(axis=0, keepdims=True)
            if l > 0:
                delta = (delta @ W.T) * (1.0 - h[l] * h[l])
            W -= LR * dW
            b -= LR * db
    return loss


def run(repetitions):
    for _ in range(repetitions):
        X, Y, layers, rng = make_problem()
        start = time.process_time()
        loss = train(X, Y, layers, rng)
        seconds = time.process_time() - start
        print(json.dumps({"name": "numpy", "seconds": seconds, "loss": float(loss)}), flush=True)


def matmul(label):
    name, shape = label.split("/")
    m, k, n = (int(v) for v in shape.split("x"))
    transpose_a, transpose_b = name == "MatMulTransposedA", name == "MatMulTransposedB"
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (k, m) if transpose_a else (m, k))
    b = rng.uniform(-1, 1, (n, k) if transpose_b else (k, n))
    op_a, op_b = (a.T if transpose_a else a), (b.T if transpose_b else b)  # views: dgemm reads them in place
    reps = max(3, int(1e8 / (m * k * n)))
    for _ in range(3):
        op_a @ op_b
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(reps):
            op_a @ op_b
        best = min(best, (time.process_time() - start) / reps)
    print(json.dumps({"name": label, "seconds": best, "gflops": 2.0 * m * k * n / best / 1e9}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    else:
        for label in sys.argv[2:]:
            matmul(label)
