#!/usr/bin/env python3
"""make conformance: each tlsfuzzer script of conformance/scripts.txt against
`openssl s_server` on the system libssl and on libssl-rs (LD_PRELOAD), in
the same run; per script and per probe, where the two differ.

usage: conformance.py TLSFUZZER_DIR PYTHON LIB WORKDIR OUT.md
PYTHON needs tlslite-ng 0.9.0b2 and ecdsa (the Makefile makes a venv)."""
import os, re, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from netwait import free_port, wait_port  # noqa: E402

tlsfuzzer, python, lib, work, out_md = sys.argv[1:6]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT_TIMEOUT = int(os.environ.get("CONFORMANCE_TIMEOUT", "600"))
# CONFORMANCE_ONLY="a.py b.py": those scripts alone (a quick local check;
# the ratchet then compares their probes only, and keeps the others' lines).
ONLY = set(os.environ.get("CONFORMANCE_ONLY", "").split())




def run(script, server_args, script_args, preload):
    """The script's probes: {name: 'pass'|'fail'|'xfail'}, and its summary."""
    port = free_port()
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = lib
    # s_server reads stdin: give it one that never ends.
    srv = subprocess.Popen(
        ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-www", "-quiet",
         "-cert", os.path.join(work, "rsa.pem"), "-key", os.path.join(work, "rsa.key")] + server_args,
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        if not wait_port(port):
            return {}, "server did not start"
        # wait_port's probe connection is one the server already served.
        try:
            # Scripts sample their probes at random: a fixed seed makes both
            # runs draw the same ones.
            launcher = ("import random, runpy, sys; random.seed(20261201); sys.argv = sys.argv[1:]; "
                        "runpy.run_path(sys.argv[0], run_name='__main__')")
            p = subprocess.run([python, "-c", launcher, os.path.join(tlsfuzzer, "scripts", script), "-h", "127.0.0.1", "-p", str(port)] + script_args,
                               capture_output=True, text=True, timeout=SCRIPT_TIMEOUT, cwd=tlsfuzzer)
            text = p.stdout
        except subprocess.TimeoutExpired as e:
            text = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            text += "\nTIMEOUT"
    finally:
        srv.kill()
        srv.wait()
    probes = {}
    current = None
    for line in text.splitlines():
        if line == "Test end":
            break
        m = re.match(r"^(.*) \.\.\.$", line)
        if m:
            current = m.group(1)
            probes[current] = "fail"
            continue
        if current is not None and line.startswith("OK-expected failure"):
            probes[current] = "xfail"
        elif current is not None and line == "OK":
            probes[current] = "pass"
        elif current is not None and line.startswith("XPASS-"):
            probes[current] = "xpass"
    summary = " ".join(l for l in text.splitlines() if re.match(r"^(TOTAL|PASS|FAIL|SKIP|XFAIL|XPASS): ", l)) or text.strip().splitlines()[-1:] and text.strip().splitlines()[-1] or "no output"
    return probes, summary


def main():
    rows, diffs = [], []
    ours_all = {}
    for line in open(os.path.join(root, "conformance", "scripts.txt")):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        script, sargs, cargs = (x.strip() for x in line.split("|"))
        if ONLY and script not in ONLY:
            continue
        sys_probes, sys_sum = run(script, sargs.split(), cargs.split(), False)
        our_probes, our_sum = run(script, sargs.split(), cargs.split(), True)
        names = list(dict.fromkeys(list(sys_probes) + list(our_probes)))
        for n in names:
            ours_all["%s/%s" % (script, n)] = our_probes.get(n, "absent")
        differ = [(n, sys_probes.get(n, "absent"), our_probes.get(n, "absent")) for n in names
                  if sys_probes.get(n, "absent") != our_probes.get(n, "absent")]
        sp = sum(1 for v in sys_probes.values() if v in ("pass", "xfail"))
        op = sum(1 for v in our_probes.values() if v in ("pass", "xfail"))
        rows.append((script, " ".join(x for x in (sargs, cargs) if x), len(names), sp, op, len(differ)))
        for d in differ:
            diffs.append((script,) + d)
        print("%-45s probes %4d  OpenSSL pass %4d  ours pass %4d  differences %d" % (script, len(names), sp, op, len(differ)), flush=True)
    total = sum(r[2] for r in rows)
    ndiff = sum(r[5] for r in rows)
    ok = ("pass", "xfail")
    worse = sum(1 for d in diffs if d[2] in ok and d[3] not in ok)
    better = sum(1 for d in diffs if d[3] in ok and d[2] not in ok)
    ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    lines = ["# Conformance: tlsfuzzer against openssl s_server on both libraries", "",
             "Generated by `make conformance` (tools/conformance.py, conformance/scripts.txt): each script runs against",
             "`openssl s_server -www` with an RSA-2048 certificate, once on the system libssl (%s) and once on" % ossl,
             "libssl-rs under LD_PRELOAD, in the same run. A probe passes when tlsfuzzer's expectation holds (or an",
             "expected failure fails). Goal: zero differences.", "",
             "Scripts: %d, probes: %d, differences: %d (OpenSSL passes and libssl-rs does not: %d;"
             " libssl-rs passes and OpenSSL does not: %d)." % (len(rows), total, ndiff, worse, better), "",
             "| script | arguments | probes | OpenSSL passes | libssl-rs passes | differences |",
             "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %s | %s | %d | %d | %d | %d |" % r)
    lines += ["", "## Differences (probe: OpenSSL / libssl-rs)", ""]
    if not diffs:
        lines.append("None.")
    for script, name, a, b in diffs:
        lines.append("- %s: `%s`: %s / %s" % (script, name, a, b))
    open(out_md, "w").write("\n".join(lines) + "\n")
    print("scripts %d, probes %d, differences %d; written to %s" % (len(rows), total, ndiff, out_md))
    sys.exit(ratchet(ours_all))


def ratchet(ours_all):
    """The ratchet (docs/conformance.results, committed): every probe that
    passed on libssl-rs when the list was committed must still pass. The
    list is rewritten with this run's results, for the commit that made
    more pass; a probe made to fail on purpose is explained in that commit."""
    path = os.path.join(root, "docs", "conformance.results")
    before = {}
    if os.path.exists(path):
        for line in open(path):
            verdict, _, name = line.rstrip("\n").partition(" ")
            before[name] = verdict
    now = {name: ("PASS" if v in ("pass", "xfail") else "FAIL") for name, v in ours_all.items()}
    ran = lambda n: not ONLY or n.split("/", 1)[0] in ONLY  # noqa: E731
    lost = sorted(n for n, v in before.items() if v == "PASS" and ran(n) and now.get(n) != "PASS")
    for n, v in before.items():
        if not ran(n):
            now[n] = v
    with open(path, "w") as f:
        for name in sorted(now):
            f.write("%s %s\n" % (now[name], name))
    for n in lost:
        print("RATCHET: passed before, not now: %s (%s)" % (n, now.get(n, "absent")))
    return 1 if lost else 0


main()
