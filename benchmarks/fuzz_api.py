"""API fuzzing: schemathesis with every check against the real server on the seeds store.

Builds a store from `seeds/` (`diplograph ingest`), starts `diplograph serve` on a free
loopback port, runs `st run` (schemathesis 4) with `--checks all` and N examples per
operation through all its phases (examples, coverage, fuzzing, stateful), then prints the
counts from its JSON report: test cases, failures per check code (ST202, ST301, …), server
errors (5xx) and operations that errored. Exit status 1 when anything failed.

    python benchmarks/fuzz_api.py                       # 300 examples per operation
    python benchmarks/fuzz_api.py --examples 50         # a quicker pass
    python benchmarks/fuzz_api.py --data-dir /tmp/seeded --seed 1   # reuse a store, fixed seed
    python benchmarks/fuzz_api.py --worker              # with the ingest worker (slow: NLP)

Target (issue 14): 0 failures of any kind at 300 examples per operation.

Rules the OpenAPI document states in words but no schema can encode are given to
schemathesis, narrowly: `POST /ask` answers 422 `question_not_understood` to a question its
grammar cannot read, and `POST /articles` 422 to a text in no supported language (or empty
once control characters are stripped, or binary), so `positive_data_acceptance` accepts 422
on those two operations (`CONFIG`) and the `content_refusals_only` check fails any other 422
code there; a period whose `from` is after its `to` is refused with 422 by design, so the
`before_call` hook keeps generated periods in order (`to` set to `from`). Writes go with the
server's API key.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import schemathesis

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from api_bench import stop_server, wait_ready  # noqa: E402

from app.params import DATE_PATTERN, period_is_reversed  # noqa: E402

# Expected statuses per operation where the schema cannot say what is valid (see docstring);
# `content_refusals_only` below narrows each 422 to the reasons of CONTENT_REFUSALS.
CONFIG = """\
[[operations]]
include-path = "/ask"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2XX", 401, 404, 409, 422]

[[operations]]
include-path = "/articles"
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = ["2XX", 401, 409, 422]
"""
CONTENT_REFUSALS = {
    ("POST", "/ask"): {"question_not_understood"},
    ("POST", "/articles"): {"unsupported_language", "empty_article", "unreadable_article"},
}
"""Error codes of a 422 that a schema-valid request may get: the content itself cannot be
used (a question the grammar cannot read; a text in no supported language, empty once
control characters are stripped, or binary)."""


PERIOD_PATHS = ("/events", "/meetings")  # operations whose `from` and `to` are dates
_DATE = re.compile(DATE_PATTERN)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Keep a generated period in order: `to` not before `from` (documented on `to`; the
    service refuses a reversed period with 422 "from (…) is after to (…)")."""
    query = case.query
    if context.operation is None or context.operation.path not in PERIOD_PATHS \
            or not isinstance(query, dict):
        return
    start, end = query.get("from"), query.get("to")
    if isinstance(start, str) and isinstance(end, str) and _DATE.match(start) \
            and _DATE.match(end) and period_is_reversed(start, end):
        query["to"] = start


@schemathesis.check
def content_refusals_only(ctx: Any, response: Any, case: Any) -> bool | None:
    """A schema-valid request to an operation of CONTENT_REFUSALS gets 422 only for one of
    its content reasons (any other 422 is a schema that promises more than is accepted)."""
    allowed = CONTENT_REFUSALS.get((case.operation.method.upper(), case.operation.path))
    meta = case.meta
    if allowed is None or response.status_code != 422 or meta is None \
            or not meta.generation.mode.is_positive:
        return None
    code = response.json().get("code")
    if code not in allowed:
        raise AssertionError(f"schema-valid request refused: 422 {code!r} "
                             f"({response.json().get('error')})")
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from app.cli import main; main()", *args],
                            env=env, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def build_store(data_dir: Path, env: dict[str, str]) -> None:
    """Ingest `seeds/` into `data_dir` with the real pipeline."""
    print(f"ingesting seeds/ into {data_dir} …", flush=True)
    proc = _cli("ingest", str(ROOT / "seeds"), env=env, stdout=subprocess.DEVNULL)
    if proc.wait() != 0:
        raise SystemExit("ingest of seeds/ failed")


def run(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="dg-fuzz-"))
    data_dir = work / "data"
    key = secrets.token_urlsafe(24)
    port = args.port or _free_port()
    env = os.environ | {"DIPLOGRAPH_DATA_DIR": str(data_dir), "DIPLOGRAPH_LOG_LEVEL": "WARNING",
                        "DIPLOGRAPH_HOST": "127.0.0.1", "DIPLOGRAPH_PORT": str(port),
                        "DIPLOGRAPH_API_KEY": key}
    if args.data_dir:
        shutil.copytree(args.data_dir, data_dir)  # the fuzzer writes: never touch the original
    else:
        build_store(data_dir, env)
    server_log = (work / "server.log").open("wb")
    server = _cli("serve", "--worker" if args.worker else "--no-worker", env=env,
                  stdout=server_log, stderr=subprocess.STDOUT)
    report = work / "report.json"
    (work / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    try:
        wait_ready(port, server, path="/ready", timeout=300)
        started = time.perf_counter()
        cmd = ["st", "--config-file", str(work / "schemathesis.toml"), "run",
               f"http://127.0.0.1:{port}/openapi.json", "--checks", "all",
               "--max-examples", str(args.examples), "--workers", str(args.workers),
               "--header", f"X-API-Key: {key}", "--generation-database", "none",
               "--report", "json", "--report-json-path", str(report), "--no-color"]
        if args.seed is not None:
            cmd += ["--seed", str(args.seed)]
        log = work / "schemathesis.log"
        hooks_env = os.environ | {"SCHEMATHESIS_HOOKS": "fuzz_api", "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "benchmarks"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
        with log.open("wb") as out:
            subprocess.run(cmd, cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False,
                           env=hooks_env)
        elapsed = time.perf_counter() - started
    finally:
        stop_server(server)
        server_log.close()
    if not report.is_file():
        print(log.read_text(encoding="utf-8", errors="replace")[-4000:])
        raise SystemExit(f"schemathesis wrote no report (server log: {work / 'server.log'})")
    status = summarise(json.loads(report.read_text(encoding="utf-8")), elapsed, log)
    if status == 0 and not args.keep:
        shutil.rmtree(work, ignore_errors=True)  # kept when something failed, for the details
    return status


def summarise(data: dict, elapsed: float, log: Path) -> int:
    """Print the counts of one schemathesis JSON report; 1 when anything failed."""
    cases, ops = data["test_cases"], data["operations"]
    failures = Counter({f"{f['code']} {f['title']}": f["count"] for f in data["failures"]})
    server_errors = sum(n for name, n in failures.items() if name.startswith(("ST101", "ST102")))
    print(f"schemathesis {data['schemathesis_version']}, seed {data['seed']}, "
          f"{elapsed:.0f} s")
    print(f"operations: {ops['tested']}/{ops['total']} tested, {ops['errored']} errored")
    for phase, state in data["phases"].items():
        print(f"phase {phase}: {state['status']}")
    print(f"test cases: {cases['generated']} generated, {cases['with_failures']} with "
          f"failures, {cases['errored']} errored")
    print(f"server errors (5xx): {server_errors}")
    print(f"failures: {sum(failures.values())}")
    for name, count in sorted(failures.items()):
        print(f"  {count:5d}  {name}")
        for f in data["failures"]:
            if f"{f['code']} {f['title']}" == name:
                print("         " + ", ".join(f["operations"]))
    print(f"errors: {len(data['errors'])}")
    for err in data["errors"]:
        print(f"  {err}")
    bad = sum(failures.values()) + len(data["errors"]) + ops["errored"] + cases["errored"]
    if bad:
        print(f"details: {log}")
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=300,
                        help="examples per operation and phase (default 300)")
    parser.add_argument("--data-dir", type=Path,
                        help="a data folder with a store to copy (default: ingest seeds/)")
    parser.add_argument("--workers", type=int, default=2,
                        help="schemathesis workers (concurrent requests, default 2)")
    parser.add_argument("--seed", type=int, help="schemathesis seed (default: random)")
    parser.add_argument("--port", type=int, help="server port (default: a free one)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work folder (store copy, logs, report) after a clean run")
    parser.add_argument("--worker", action="store_true",
                        help="run the ingest worker in the server (posted articles go "
                             "through the NLP: slow)")
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
