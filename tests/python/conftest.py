"""Shared fixtures of the python tier: the built binary, the source tree and a scratch directory.

ctest sets GRADSCAPE_BINARY, GRADSCAPE_SOURCE_DIR and PYTHONPATH=<build>/python (tests/CMakeLists.txt).
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

# torch's portable CPU kernels, as tests/data/oracle's traces were made with (read when torch is imported):
# its AVX2 kernels fuse `p + alpha * g` into one FMA, which gradscape's optimizers (and torch's portable
# kernels) round twice. test_torch.py checks both: bit for bit here, within 1e-12 with the AVX2 kernels.
os.environ.setdefault("ATEN_CPU_CAPABILITY", "default")
import pytest

SOURCE_DIR = Path(os.environ.get("GRADSCAPE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = Path(os.environ.get("GRADSCAPE_BINARY", SOURCE_DIR / "build" / "gradscape"))
SCENES = SOURCE_DIR / "assets" / "scenes"


@pytest.fixture
def binary():
    return BINARY


@pytest.fixture
def scenes():
    return SCENES


def run_cli(*args, stdin=None):
    """Runs the built gradscape; returns the CompletedProcess (text stdout, stderr)."""
    return subprocess.run([str(BINARY), *map(str, args)], input=stdin, capture_output=True, text=True, timeout=120)


def read_png(path_or_bytes):
    """An image file or PNG bytes as an H x W x 4 uint8 array (Pillow decodes)."""
    import io

    from PIL import Image

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with Image.open(source) as image:
        return np.array(image.convert("RGBA"))


def parse_trace_csv(text):
    """`gradscape trace` CSV as {run: (points, 3) array}; float() reads shortest round-trip text exactly."""
    runs = {}
    for line in text.splitlines()[1:]:
        run, _, x, y, z = line.split(",")
        runs.setdefault(int(run), []).append((float(x), float(y), float(z)))
    return {run: np.array(rows) for run, rows in runs.items()}


def bad_input_rows(row_pattern):
    """{row: (message, exception)} of docs/bad-input.md's rows whose id matches `row_pattern` (like r"P\\d+"),
    the message unquoted and its escaped pipes read back as pipes."""
    rows = {}
    for line in (SOURCE_DIR / "docs" / "bad-input.md").read_text().splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) < 4 or not re.fullmatch(row_pattern, cells[0]):
            continue
        message = cells[2]
        message = message[3:-3] if message.startswith("`` ") else message[1:-1] if message.startswith("`") else ""
        rows[cells[0]] = (message.replace("\\|", "|"), cells[3])
    return rows


def interrupt_child(script, ready=lambda: True, settle=0.5):
    """Runs `script` in a child python, which prints "started" before its long call; once `ready()` (or 60 s)
    and `settle` seconds more, sends SIGINT. Returns (returncode, stdout after "started", stderr, seconds
    from the signal to the child's exit)."""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=os.environ)
    assert child.stdout.readline() == "started\n"
    deadline = time.monotonic() + 60
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(settle)
    child.send_signal(signal.SIGINT)
    sent = time.monotonic()
    stdout, stderr = child.communicate(timeout=60)
    return child.returncode, stdout, stderr, time.monotonic() - sent
