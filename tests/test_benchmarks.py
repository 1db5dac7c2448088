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


AB = SCRIPT.parent / "ab_parse.py"


def test_ab_parse_help_and_bad_arguments():
    """Guards against the A/B script tracing back on a missing or wrong checkout or option."""
    def run(*args):
        return subprocess.run([sys.executable, str(AB), *args], capture_output=True, text=True, timeout=120)

    assert run("--help").returncode == 0 and "OTHER_CHECKOUT" in run("--help").stdout
    for args, message in ((("/no/such/checkout",), "not a checkout"), ((), "usage"),
                          ((str(AB.parent.parent), "--repeat", "x"), "--repeat takes"),
                          ((str(AB.parent.parent), "--nope"), "unknown option")):
        result = run(*args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_ab_parse_compares_a_checkout_with_itself():
    """Guards against the comparison reading the wrong package or grammar: this checkout against
    itself on one seed prints one row, and both columns are times."""
    seed = sorted((SCRIPT.parent.parent / "tests" / "fixtures" / "seeds").glob("*.txt"))[0]
    result = subprocess.run([sys.executable, str(AB), str(AB.parent.parent), "--repeat", "1", str(seed)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert len(rows) == 1 and rows[0][0] == "seed" and float(rows[0][2]) > 0 and float(rows[0][3]) > 0


RUNS = SCRIPT.parent / "ab_runs.py"


def test_ab_runs_help_and_bad_arguments():
    """Guards against the single-pass A/B script tracing back on a missing or wrong checkout
    or option."""
    def run(*args):
        return subprocess.run([sys.executable, str(RUNS), *args], capture_output=True, text=True, timeout=120)

    assert run("--help").returncode == 0 and "OTHER_CHECKOUT" in run("--help").stdout
    for args, message in ((("/no/such/checkout",), "not a checkout"), ((), "usage"),
                          ((str(RUNS.parent.parent), "--runs", "0"), "--runs takes"),
                          ((str(RUNS.parent.parent), "--nope"), "unknown option"),
                          ((str(RUNS.parent.parent), "/no/such/folder"), "no such file or folder")):
        result = run(*args)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_ab_runs_compares_a_checkout_with_itself():
    """Guards against the runs importing a package other than the checkout's (each run checks
    where it loaded the package from), or the table losing a variant: this checkout against
    itself on the seeds prints the seed row, with times in both columns."""
    seeds = SCRIPT.parent.parent / "tests" / "fixtures" / "seeds"
    result = subprocess.run([sys.executable, str(RUNS), str(RUNS.parent.parent), "--runs", "1", str(seeds)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert len(rows) == 1 and rows[0][0] == "seed" and float(rows[0][1]) > 0 and float(rows[0][2]) > 0
