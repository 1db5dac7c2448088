"""The benchmark scripts answer --help and bad arguments as a tool does (they measure; nothing
here is timed)."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_parse.py"


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_bench_parse_help_prints_its_usage():
    """Guards against --help being read as a file to time (a traceback, as it once was)."""
    result = _run("--help")
    assert result.returncode == 0 and "bench_parse.py [--stages]" in result.stdout


@pytest.mark.parametrize(("args", "message"), [(("--nope",), "unknown option"),
                                               (("/no/such/folder",), "no such file or folder")])
def test_bench_parse_refuses_bad_arguments_with_a_message(args, message):
    result = _run(*args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
