#!/usr/bin/env python3
"""Edit → rebuilt → reload-event latency of `plenary serve`.

Starts `plenary serve` on a site, listens to its reload events like an open page does, then
edits the text of one Markdown file N times (a changing sentence appended, written in
place like most editors do) and times each edit from the write to the `reload` event. Checks
after each edit that the page serves the new sentence. Prints each latency and the median.

    python3 bench/serve_latency.py --plenary target/dist/plenary \
        --site site-content --file meetings/m76/connectivity-financing/v2.en.md \
        --page /en/meetings/m76/connectivity-financing/ --edits 20
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--plenary", required=True)
    parser.add_argument("--site", required=True, help="content folder (edited in a copy unless --in-place)")
    parser.add_argument("--file", required=True, help="Markdown file to edit, relative to the site")
    parser.add_argument("--page", required=True, help="URL path of the page that shows it")
    parser.add_argument("--audience", default="members")
    parser.add_argument("--as-of", default="2030-01-01")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between edits")
    parser.add_argument("--in-place", action="store_true", help="edit the site itself (restored after)")
    args = parser.parse_args()

    site = os.path.abspath(args.site)
    workdir = None
    if not args.in_place:
        workdir = tempfile.mkdtemp(prefix="serve-latency-")
        shutil.copytree(site, os.path.join(workdir, "site-content"), symlinks=True)
        site = os.path.join(workdir, "site-content")
    target = os.path.join(site, args.file)
    original = open(target, encoding="utf-8").read()

    started = time.perf_counter()
    server = subprocess.Popen(
        [args.plenary, "serve", "--site", site, "--audience", args.audience,
         "--as-of", args.as_of, "--port", "0"],
        stderr=subprocess.PIPE, text=True)
    address = None
    log = []
    for line in server.stderr:
        log.append(line.rstrip())
        if " at http://" in line:
            address = line.split(" at http://")[1].split("/")[0]
            break
    if address is None:
        sys.exit("serve did not start:\n" + "\n".join(log))
    first_build = time.perf_counter() - started
    threading.Thread(target=lambda: [log.append(l.rstrip()) for l in server.stderr], daemon=True).start()

    events = socket.create_connection(tuple(address.rsplit(":", 1)))
    events.sendall(b"GET /__plenary/events HTTP/1.1\r\nHost: x\r\n\r\n")
    stream = events.makefile("rb")

    def next_event():
        name = None
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name:
                return name, line[6:]

    assert next_event()[0] == "hello"
    latencies = []
    try:
        for i in range(args.edits):
            sentence = f"Latency probe sentence number {i} {time.time_ns()}."
            t0 = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(original.rstrip("\n") + "\n\n" + sentence + "\n")
            name, data = next_event()
            t1 = time.perf_counter()
            if name != "reload":
                sys.exit(f"edit {i}: got {name} {data}")
            body = urllib.request.urlopen(f"http://{address}{args.page}").read().decode()
            if sentence not in body:
                sys.exit(f"edit {i}: the page does not show the edit")
            latencies.append((t1 - t0) * 1000)
            print(f"edit {i + 1:2}: {latencies[-1]:7.1f} ms", flush=True)
            time.sleep(args.pause)
    finally:
        with open(target, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    rebuilt = [l for l in log if l.startswith("rebuilt ")]
    print(json.dumps({
        "site": args.site, "audience": args.audience, "edits": len(latencies),
        "first_build_s": round(first_build, 2),
        "median_ms": round(statistics.median(latencies), 1),
        "p90_ms": round(sorted(latencies)[int(len(latencies) * 0.9) - 1], 1),
        "min_ms": round(min(latencies), 1), "max_ms": round(max(latencies), 1),
        "server_lines": rebuilt[-3:],
    }, indent=1))


if __name__ == "__main__":
    main()
