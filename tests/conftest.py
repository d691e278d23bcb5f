"""Shared fixtures: real files from samples/ and ../shared/corpus (skipped cleanly when absent)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = Path(os.environ.get("DOCBUILD_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(autouse=True, scope="session")
def _isolated_caches(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep `datasets` and Ray caches out of the user's home during tests."""
    base = tmp_path_factory.mktemp("caches")
    os.environ["HF_HOME"] = str(base / "hf")
    os.environ["HF_DATASETS_CACHE"] = str(base / "hf" / "datasets")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["RAY_TMPDIR"] = str(base / "ray")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Root of ../shared/corpus; tests needing it are skipped when it is not there."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


def sample(name: str) -> Path:
    """Path of a generated sample; fails loudly if the generator was not run."""
    path = SAMPLES / name
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `python samples/generate.py`")
    return path


def load_script(relative: str, name: str) -> ModuleType:
    """A repository script (benchmarks/, samples/ are not packages) imported as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
