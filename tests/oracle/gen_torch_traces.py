#!/usr/bin/python3
"""Writes the torch.optim oracle: tests/data/oracle/<case>.json (a scene, v1) and <case>.csv (its trace).

Run with Debian's Python and torch (apt-get install python3-torch; PyTorch 1.13):
    /usr/bin/python3 tests/oracle/gen_torch_traces.py [--out DIR] [--only CASE ...]
Not run by CI: the generated files are committed, so the C++ tests (tests/core/test_optimizer.cpp)
need no torch.

Each run is torch.optim on one float64 tensor p = [x, y] (foreach=False: the single-tensor path),
loss = f(p[0], p[1]) written with torch ops by translating the surface's formula (catalog formulas
are the spec's, in the same expression grammar as user expressions), gradients by autograd.
Trace semantics are the spec's (docs/scene-format.md, engine/core/trace.hpp): row 0 is the start;
each iteration takes f and its gradient at the current point, steps, and writes the new point with
f there; a non-finite x, y or z ends the run unwritten; with tolerance t > 0 a step shorter than t
is written and ends the run. Numbers are written as Python's repr (shortest round trip).

Kernels: torch's CPU kernels are chosen by the CPU. Its AVX2 ones fuse `a + alpha * b` (add with
alpha, addcmul) into FMAs, which moves last bits from machine to machine; the portable ones round every
operation. This script selects the portable ones (ATEN_CPU_CAPABILITY=default, before torch is
imported), so the traces are the same on every machine and bit-comparable with gradscape, which
computes as they do. `--cpu-capability avx2` writes the AVX2 variant for comparison.

Schedules and noise: a run's "schedule" is the torch.optim.lr_scheduler class of that name on the
run's optimizer, stepped after each optimizer.step() as a training loop does; a run's "noise" adds
sigma * z to p.grad after backward(), z from noise_reference.py (gradscape's generator written again)
with the run's index as its stream. Besides the traces, schedule_lrs.csv lists the lr (and momentum
or beta1) torch's schedulers give at every step of SCHEDULE_SEQUENCES, for a bit-exact comparison of
the schedule arithmetic alone (tests/core/test_schedule.cpp).

NAdam: torch 1.13 computes mu_product_next = mu_product * mu * mu_next (mu multiplied in twice).
The spec uses torch >= 2.0's mu_product * mu_next, so this script replaces
torch.optim.nadam._single_tensor_nadam with a copy of the 1.13 function that has only that line
fixed (see fixed_single_tensor_nadam); every tensor operation still runs in torch's kernels.
"""
import argparse
import importlib
import json
import math
import os
import re
import sys


def _cpu_capability_from_argv():
    for i, arg in enumerate(sys.argv):
        if arg == "--cpu-capability" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if arg.startswith("--cpu-capability="):
            return arg.split("=", 1)[1]
    return "default"


# Must be set before torch loads its kernels; only when run as the generator, so that other scripts
# (tests/bench/torch_descent_speed.py) can import this one and time torch as it normally runs.
if __name__ == "__main__":
    os.environ["ATEN_CPU_CAPABILITY"] = _cpu_capability_from_argv()

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import noise_reference  # noqa: E402

# torch 1.13 keeps optimizer step counters and NAdam's mu_product in the default dtype (float32);
# the spec says all arithmetic is float64.
torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "data", "oracle"))

# ---------------------------------------------------------------------------------------------
# Surfaces: the spec's catalog formulas and an expression -> torch translator.

CATALOG = {
    "saddle": "x^2 - y^2",
    "monkey_saddle": "x^3 - 3*x*y^2",
    "quadratic": "x^2 + 10*y^2",
    "rosenbrock": "(1-x)^2 + 100*(y-x^2)^2",
    "beale": "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2",
    "himmelblau": "(x^2+y-11)^2 + (x+y^2-7)^2",
    "booth": "(x+2*y-7)^2 + (2*x+y-5)^2",
    "matyas": "0.26*(x^2+y^2) - 0.48*x*y",
    "rastrigin": "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    "ackley": "-20*exp(-0.2*sqrt(0.5*(x^2+y^2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20",
    "goldstein_price": "(1+(x+y+1)^2*(19-14*x+3*x^2-14*y+6*x*y+3*y^2))"
                       "*(30+(2*x-3*y)^2*(18-32*x+12*x^2+48*y-36*x*y+27*y^2))",
    "six_hump_camel": "(4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2",
    "styblinski_tang": "0.5*(x^4-16*x^2+5*x + y^4-16*y^2+5*y)",
}

TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\S))")


def _is_tensor(v):
    return isinstance(v, torch.Tensor)


def _as_tensor(v, like):
    return v if _is_tensor(v) else torch.full_like(like, v)


UNARY = {name: getattr(torch, name) for name in
         ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log", "sqrt", "abs")}
UNARY_FLOAT = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin, "acos": math.acos,
               "atan": math.atan, "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh, "exp": math.exp,
               "log": math.log, "sqrt": math.sqrt, "abs": abs}


def _power(a, b):
    if not _is_tensor(a) and not _is_tensor(b):
        return a ** b
    return torch.pow(a, b)


def _binary_function(name, a, b):
    if name == "pow":
        return _power(a, b)
    like = a if _is_tensor(a) else b
    if not _is_tensor(like):
        return {"min": min, "max": max, "atan2": math.atan2}[name](a, b)
    a, b = _as_tensor(a, like), _as_tensor(b, like)
    return {"min": torch.minimum, "max": torch.maximum, "atan2": torch.atan2}[name](a, b)


class ExpressionParser:
    """The spec's grammar: + - * / ^ (right-assoc, tighter than unary minus; exponent may be negated)."""

    def __init__(self, source):
        self.tokens = []
        for number, name, symbol in TOKEN.findall(source):
            self.tokens.append(("num", float(number)) if number else ("name", name) if name else ("sym", symbol))
        self.pos = 0

    def parse(self):
        node = self.expression()
        if self.pos != len(self.tokens):
            raise ValueError(f"trailing input at token {self.pos}")
        return node

    def peek(self, value=None):
        if self.pos >= len(self.tokens):
            return None
        kind, text = self.tokens[self.pos]
        if value is not None:
            return kind == "sym" and text == value
        return self.tokens[self.pos]

    def take(self, value):
        if not self.peek(value):
            raise ValueError(f"expected {value!r} at token {self.pos}")
        self.pos += 1

    def expression(self):
        node = self.term()
        while self.peek("+") or self.peek("-"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            rhs = self.term()
            node = (lambda a, b: lambda x, y: a(x, y) + b(x, y))(node, rhs) if op == "+" else \
                (lambda a, b: lambda x, y: a(x, y) - b(x, y))(node, rhs)
        return node

    def term(self):
        node = self.unary()
        while self.peek("*") or self.peek("/"):
            op = self.tokens[self.pos][1]
            self.pos += 1
            rhs = self.unary()
            node = (lambda a, b: lambda x, y: a(x, y) * b(x, y))(node, rhs) if op == "*" else \
                (lambda a, b: lambda x, y: a(x, y) / b(x, y))(node, rhs)
        return node

    def unary(self):
        if self.peek("-"):
            self.pos += 1
            inner = self.unary()
            return lambda x, y: -inner(x, y)
        return self.power()

    def power(self):
        base = self.primary()
        if self.peek("^"):
            self.pos += 1
            exponent = self.exponent()
            return lambda x, y: _power(base(x, y), exponent(x, y))
        return base

    def exponent(self):
        if self.peek("-"):
            self.pos += 1
            inner = self.exponent()
            return lambda x, y: -inner(x, y)
        return self.power()

    def primary(self):
        token = self.peek()
        if token is None:
            raise ValueError("unexpected end")
        kind, text = token
        self.pos += 1
        if kind == "num":
            return lambda x, y: text
        if kind == "sym" and text == "(":
            node = self.expression()
            self.take(")")
            return node
        if kind == "name":
            if text == "x":
                return lambda x, y: x
            if text == "y":
                return lambda x, y: y
            if text == "pi":
                return lambda x, y: math.pi
            if text == "e":
                return lambda x, y: math.e
            self.take("(")
            first = self.expression()
            if text in UNARY:
                self.take(")")
                return lambda x, y: (UNARY[text](v) if _is_tensor(v := first(x, y)) else UNARY_FLOAT[text](v))
            if text in ("min", "max", "pow", "atan2"):
                self.take(",")
                second = self.expression()
                self.take(")")
                return lambda x, y: _binary_function(text, first(x, y), second(x, y))
            raise ValueError(f"unknown function {text}")
        raise ValueError(f"unexpected {text!r}")


def surface_function(surface):
    """The scene's "surface" value -> f(x, y) on 0-dim tensors."""
    if isinstance(surface, str):
        source = CATALOG[surface]
    elif "expression" in surface:
        source = surface["expression"]
    else:
        source = CATALOG[surface["name"]]
    return ExpressionParser(source).parse()

# ---------------------------------------------------------------------------------------------
# Optimizers: scene hyperparameters -> torch.optim constructors.


def fixed_single_tensor_nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, *,
                              beta1, beta2, lr, weight_decay, momentum_decay, eps):
    """torch 1.13's _single_tensor_nadam, with torch >= 2.0's mu_product_next = mu_product * mu_next."""
    for i, param in enumerate(params):
        grad = grads[i]
        exp_avg = exp_avgs[i]
        exp_avg_sq = exp_avg_sqs[i]
        mu_product = mu_products[i]
        step_t = state_steps[i]
        step_t += 1
        step = step_t.item()

        bias_correction2 = 1 - beta2 ** step

        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)

        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))

        mu_product *= mu
        mu_product_next = mu_product * mu_next  # the fix (1.13: mu_product * mu * mu_next)

        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)

        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))


# torch.optim's __init__ deletes its submodule names; reach the module itself.
importlib.import_module("torch.optim.nadam")._single_tensor_nadam = fixed_single_tensor_nadam

OPTIMIZERS = {
    "sgd": (torch.optim.SGD, ("lr", "momentum", "dampening", "weight_decay", "nesterov")),
    "adam": (torch.optim.Adam, ("lr", "betas", "eps", "weight_decay", "amsgrad")),
    "adamw": (torch.optim.AdamW, ("lr", "betas", "eps", "weight_decay", "amsgrad")),
    "adagrad": (torch.optim.Adagrad, ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")),
    "rmsprop": (torch.optim.RMSprop, ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")),
    "adadelta": (torch.optim.Adadelta, ("lr", "rho", "eps", "weight_decay")),
    "adamax": (torch.optim.Adamax, ("lr", "betas", "eps", "weight_decay")),
    "nadam": (torch.optim.NAdam, ("lr", "betas", "eps", "weight_decay", "momentum_decay")),
    "radam": (torch.optim.RAdam, ("lr", "betas", "eps", "weight_decay")),
}


def make_optimizer(spec, params):
    """A run's "optimizer" (absent, a name or an object) -> a torch optimizer on `params`."""
    if spec is None:
        spec = {"name": "sgd", "lr": 0.01}
    if isinstance(spec, str):
        spec = {"name": spec}
    cls, keys = OPTIMIZERS[spec["name"]]
    kwargs = {"foreach": False}
    if spec["name"] == "sgd":
        kwargs["lr"] = 0.01  # torch's SGD has no default lr; the spec's is 0.01
    for key, value in spec.items():
        if key == "name":
            continue
        if key not in keys:
            raise ValueError(f"{spec['name']} has no hyperparameter {key}")
        # Scene numbers are doubles in gradscape; keep torch's scalar arithmetic in floats too.
        if isinstance(value, list):
            value = tuple(float(v) for v in value)
        elif not isinstance(value, bool):
            value = float(value)
        kwargs[key] = value
    return cls(params, **kwargs)

# ---------------------------------------------------------------------------------------------
# Traces.


# Arguments torch wants as ints; every other number is passed as a float, as gradscape holds it.
SCHEDULE_INTEGERS = {"step_size", "milestones", "total_iters", "total_steps", "T_max"}


def make_scheduler(spec, optimizer):
    """A run's "schedule" -> the torch.optim.lr_scheduler of that name on `optimizer` (None without)."""
    if spec is None:
        return None
    kwargs = {}
    for key, value in spec.items():
        if key == "name":
            continue
        if isinstance(value, (bool, str, list)) or key in SCHEDULE_INTEGERS:
            kwargs[key] = value
        else:
            kwargs[key] = float(value)
    return getattr(torch.optim.lr_scheduler, spec["name"])(optimizer, **kwargs)


def group_momentum(group):
    return group["betas"][0] if "betas" in group else group.get("momentum", 0.0)


def trace_run(f, run, stream=0):
    """Rows (iter, x, y, z) of one run, with the spec's semantics."""
    p = torch.tensor([float(run["start"][0]), float(run["start"][1])], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer(run.get("optimizer"), [p])
    scheduler = make_scheduler(run.get("schedule"), optimizer)
    noise = run.get("noise")
    iterations = run.get("iterations", 200)
    tolerance = float(run.get("tolerance", 0))

    def evaluate():
        loss = f(p[0], p[1])
        if not isinstance(loss, torch.Tensor):  # a constant surface
            loss = (p * 0).sum() + loss
        return loss

    loss = evaluate()
    x, y, z = p[0].item(), p[1].item(), loss.item()
    if not all(math.isfinite(v) for v in (x, y, z)):
        return [], "diverged at 0"
    rows = [(0, x, y, z)]
    for k in range(1, iterations + 1):
        optimizer.zero_grad()
        loss.backward()
        if noise is not None and noise["sigma"] != 0:
            z = noise_reference.normal_pair(noise.get("seed", 0), stream, k)
            sigma = float(noise["sigma"])
            p.grad.add_(torch.tensor([sigma * z[0], sigma * z[1]], dtype=torch.float64))
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        previous_x, previous_y = x, y
        loss = evaluate()
        x, y, z = p[0].item(), p[1].item(), loss.item()
        if not all(math.isfinite(v) for v in (x, y, z)):
            return rows, f"diverged at {k}"
        rows.append((k, x, y, z))
        if tolerance > 0:
            dx, dy = x - previous_x, y - previous_y
            if math.sqrt(dx * dx + dy * dy) < tolerance:
                return rows, f"tolerance at {k}"
    return rows, "iterations"

# ---------------------------------------------------------------------------------------------
# The cases: every optimizer, every hyperparameter, catalog and expression surfaces,
# tolerance and divergence, several runs per scene.


def run(start, optimizer=None, iterations=300, **extra):
    out = {"start": list(start)}
    if optimizer is not None:
        out["optimizer"] = optimizer
    out["iterations"] = iterations
    out.update(extra)
    return out


CASES = {
    # The article: gradient descent on the saddle, the run without "optimizer" uses sgd lr 0.01.
    "article_saddle": {
        "surface": "saddle",
        "runs": [run([1, 0], {"name": "sgd", "lr": 0.01}, 200), run([1, 0.25], None, 200)],
    },
    "sgd_momentum_rosenbrock": {
        "surface": "rosenbrock",
        "runs": [
            run([-1.5, 2], {"name": "sgd", "lr": 1e-4, "momentum": 0.9}, 400),
            run([-1, -0.5], {"name": "sgd", "lr": 2e-4, "momentum": 0.5, "dampening": 0.3, "weight_decay": 0.01}, 400),
        ],
    },
    "sgd_nesterov_himmelblau": {
        "surface": "himmelblau",
        "runs": [
            run([0, 0], {"name": "sgd", "lr": 0.005, "momentum": 0.9, "nesterov": True}),
            run([-1, 1], {"name": "sgd", "lr": 0.002, "momentum": 0.7, "nesterov": True, "weight_decay": 0.1}),
        ],
    },
    "sgd_monkey_saddle": {
        "surface": {"name": "monkey_saddle", "x": [-1.5, 1.5], "y": [-1.5, 1.5]},
        "runs": [run([0.3, 0.4], "sgd", 200), run([-0.2, 0.1], {"name": "sgd", "lr": 0.05, "momentum": 0.3}, 200)],
    },
    "adam_beale": {
        "surface": "beale",
        "runs": [
            run([1, 1], {"name": "adam", "lr": 0.01}),
            run([-1, -1], {"name": "adam", "lr": 0.02, "amsgrad": True}),
            run([2, -0.5], {"name": "adam", "lr": 0.005, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1}),
        ],
    },
    "adam_defaults_saddle": {
        "surface": "saddle",
        "runs": [run([0.2, 1e-8], "adam", 300), run([0.5, -0.3], {"name": "adam", "betas": [0, 0.5]}, 200)],
    },
    "adamw_rosenbrock": {
        "surface": "rosenbrock",
        "runs": [
            run([-1.5, 2], {"name": "adamw", "lr": 0.01}),
            run([0, 2], {"name": "adamw", "lr": 0.02, "amsgrad": True, "weight_decay": 0.5}),
            run([1.5, 1.5], {"name": "adamw", "lr": 0.01, "weight_decay": 0, "betas": [0.95, 0.9995], "eps": 1e-4}),
        ],
    },
    "adagrad_booth": {
        "surface": "booth",
        "runs": [
            run([-8, 8], {"name": "adagrad", "lr": 0.5}),
            run([5, -5], {"name": "adagrad", "lr": 1.0, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
            run([0, 0], {"name": "adagrad", "lr": 0.3, "weight_decay": 0.05, "eps": 1e-6}),
        ],
    },
    "adagrad_defaults_matyas": {
        "surface": "matyas",
        "runs": [run([6, -4], "adagrad", 200)],
    },
    "rmsprop_himmelblau": {
        "surface": "himmelblau",
        "runs": [
            run([0, 0], {"name": "rmsprop"}),
            run([-1, -1], {"name": "rmsprop", "lr": 0.01, "centered": True}),
            run([1, -1], {"name": "rmsprop", "lr": 0.002, "momentum": 0.9}),
        ],
    },
    "rmsprop_six_hump_camel": {
        "surface": "six_hump_camel",
        "runs": [
            run([-1, 1], {"name": "rmsprop", "lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.01}),
            run([1.5, -0.8], {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "eps": 1e-6}),
        ],
    },
    "adadelta_matyas": {
        "surface": "matyas",
        "runs": [
            run([5, 7], "adadelta"),
            run([-6, 2], {"name": "adadelta", "lr": 2.0, "rho": 0.95, "eps": 1e-4}),
            run([3, -3], {"name": "adadelta", "lr": 0.5, "rho": 0.5, "weight_decay": 0.1}),
        ],
    },
    "adamax_styblinski_tang": {
        "surface": "styblinski_tang",
        "runs": [
            run([0.5, -0.5], {"name": "adamax", "lr": 0.05}),
            run([-4, 4], {"name": "adamax", "lr": 0.1, "betas": [0.5, 0.9], "eps": 1e-3}),
            run([1, 1], {"name": "adamax", "weight_decay": 0.2, "lr": 0.02}),
        ],
    },
    "nadam_ackley": {
        "surface": "ackley",
        "runs": [
            run([1.2, 0.7], {"name": "nadam", "lr": 0.01}),
            run([-0.6, 0.4], {"name": "nadam", "lr": 0.005, "momentum_decay": 0.01, "betas": [0.8, 0.99]}),
        ],
    },
    "nadam_goldstein_price": {
        "surface": "goldstein_price",
        "runs": [
            run([0.5, -0.5], "nadam"),
            run([-0.5, 0.5], {"name": "nadam", "lr": 0.001, "weight_decay": 0.05, "eps": 1e-6}),
        ],
    },
    "radam_monkey_saddle": {
        "surface": "monkey_saddle",
        "runs": [
            run([0.5, 0.5], {"name": "radam", "lr": 0.01}),
            run([-0.5, 0.2], {"name": "radam", "lr": 0.02, "betas": [0.9, 0.9], "weight_decay": 0.01, "eps": 1e-6}),
            run([0.1, -0.6], "radam", 100),
        ],
    },
    "rastrigin_near_minimum": {
        "surface": "rastrigin",
        "runs": [
            run([0.3, -0.2], {"name": "sgd", "lr": 0.002}),
            run([1.1, 0.9], {"name": "adam", "lr": 0.01}),
            run([-2.1, 1.9], {"name": "rmsprop", "lr": 0.001}),
        ],
    },
    "quadratic_tolerance": {
        "surface": "quadratic",
        "runs": [
            run([1, 1], {"name": "sgd", "lr": 0.02}, 1000, tolerance=1e-6),
            run([-0.5, 0.8], {"name": "adagrad", "lr": 0.1}, 500, tolerance=1e-4),
            run([0.9, -0.9], {"name": "sgd", "lr": 0.01, "momentum": 0.9}, 300, tolerance=1e-12),
        ],
    },
    # A step of 0.2 on 10*y^2 multiplies y by -3: z overflows to inf; the next run is traced as usual.
    "quadratic_divergence": {
        "surface": "quadratic",
        "runs": [
            run([0.5, 0.5], {"name": "sgd", "lr": 0.2}, 1000),
            run([0.5, 0.5], {"name": "sgd", "lr": 0.04}, 100),
            run([0.5, 0.5], {"name": "sgd", "lr": 0.2, "momentum": 0.9}, 1000),
        ],
    },
    # x is driven below 0 and sqrt(x) becomes NaN.
    "expression_nan_divergence": {
        "surface": {"expression": "sqrt(x) + y^2", "x": [0, 2], "y": [-1, 1]},
        "runs": [
            run([0.5, 1], {"name": "sgd", "lr": 1}, 50),
            run([1.5, -0.5], {"name": "adam", "lr": 0.05}, 200),
        ],
    },
    "expression_sin_cos": {
        "surface": {"expression": "sin(x)*cos(y) + 0.1*x^2", "x": [-3, 3], "y": [-3, 3]},
        "runs": [
            run([1, 0.5], {"name": "sgd", "lr": 0.1}),
            run([-2, 2], {"name": "adam", "lr": 0.05}),
            run([0.5, -2.5], {"name": "nadam", "lr": 0.05}),
        ],
    },
    "expression_functions": {
        "surface": {"expression": "log(1 + x^2 + y^2) - exp(-((x-1)^2 + y^2)) + 0.2*sqrt(x^2 + y^2 + 1)"
                                  " + 0.1*tanh(x*y) + 0.05*atan(y - x)", "x": [-3, 3], "y": [-3, 3]},
        "runs": [
            run([-2, 2], {"name": "adamw", "lr": 0.05}),
            run([2.5, -1], {"name": "radam", "lr": 0.05}),
            # Stopped before the minimum: there adaptive steps are driven by the gradient's rounding noise,
            # and two correct implementations (autograd, gradscape's dual numbers) part ways.
            run([0.5, 2], {"name": "adadelta", "lr": 2}, 200),
        ],
    },
    "expression_powers": {
        "surface": {"expression": "2^-x^2 * -y^2 + pow(x, 2)/4 + y^4/8 + abs(x + 2)^1.5/10 + cosh(y/3)",
                    "x": [-2, 2], "y": [-2, 2]},
        "runs": [
            run([1, 0.5], {"name": "adamax", "lr": 0.02}),
            run([-1.5, -1], {"name": "rmsprop", "lr": 0.005, "centered": True}),
        ],
    },
    "expression_min_max_atan2": {
        "surface": {"expression": "max(x^2, 0.5*y^2) + 0.3*min(x + 1, y + 2)^2 + 0.2*atan2(y + 3, x + 4)"
                                  " + sinh(0.1*x) - asin(0.2*tanh(y)) + acos(0.1*tanh(x)) + tan(0.1*y) + e/pi",
                    "x": [-2, 2], "y": [-2, 2]},
        "runs": [
            run([1.3, -0.7], {"name": "sgd", "lr": 0.01, "momentum": 0.9, "nesterov": True}),
            run([-1.2, 1.6], {"name": "adagrad", "lr": 0.2, "lr_decay": 0.001}),
        ],
    },
    # ---- schedules (torch.optim.lr_scheduler) and gradient noise ----
    "schedule_step_multistep_exponential": {
        "surface": "booth",
        "runs": [
            run([-8, 8], {"name": "sgd", "lr": 0.04}, 120, schedule={"name": "StepLR", "step_size": 30}),
            run([-8, 8], {"name": "adam", "lr": 0.5}, 150, schedule={"name": "StepLR", "step_size": 7, "gamma": 0.7}),
            run([5, -5], {"name": "sgd", "lr": 0.03, "momentum": 0.5}, 150,
                schedule={"name": "MultiStepLR", "milestones": [20, 50, 50, 120], "gamma": 0.5}),
            run([5, -5], {"name": "rmsprop", "lr": 0.2}, 150, schedule={"name": "MultiStepLR", "milestones": [40, 10]}),
            run([0, 0], {"name": "adagrad", "lr": 2.0}, 150, schedule={"name": "ExponentialLR", "gamma": 0.97}),
        ],
    },
    "schedule_cosine_linear": {
        "surface": "himmelblau",
        "runs": [
            run([0, 0], {"name": "sgd", "lr": 0.01}, 200, schedule={"name": "CosineAnnealingLR", "T_max": 30}),
            run([-1, 1], {"name": "adamw", "lr": 0.1}, 200,
                schedule={"name": "CosineAnnealingLR", "T_max": 45, "eta_min": 0.001}),
            run([1, -1], {"name": "nadam", "lr": 0.05}, 200, schedule={"name": "LinearLR"}),
            run([-3, -3], {"name": "adadelta", "lr": 5.0}, 200,
                schedule={"name": "LinearLR", "start_factor": 0.1, "end_factor": 0.9, "total_iters": 120}),
            run([2, 2], {"name": "radam", "lr": 0.05}, 200, schedule={"name": "LinearLR", "start_factor": 1.0, "end_factor": 0.2}),
        ],
    },
    "schedule_cyclic": {
        "surface": "rosenbrock",
        "runs": [
            run([-1.5, 2], {"name": "sgd", "lr": 1e-4, "momentum": 0.9}, 300,
                schedule={"name": "CyclicLR", "base_lr": 1e-5, "max_lr": 3e-4, "step_size_up": 40}),
            run([-1, -0.5], {"name": "sgd", "lr": 1e-4, "momentum": 0.5, "nesterov": True}, 300,
                schedule={"name": "CyclicLR", "base_lr": 1e-5, "max_lr": 4e-4, "step_size_up": 25, "step_size_down": 60,
                          "mode": "triangular2", "base_momentum": 0.7, "max_momentum": 0.95}),
            run([0, 2], {"name": "rmsprop", "lr": 0.01, "momentum": 0.5}, 300,
                schedule={"name": "CyclicLR", "base_lr": 1e-4, "max_lr": 2e-3, "step_size_up": 33.5,
                          "mode": "exp_range", "gamma": 0.995}),
            run([1.5, 1.5], {"name": "adam", "lr": 0.1}, 300,
                schedule={"name": "CyclicLR", "base_lr": 1e-3, "max_lr": 0.02, "step_size_up": 50, "cycle_momentum": False}),
        ],
    },
    "schedule_one_cycle": {
        "surface": "beale",
        "runs": [
            run([1, 1], {"name": "adam", "lr": 0.01}, 300, schedule={"name": "OneCycleLR", "max_lr": 0.05, "total_steps": 300}),
            run([-1, -1], {"name": "sgd", "lr": 0.01, "momentum": 0.9}, 250,
                schedule={"name": "OneCycleLR", "max_lr": 0.01, "total_steps": 260, "pct_start": 0.25,
                          "anneal_strategy": "linear", "div_factor": 10, "final_div_factor": 100}),
            run([2, -0.5], {"name": "nadam", "lr": 0.01}, 300,
                schedule={"name": "OneCycleLR", "max_lr": 0.03, "total_steps": 300, "three_phase": True,
                          "base_momentum": 0.8, "max_momentum": 0.9}),
            run([0.5, 0.5], {"name": "adagrad", "lr": 0.01}, 200,
                schedule={"name": "OneCycleLR", "max_lr": 0.5, "total_steps": 200, "cycle_momentum": False}),
            run([-2, 1], {"name": "rmsprop", "lr": 0.01}, 200,
                schedule={"name": "OneCycleLR", "max_lr": 0.01, "total_steps": 400}),
        ],
    },
    "noise_quadratic": {
        "surface": "quadratic",
        "runs": [
            run([1, 1], {"name": "sgd", "lr": 0.02}, 300, noise={"sigma": 0.5, "seed": 7}),
            run([1, 1], {"name": "sgd", "lr": 0.02, "momentum": 0.9, "weight_decay": 0.1}, 300, noise={"sigma": 2, "seed": 7}),
            run([-0.5, 0.8], {"name": "adam", "lr": 0.05}, 300, noise={"sigma": 1, "seed": 123456789012}),
            run([0.9, -0.9], {"name": "adamw", "lr": 0.05}, 300, noise={"sigma": 0.1},
                schedule={"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 300}),
        ],
    },
}

# Schedules stepped on their own (lr and momentum after the constructor and each step), for the
# bit-exact comparison of the arithmetic: (optimizer, steps, schedule).
SCHEDULE_SEQUENCES = [
    ({"name": "sgd", "lr": 0.1}, 100, {"name": "StepLR", "step_size": 3, "gamma": 0.9}),
    ({"name": "sgd", "lr": 0.1}, 100, {"name": "MultiStepLR", "milestones": [5, 5, 17, 60], "gamma": 0.3}),
    ({"name": "adam", "lr": 0.3}, 300, {"name": "ExponentialLR", "gamma": 0.99}),
    ({"name": "sgd", "lr": 0.7}, 300, {"name": "CosineAnnealingLR", "T_max": 17, "eta_min": 0.01}),
    ({"name": "sgd", "lr": 0.7}, 300, {"name": "CosineAnnealingLR", "T_max": 7.5}),
    ({"name": "adam", "lr": 0.3}, 40, {"name": "LinearLR", "start_factor": 0.25, "end_factor": 0.75, "total_iters": 29}),
    ({"name": "sgd", "lr": 0.1, "momentum": 0.9}, 500,
     {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.1, "step_size_up": 30, "step_size_down": 47.5, "mode": "triangular2"}),
    ({"name": "rmsprop", "lr": 0.1, "momentum": 0.1}, 500,
     {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.1, "step_size_up": 13, "mode": "exp_range", "gamma": 0.99}),
    ({"name": "adam", "lr": 0.1}, 999, {"name": "OneCycleLR", "max_lr": 0.3, "total_steps": 1000}),
    ({"name": "sgd", "lr": 0.1, "momentum": 0.9}, 777,
     {"name": "OneCycleLR", "max_lr": 0.2, "total_steps": 777, "three_phase": True, "anneal_strategy": "linear",
      "pct_start": 0.4, "div_factor": 7, "final_div_factor": 300}),
]


def write_schedule_lrs(out_dir):
    lines = ["sequence,step,lr,momentum"]
    for index, (optimizer_spec, steps, schedule) in enumerate(SCHEDULE_SEQUENCES):
        p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        optimizer = make_optimizer(optimizer_spec, [p])
        scheduler = make_scheduler(schedule, optimizer)
        for step in range(steps + 1):
            group = optimizer.param_groups[0]
            lines.append(f"{index},{step},{float(group['lr'])!r},{float(group_momentum(group))!r}")
            if step < steps:
                p.grad = torch.zeros(2, dtype=torch.float64)
                optimizer.step()
                scheduler.step()
    path = os.path.join(out_dir, "schedule_lrs.csv")
    with open(path + ".tmp", "w") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)
    # The sequences as a scene (run i = sequence i), named so that it is not taken for a trace case.
    scene = {"surface": "saddle", "runs": [run([0, 0], o, n, schedule=sch) for o, n, sch in SCHEDULE_SEQUENCES]}
    with open(os.path.join(out_dir, "schedule_lrs.scene"), "w") as fh:
        fh.write(json.dumps(scene, indent=2) + "\n")
    print(f"schedule_lrs: {len(SCHEDULE_SEQUENCES)} sequences")


def write_case(out_dir, name, scene):
    f = surface_function(scene["surface"])
    lines = ["run,iter,x,y,z"]
    outcomes = []
    for index, r in enumerate(scene["runs"]):
        rows, outcome = trace_run(f, r, index)
        outcomes.append(f"run {index}: {len(rows)} rows, {outcome}")
        lines.extend(f"{index},{k},{x!r},{y!r},{z!r}" for k, x, y, z in rows)
    for suffix, text in ((".json", json.dumps(scene, indent=2) + "\n"), (".csv", "\n".join(lines) + "\n")):
        path = os.path.join(out_dir, name + suffix)
        with open(path + ".tmp", "w") as fh:
            fh.write(text)
        os.replace(path + ".tmp", path)
    print(f"{name}: " + "; ".join(outcomes))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="*", help="case names")
    parser.add_argument("--cpu-capability", default="default",
                        help="torch CPU kernels: default (portable, the committed oracle), avx2, avx512")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    print(f"torch {torch.__version__}, ATEN_CPU_CAPABILITY={os.environ['ATEN_CPU_CAPABILITY']}")
    for name, scene in CASES.items():
        if args.only and name not in args.only:
            continue
        write_case(args.out, name, scene)
    if not args.only or "schedule_lrs" in args.only:
        write_schedule_lrs(args.out)


if __name__ == "__main__":
    sys.exit(main())
