#!/usr/bin/env python3
"""PyTorch's side of chapter 18's epoch benchmark (bench/cnn_bench.cpp, CnnEpoch), on one thread.

The same network as chapters/18_convolutional_networks/cnn.hpp: conv 3x3 1->16 (padding 1), BatchNorm2d,
ReLU, max-pool 2, [residual block 16->16], conv 3x3 16->32, BatchNorm2d, ReLU, max-pool 2, dense 1568->10,
softmax cross-entropy, Adam(lr=1e-3); one epoch over 10,000 images of 28x28 in shuffled batches of 64, no
validation. The pixels are random (a convolution's cost does not depend on them). Prints one JSON line:
{"seconds": CPU seconds of the epoch (time.process_time: the machine is shared), ...}.
`make bench-compare` calls it round by round, alternating with the course's CnnEpoch.

  /usr/bin/python3 bench/cnn_torch.py float64|float32 [--residual]
"""
import argparse
import json
import time

import torch
from torch import nn


class Residual(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return torch.relu(x + self.conv2(torch.relu(self.conv1(x))))


def network(residual):
    layers = [nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2)]
    if residual:
        layers.append(Residual(16))
    layers += [nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
               nn.Flatten(), nn.Linear(32 * 7 * 7, 10)]
    return nn.Sequential(*layers)


def epoch_seconds(dtype, residual, images=10000, batch=64):
    torch.manual_seed(0)
    X = torch.rand(images, 1, 28, 28, dtype=dtype)
    y = torch.randint(0, 10, (images,))
    model = network(residual).to(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    start = time.process_time()
    order = torch.randperm(images)
    for begin in range(0, images, batch):
        idx = order[begin:begin + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    return time.process_time() - start, float(loss)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dtype", choices=["float64", "float32"])
    parser.add_argument("--residual", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    seconds, last_loss = epoch_seconds(getattr(torch, args.dtype), args.residual)
    print(json.dumps({"seconds": seconds, "dtype": args.dtype, "residual": args.residual, "last_loss": last_loss,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
