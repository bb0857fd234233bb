"""The seed's training run in PyTorch, for `make bench-compare`: a benchmark harness, never part of the course.

The same work as bench/seed_run_numpy.py, written as PyTorch users write it: nn.Sequential of Linear and
Tanh layers, nn.MSELoss (the mean over all entries, which for two outputs equals the course's
(1/2n) sum_i ||y_hat_i - y_i||^2), optim.SGD(lr=0.1), zero_grad / backward / step, on one thread.

  python3 bench/seed_run_torch.py run [float64|float32] [--repetitions 1]   -> one JSON line per repetition
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402

SIZES = [1024, 32, 16, 8, 2]
N_TRAIN, BATCH, ITERATIONS, LR = 4200, 32, 1000, 0.1


def make_problem(dtype, seed=42):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(N_TRAIN, SIZES[0], generator=generator, dtype=dtype)
    Y = torch.rand(N_TRAIN, SIZES[-1], generator=generator, dtype=dtype) * 2 - 1
    layers = []
    for l, (fan_in, fan_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        linear = torch.nn.Linear(fan_in, fan_out, dtype=dtype)
        torch.nn.init.xavier_normal_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if l + 2 < len(SIZES):
            layers.append(torch.nn.Tanh())
    return X, Y, torch.nn.Sequential(*layers), generator


def train(X, Y, model, generator):
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_function = torch.nn.MSELoss()
    order, position = torch.randperm(N_TRAIN, generator=generator), 0
    loss = None
    for _ in range(ITERATIONS):
        if position == 0:
            order = torch.randperm(N_TRAIN, generator=generator)
        rows = order[position:position + BATCH]
        position = 0 if position + BATCH >= N_TRAIN else position + len(rows)
        x, y = X[rows], Y[rows]
        optimizer.zero_grad()
        loss = loss_function(model(x), y)
        loss.backward()
        optimizer.step()
    return loss.item()


def run(dtype_name, repetitions):
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    dtype = getattr(torch, dtype_name)
    torch.manual_seed(42)
    for _ in range(repetitions):
        X, Y, model, generator = make_problem(dtype)
        start = time.process_time()
        loss = train(X, Y, model, generator)
        seconds = time.process_time() - start
        print(json.dumps({"name": "torch_" + dtype_name, "seconds": seconds, "loss": loss}), flush=True)


if __name__ == "__main__":
    dtype_name = sys.argv[2] if len(sys.argv) > 2 else "float64"
    run(dtype_name, int(sys.argv[4]) if len(sys.argv) > 4 else 1)
