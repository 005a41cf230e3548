#!/usr/bin/env python3
"""`similar` speed, a baseline binary and a new one paired in the same run.

    benches/similar_speed.py BASELINE_BIN BASELINE_INDEX NEW_BIN NEW_INDEX [ROUNDS]

Each binary runs against its own index (an index written by the baseline may lack what the new
one counts at index time). Measured for both, interleaved round by round so that the load of a
shared machine falls on both alike:

- whole-process `projsok similar ID` (warm: one untimed run first), over the source ids below,
  and `projsok similar --text` of a pasted application, as wall time and as the process's CPU
  time (user + system), p50;
- the web route: `projsok serve` on 127.0.0.1, 20 client threads asking `/api/similar/ID` in
  turn, each at most REQUESTS_PER_CLIENT requests and no longer than CLIENT_SECONDS; p50, p99
  and the requests answered (a non-200 answer is counted as failed); twice each, in the order
  baseline, new, new, baseline.

Run it from the folder the indexes were built in (the ids are paths as indexed).
"""

import concurrent.futures
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

SOURCES = [
    "seeds/000_cea40166ddf3072c.txt",
    "seeds/001_5529787c01511de8.txt",
    "g0vse/regeringsuppdrag/2017/06/uppdrag-att-forbattra-genomforandet-av-etableringsuppdraget.md",
    "g0vse/pressmeddelanden/2025/07/regeringen-gar-vidare-med-skarpta-krav-i-sfi.md",
    "g0vse/regeringsuppdrag/2019/03/uppdrag-att-sakerstalla-tillgangen-pa-influensavaccin.md",
    "seeds/002_e2cf07384f130b54.txt",
    "seeds/003_2b3fa1d7a6e76dce.txt",
    "seeds/004_2c34cdba5d9fc759.txt",
    # a directive of a title alone, a directive of a page, the longest SOU summary (17 kB)
    "g0vse/rattsliga-dokument/kommittedirektiv/2008/07/dir.-200895.md",
    "g0vse/rattsliga-dokument/kommittedirektiv/2020/12/dir.-2020135.md",
    "g0vse/rattsliga-dokument/statens-offentliga-utredningar/2019/06/sou-201930.md",
]
# A pasted application of 2 000 characters (`similar --text`), one of the related bench's pages,
# which are not in the index measured.
TEXT_PAGE = "benches/related/pages/e01_unga_utanfor.txt"
CLIENTS = 20
REQUESTS_PER_CLIENT = 10
CLIENT_SECONDS = 60.0


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def whole_process(binary, index, source):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([binary, "similar", *source, "--index", index], stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def serve(binary, index):
    server = subprocess.Popen(
        [binary, "serve", "--index", index, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = server.stdout.readline()
    address = line.split("serving ")[1].split(" ")[0].rstrip("/")
    return server, address


def web_load(binary, index):
    server, address = serve(binary, index)
    try:
        latencies, failed = [], 0
        lock = threading.Lock()

        def client(number):
            nonlocal failed
            deadline = time.perf_counter() + CLIENT_SECONDS
            for request in range(REQUESTS_PER_CLIENT):
                if time.perf_counter() > deadline:
                    return
                source = SOURCES[(number + request) % len(SOURCES)]
                url = f"{address}/api/similar/{urllib.parse.quote(source, safe='')}"
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=CLIENT_SECONDS) as answer:
                        answer.read()
                        ok = answer.status == 200
                except Exception:
                    ok = False
                with lock:
                    if ok:
                        latencies.append(time.perf_counter() - started)
                    else:
                        failed += 1

        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        return latencies, failed
    finally:
        server.terminate()
        server.wait()


def main():
    base_bin, base_index, new_bin, new_index = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    runs = {"baseline": (base_bin, base_index), "new": (new_bin, new_index)}
    with open(TEXT_PAGE, encoding="utf-8") as page:
        text = page.read()
    kinds = {"ids": [[source] for source in SOURCES], "--text": [["--text", text]]}
    times = {(name, kind): ([], []) for name in runs for kind in kinds}
    for binary, index in runs.values():
        whole_process(binary, index, [SOURCES[0]])
    for _ in range(rounds):
        for kind, sources in kinds.items():
            for source in sources:
                for name, (binary, index) in runs.items():
                    wall, cpu = whole_process(binary, index, source)
                    times[(name, kind)][0].append(wall)
                    times[(name, kind)][1].append(cpu)
    for (name, kind), (walls, cpus) in times.items():
        print(
            f"{name}: whole-process similar ({kind}), {len(walls)} runs: wall p50 "
            f"{statistics.median(walls) * 1000:.0f} ms, CPU p50 {statistics.median(cpus) * 1000:.0f} ms"
        )
    # The server runs are long: in the order baseline, new, new, baseline, so that a change
    # of the machine's load during the run falls on both.
    for name in ["baseline", "new", "new", "baseline"]:
        binary, index = runs[name]
        latencies, failed = web_load(binary, index)
        print(
            f"{name}: /api/similar under {CLIENTS} clients: {len(latencies)} answered, {failed} failed, "
            f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
