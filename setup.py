"""Builds the C analysis kernels (quality/_kernels.c) as the shared library ``quality._ckernels``
when the package is installed (``pip install -e .``, ``make setup``); everything else about the
package is in pyproject.toml. The library has no Python API: quality/kernels.py calls it
through ctypes. It needs a C compiler (the one llama-cpp-python's build already uses)."""

import importlib.util
from pathlib import Path

from setuptools import Extension, setup

_spec = importlib.util.spec_from_file_location("_aq_build", Path(__file__).parent / "quality" / "_build.py")
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)

setup(ext_modules=[Extension(
    _build.MODULE,
    sources=["quality/_kernels.c"],
    define_macros=[_build.define_hash()],
    extra_compile_args=[f for f in _build.CFLAGS if f != "-fPIC"],
    libraries=["m"],
)])
