#!/usr/bin/env python3
"""Record reference trajectories of real torch.optim optimizers for chapter 10's tests.

    python3 chapters/10_optimizers/reference/make_torch_reference.py > tests/data/10_optimizers/torch_trajectories.txt

Needs PyTorch (Debian: apt-get install python3-torch). The course never needs it to build or test:
the output is a small text fixture that tests/10_optimizers_test.cpp reads.

Each case runs one optimizer, with the settings given by PyTorch's parameter names, on one 2-D test
function from a start point, for STEPS steps, in float64 (torch.set_default_dtype, so that state
tensors such as NAdam's mu_product are float64 too). The gradient is set by hand from the same analytic
formula as chapters/10_optimizers/test_functions.cpp, written with the same operations in the same
order, so that the only computation compared is the optimizer's.

torch 1.13 (Debian bookworm's) multiplies mu_t twice into NAdam's product for step t+1
(`mu_product_next = mu_product * mu * mu_next`); torch 2.0 fixed it to `mu_product * mu_next`, and
the course follows torch >= 2.0. On a 1.x torch the script patches that one line of
torch.optim.nadam._single_tensor_nadam and says so in the header. Everything else is torch.optim's
own code (the single-tensor implementations, torch's CPU default).

Output format, one block per case:
    case <id> <function> <x0> <y0> <optimizer> <setting>=<value> ...
    <step> <x> <y>            every step up to 10, then every 10th, with 17 significant digits
    end
"""
import inspect
import math
import sys

import torch
import importlib

STEPS = 250

# ---- the test functions: the same formulas and operation order as test_functions.cpp --------------


def rosenbrock(x, y):
    return (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))


def beale(x, y):
    r1, r2, r3 = 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y
    return (2 * r1 * (y - 1) + 2 * r2 * (y * y - 1) + 2 * r3 * (y * y * y - 1),
            2 * r1 * x + 2 * r2 * 2 * x * y + 2 * r3 * 3 * x * y * y)


def himmelblau(x, y):
    a, b = x * x + y - 11, x + y * y - 7
    return (4 * x * a + 2 * b, 2 * a + 4 * y * b)


def six_hump_camel(x, y):
    x2 = x * x
    return (8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y * y * y)


def ill_conditioned(x, y):
    return (0.2 * x, 4 * y)


GRADIENTS = {"rosenbrock": rosenbrock, "beale": beale, "himmelblau": himmelblau,
             "six_hump_camel": six_hump_camel, "ill_conditioned": ill_conditioned}

# ---- the cases: every optimizer, every option ---------------------------------------------------------
CASES = [
    ("sgd_plain", "himmelblau", (0.0, 0.0), "sgd", dict(lr=0.01)),
    ("sgd_momentum", "rosenbrock", (-1.2, 1.0), "sgd", dict(lr=2e-4, momentum=0.9)),
    ("sgd_dampening", "himmelblau", (0.0, 0.0), "sgd", dict(lr=0.005, momentum=0.9, dampening=0.5)),
    ("sgd_nesterov", "rosenbrock", (-1.2, 1.0), "sgd", dict(lr=2e-4, momentum=0.9, nesterov=True)),
    ("sgd_weight_decay", "beale", (1.0, 1.5), "sgd", dict(lr=0.01, momentum=0.5, weight_decay=0.1)),
    ("sgd_nesterov_weight_decay", "six_hump_camel", (-1.5, 1.5), "sgd",
     dict(lr=0.02, momentum=0.8, weight_decay=0.01, nesterov=True)),
    ("sgd_ravine", "ill_conditioned", (-4.5, 2.0), "sgd", dict(lr=0.45, momentum=0.6)),
    ("adagrad", "rosenbrock", (-1.5, -1.5), "adagrad", dict(lr=0.5)),
    ("adagrad_lr_decay", "himmelblau", (0.0, 0.0), "adagrad", dict(lr=0.5, lr_decay=0.01)),
    ("adagrad_weight_decay_initial", "beale", (1.0, 1.5), "adagrad",
     dict(lr=0.3, weight_decay=0.05, initial_accumulator_value=0.1)),
    ("adadelta", "rosenbrock", (-1.5, -1.5), "adadelta", dict()),
    ("adadelta_options", "himmelblau", (0.0, 0.0), "adadelta", dict(lr=2.0, rho=0.95, eps=1e-4, weight_decay=0.01)),
    ("rmsprop", "rosenbrock", (-1.5, -1.5), "rmsprop", dict()),
    ("rmsprop_momentum", "himmelblau", (0.0, 0.0), "rmsprop", dict(lr=0.001, momentum=0.9)),
    ("rmsprop_centered", "beale", (1.0, 1.5), "rmsprop", dict(lr=0.005, centered=True)),
    ("rmsprop_centered_momentum_weight_decay", "six_hump_camel", (-1.5, 1.5), "rmsprop",
     dict(lr=0.01, alpha=0.9, weight_decay=0.01, momentum=0.5, centered=True)),
    ("adam", "rosenbrock", (-1.5, -1.5), "adam", dict(lr=0.05)),
    ("adam_amsgrad", "rosenbrock", (-1.5, -1.5), "adam", dict(lr=0.05, amsgrad=True)),
    ("adam_weight_decay_betas", "himmelblau", (0.0, 0.0), "adam", dict(lr=0.1, betas=(0.8, 0.99), weight_decay=0.1)),
    ("adam_amsgrad_weight_decay_eps", "beale", (1.0, 1.5), "adam",
     dict(lr=0.05, eps=1e-6, weight_decay=0.01, amsgrad=True)),
    ("adamw", "rosenbrock", (-1.5, -1.5), "adamw", dict(lr=0.05)),
    ("adamw_amsgrad", "himmelblau", (0.0, 0.0), "adamw", dict(lr=0.1, weight_decay=0.1, amsgrad=True)),
    ("adamax", "rosenbrock", (-1.5, -1.5), "adamax", dict(lr=0.05)),
    ("adamax_weight_decay_betas", "beale", (1.0, 1.5), "adamax", dict(lr=0.05, betas=(0.8, 0.99), weight_decay=0.05)),
    ("nadam", "rosenbrock", (-1.5, -1.5), "nadam", dict(lr=0.05)),
    ("nadam_weight_decay_momentum_decay", "himmelblau", (0.0, 0.0), "nadam",
     dict(lr=0.1, weight_decay=0.05, momentum_decay=0.01)),
    ("nadam_defaults", "beale", (1.0, 1.5), "nadam", dict()),
]

CLASSES = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad, "adadelta": torch.optim.Adadelta,
           "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "adamax": torch.optim.Adamax, "nadam": torch.optim.NAdam}


def patch_nadam():
    """torch < 2.0: multiply each mu_t into the product once, as torch >= 2.0 does."""
    module = importlib.import_module("torch.optim.nadam")
    source = inspect.getsource(module._single_tensor_nadam)
    wrong = "mu_product_next = mu_product * mu * mu_next"
    if wrong not in source:
        return False
    namespace = dict(vars(module))
    exec(source.replace(wrong, "mu_product_next = mu_product * mu_next"), namespace)
    module._single_tensor_nadam = namespace["_single_tensor_nadam"]
    return True


def settings_text(kwargs):
    parts = []
    for key, value in kwargs.items():
        if key == "betas":
            parts += [f"beta1={value[0]!r}", f"beta2={value[1]!r}"]
        elif isinstance(value, bool):
            parts.append(f"{key}={int(value)}")
        else:
            parts.append(f"{key}={value!r}")
    return " ".join(parts)


def main():
    torch.set_default_dtype(torch.float64)
    patched = patch_nadam()
    out = sys.stdout
    out.write(f"# torch.optim {torch.__version__}, float64, {STEPS} steps per case; written by\n")
    out.write("# chapters/10_optimizers/reference/make_torch_reference.py (see its docstring).\n")
    if patched:
        out.write("# NAdam: this torch multiplies mu_t twice into the product for t+1; patched to torch 2.0's once.\n")
    for name, function, (x0, y0), optimizer, kwargs in CASES:
        param = torch.tensor([x0, y0], dtype=torch.float64)
        opt = CLASSES[optimizer]([param], **kwargs)
        out.write(f"case {name} {function} {x0!r} {y0!r} {optimizer} {settings_text(kwargs)}".rstrip() + "\n")
        out.write(f"0 {x0:.17g} {y0:.17g}\n")
        for step in range(1, STEPS + 1):
            gx, gy = GRADIENTS[function](param[0].item(), param[1].item())
            param.grad = torch.tensor([gx, gy], dtype=torch.float64)
            opt.step()
            x, y = param[0].item(), param[1].item()
            if not (math.isfinite(x) and math.isfinite(y)):
                sys.exit(f"case {name} diverged at step {step}: choose a smaller lr")
            if step <= 10 or step % 10 == 0:
                out.write(f"{step} {x:.17g} {y:.17g}\n")
        out.write("end\n")


if __name__ == "__main__":
    main()
