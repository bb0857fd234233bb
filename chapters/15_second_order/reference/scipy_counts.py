#!/usr/bin/env python3
"""Reference counts for chapter 15's comparison table, from scipy.optimize.minimize.

Runs BFGS, L-BFGS-B, CG and Newton-CG on the chapter's three problems from the same start points and
reports, for the first iterate with f - f* <= 1e-8: the iteration and the number of function and gradient
evaluations scipy had made by then (counted by wrapping fun and jac; a callback records the counts at
every iterate). gtol is set to 1e-12 so that scipy does not stop before reaching 1e-8.

Run with Debian's scipy: /usr/bin/python3 chapters/15_second_order/reference/scipy_counts.py
(apt-get install python3-scipy; scipy 1.10.1 produced the numbers in the README).
"""
import numpy as np
import scipy
from scipy.optimize import minimize


def rosenbrock(n):
    def f(x):
        return float(np.sum((1 - x[:-1]) ** 2 + 100 * (x[1:] - x[:-1] ** 2) ** 2))

    def g(x):
        out = np.zeros_like(x)
        out[:-1] += -2 * (1 - x[:-1]) - 400 * x[:-1] * (x[1:] - x[:-1] ** 2)
        out[1:] += 200 * (x[1:] - x[:-1] ** 2)
        return out

    def h(x):
        H = np.zeros((n, n))
        for i in range(n - 1):
            H[i, i] += 2 - 400 * (x[i + 1] - x[i] ** 2) + 800 * x[i] ** 2
            H[i, i + 1] += -400 * x[i]
            H[i + 1, i] += -400 * x[i]
            H[i + 1, i + 1] += 200
        return H

    start = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])
    return f, g, h, start


def quadratic(n, kappa):
    lam = kappa ** (np.arange(n) / (n - 1))
    lam[-1] = kappa
    return (lambda x: float(0.5 * np.sum(lam * x * x)), lambda x: lam * x, lambda x: np.diag(lam), np.ones(n))


def run(name, problem, method):
    f, g, h, x0 = problem
    counts = {"f": 0, "g": 0}
    trace = [(0, f(x0), 0, 0)]

    def fun(x):
        counts["f"] += 1
        return f(x)

    def jac(x):
        counts["g"] += 1
        return g(x)

    def callback(xk, *args):
        trace.append((len(trace), f(xk), counts["f"], counts["g"]))

    options = {"gtol": 1e-12, "maxiter": 20000}
    if method == "Newton-CG":
        options = {"xtol": 1e-14, "maxiter": 20000}
    if method == "L-BFGS-B":
        options = {"gtol": 1e-12, "ftol": 1e-16, "maxiter": 20000, "maxcor": 10}
    extra = {"hess": h} if method == "Newton-CG" else {}
    result = minimize(fun, x0, jac=jac, method=method, callback=callback, options=options, **extra)
    hit = next((t for t in trace if t[1] <= 1e-8), None)
    if hit is None:
        print(f"{name:28s} {method:10s} not reached; final f = {result.fun:.3g} after {result.nit} iterations")
    else:
        print(f"{name:28s} {method:10s} iteration {hit[0]:5d}  f-evals {hit[2]:5d}  grad-evals {hit[3]:5d}"
              f"   (scipy's own stop: nit {result.nit}, nfev {result.nfev}, f = {result.fun:.2g})")


print(f"scipy {scipy.__version__}, numpy {np.__version__}")
for name, problem in [("Rosenbrock 2-D", rosenbrock(2)), ("Rosenbrock 100-D", rosenbrock(100)),
                      ("quadratic 100-D, kappa = 1000", quadratic(100, 1e3))]:
    for method in ["BFGS", "L-BFGS-B", "CG", "Newton-CG"]:
        run(name, problem, method)
