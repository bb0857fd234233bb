"""PyTorch's side of chapter 14's epoch benchmark (bench/fashion_mnist_bench.cpp): the same MLP 784-256-128-10
with ReLU, CrossEntropyLoss and optim.SGD(lr=0.01), one epoch over Fashion-MNIST's 60,000 training images in
shuffled batches of 64, on one thread. Prints one JSON line: {"seconds": CPU seconds of the epoch, ...}.

  python3 bench/fashion_mnist_torch.py float64|float32 [DATA_DIR]
"""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    sys.exit(f"{stem}: not found in {folder}; install dataset-fashion-mnist")


def main():
    dtype = {"float64": torch.float64, "float32": torch.float32}[sys.argv[1]]
    folder = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(1)
    torch.manual_seed(42)
    images = read_idx(find(folder, "train-images-idx3-ubyte"))
    labels = read_idx(find(folder, "train-labels-idx1-ubyte"))
    X = torch.tensor(images.reshape(len(images), 784), dtype=dtype) / 255.0
    y = torch.tensor(labels, dtype=torch.long)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    order = torch.randperm(len(X))
    start = time.process_time()
    for begin in range(0, len(X), 64):
        batch = order[begin:begin + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(X[batch]), y[batch])
        loss.backward()
        optimizer.step()
    seconds = time.process_time() - start
    print(json.dumps({"seconds": seconds, "dtype": sys.argv[1], "last_loss": float(loss)}))


if __name__ == "__main__":
    main()
