"""How the C analysis kernels (``quality/_kernels.c``) are built: one place for setup.py
(``pip install`` / ``make setup`` build them as the extension ``quality._ckernels``) and
for ``quality.kernels``' fallback build of a source checkout.

Standard library only: setup.py loads this file by path in pip's isolated build
environment, where numpy is not installed.

    python -m quality._build          # build the library beside the source (a checkout)
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

SOURCE = Path(__file__).with_name("_kernels.c")
MODULE = "quality._ckernels"
# No -ffast-math: summation order stays as written (reproducible reports). No -march: the
# library must run on any x86-64 / arm64 machine the environment is copied to. No fused
# multiply-add contraction, so every platform rounds the same way.
CFLAGS = ["-O3", "-std=c99", "-fPIC", "-ffp-contract=off", "-fno-math-errno", "-fvisibility=hidden"]


def source_hash(source: Path = SOURCE) -> str:
    """The first 16 hex digits of the source's sha256: built into the library, compared at load."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:16]


def define_hash(source: Path = SOURCE) -> tuple[str, str]:
    """The ``-D`` macro that names the source a build came from (for setuptools' define_macros)."""
    return "AQ_SOURCE_HASH", f'"{source_hash(source)}"'


def library_name() -> str:
    """The file name setuptools gives the extension here (``_ckernels.cpython-311-x86_64-linux-gnu.so``)."""
    return "_ckernels" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def build(out: Path, *, source: Path = SOURCE) -> Path:
    """Compile ``source`` into the shared library ``out`` with the C compiler (``$CC``, else
    ``cc``), atomically (a temporary file beside it, then a rename). Raises RuntimeError with
    the compiler's output when it fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    cc = shlex.split(os.environ.get("CC") or "cc")
    name, value = define_hash(source)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".part", dir=out.parent)
    os.close(fd)
    cmd = [*cc, *CFLAGS, f"-D{name}={value}", "-shared", "-o", tmp, str(source), "-lm"]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as exc:
        os.unlink(tmp)
        raise RuntimeError(f"cannot run the C compiler {cc[0]!r} ({exc})") from exc
    if r.returncode != 0:
        os.unlink(tmp)
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{r.stderr.strip()}")
    os.replace(tmp, out)
    return out


def main() -> int:
    out = build(SOURCE.with_name(library_name()))
    print(f"built {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
