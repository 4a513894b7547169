#!/usr/bin/env python3
"""OpenSSL 3.0's own TLS test recipes, run on its libssl and on ours.

tools/openssl-tests.sh prepares the tree (Debian's source package, built
shared under target/openssl/); this script runs each recipe twice — with the
tree's libssl.so.3, then with ours copied over it — directly with perl (not
through TAP::Harness, which waits forever on an s_server a dying proxy
recipe leaves behind), each in its own process group under a time limit,
parses the TAP it prints into subtests with stable names, and writes:

  docs/OPENSSL-TESTS.md          per recipe: subtests passing on each library,
                                 and the subtests that pass on OpenSSL's only
  docs/openssl-tests.results     every subtest, "PASS name" / "FAIL name" on
                                 ours, sorted (what `make ratchet` compares)

Usage: openssl_tests.py TREE OUR_LIBSSL [--only RECIPE...] [--lib sys|ours] [--report]
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Recipes whose programs load the shared libssl.so.3 (apps/openssl for the
# TLSProxy ones, the test programs for the rest).
RECIPES = [
    "70-test_clienthello", "70-test_key_share", "70-test_npn", "70-test_recordlen",
    "70-test_renegotiation", "70-test_servername", "70-test_sslcbcpadding", "70-test_sslcertstatus",
    "70-test_sslextension", "70-test_sslmessages", "70-test_sslrecords", "70-test_sslsessiontick",
    "70-test_sslsigalgs", "70-test_sslsignature", "70-test_sslskewith0p", "70-test_sslversions",
    "70-test_sslvertol", "70-test_tls13alerts", "70-test_tls13cookie", "70-test_tls13downgrade",
    "70-test_tls13hrr", "70-test_tls13kexmodes", "70-test_tls13messages", "70-test_tls13psk",
    "70-test_tls13ticket", "70-test_tlsextms", "70-test_bad_dtls",
    "71-test_ssl_ctx",
    "80-test_cipherbytes", "80-test_cipherlist", "80-test_ciphername", "80-test_dane", "80-test_dtls",
    "80-test_dtls_mtu", "80-test_dtlsv1listen", "80-test_ssl_new", "80-test_ssl_old", "80-test_ssl_test_ctx",
    "80-test_sslcorrupt",
    "90-test_sslapi", "90-test_sslbuffers", "90-test_tls13ccs",
    "99-test_fuzz_client",
    "20-test_app_s_client",
]

# Recipes not counted: their programs link libssl statically and read its
# internal structures, so swapping the shared library does not reach them.
NOT_COUNTED = {
    "90-test_tls13secrets": "tls13secretstest links libssl.a and calls its internal key schedule",
    "90-test_tls13encryption": "tls13encryptiontest links libssl.a and calls its internal record functions",
    "03-test_internal_ssl_cert_table": "links libssl.a: OpenSSL's internal certificate table",
}

# Subtests of counted recipes that read or write libssl's structures through
# its private headers: on any other libssl they touch foreign memory.
# test_session_timeout writes into SSL_SESSION objects it made with
# SSL_SESSION_new (session_id, time), which on ours corrupted the heap and
# ended sslapitest at a different later test on each run; on ours these
# now fail without running (tools/openssl-tests.sh marks them). ssl_test's
# ForcePHA iterations (26-tls13_client_auth.cnf) write struct ssl_st; on ours
# that write is skipped, and they fail.
INTERNAL_SUBTESTS = {
    "90-test_sslapi/running sslapitest/test_cleanse_plaintext": "reads the record layer's buffer (s->rlayer)",
    "90-test_sslapi/running sslapitest/test_session_timeout": "writes SSL_SESSION fields directly (early->session_id)",
    "90-test_sslapi/running sslapitest/test_ciphersuite_change": "writes SSL_SESSION fields directly (clntsess->cipher)",
    "90-test_sslapi/running sslapitest/test_session_with_only_int_cache": "reads SSL_SESSION fields directly (sess1->owner)",
    "90-test_sslapi/running sslapitest/test_session_with_only_ext_cache": "reads SSL_SESSION fields directly (sess1->owner)",
    "90-test_sslapi/running sslapitest/test_session_with_both_cache": "reads SSL_SESSION fields directly (sess1->owner)",
    "90-test_sslapi/running sslapitest/test_session_wo_ca_names": "reads SSL_SESSION fields directly (sess1->owner)",
}

TIME_LIMIT = 900

# Why the remaining differences are there, by recipe (prefix match); what
# is left to build, and which issue owns it.
CAUSES = [
    ("70-test_", "TLSProxy recipes: s_server/s_client run with the ossltest engine, whose "
     "ciphers leave records readable to the Perl proxy that alters them; the application's engine "
     "defaults reach our record layer and handshake hash (src/sys/engine.rs), so most now pass; "
     "what still differs is listed below, subtest by subtest."),
    ("70-test_bad_dtls", "DTLS (issue 23)."),
    ("80-test_dtls", "DTLS (issue 23)."),
    ("80-test_dane", "DANE (issue 24)."),
    ("80-test_ssl_new", "ssl_test's handshake cases: DTLS sections (issue 23), record padding "
     "(24-padding, issue 22), and the cases listed below."),
    ("90-test_sslapi", "sslapitest: early data (issue 22), DTLS (issue 23), SSL_dup, "
     "SSL_stateless, max fragment length, pipelining, SSL_check_chain, retried verification "
     "(issues 22, 24), and the subtests listed below."),
    ("90-test_sslbuffers", "the pipelined cases: SSL_set_max_pipelines with the dasync engine (issue 22)."),
    ("90-test_tls13ccs", "its proxy reads records through the ossltest engine, as the TLSProxy recipes."),
]

TAP = re.compile(r"^(\s*)(not ok|ok)\s+(\d+)(?:\s*-\s*(.*?))?\s*(?:#\s*(skip|SKIP|TODO).*)?$")


def run_recipe(tree, recipe, log_path, lib):
    """Runs one recipe in its own process group; returns its exit status."""
    env = dict(os.environ)
    # sslapitest's INTERNAL_SUBTESTS fail at once on ours rather than corrupt
    # its heap (the tree is marked by tools/openssl-tests.sh).
    env.pop("LIBSSL_RS_FOREIGN_LIBSSL", None)
    if lib == "ours":
        env["LIBSSL_RS_FOREIGN_LIBSSL"] = "1"
    env.update({
        "SRCTOP": tree, "BLDTOP": tree, "PERL": "perl", "EXE_EXT": "",
        "OPENSSL_CONF": os.path.join(tree, "apps", "openssl.cnf"),
        "OPENSSL_CONF_INCLUDE": os.path.join(tree, "test"),
        "OPENSSL_MODULES": os.path.join(tree, "providers"),
        "OPENSSL_ENGINES": os.path.join(tree, "engines"),
        "CTLOG_FILE": os.path.join(tree, "test", "ct", "log_list.cnf"),
        "HARNESS_ACTIVE": "1", "HARNESS_VERBOSE": "yes", "V": "1",
    })
    # The tests in their listed order, the same on every run: testutil
    # shuffles them whenever OPENSSL_TEST_RAND_ORDER is set, to anything.
    env.pop("OPENSSL_TEST_RAND_ORDER", None)
    cmd = ["perl", "-I", os.path.join(tree, "util", "perl"), os.path.join(tree, "test", "recipes", recipe + ".t")]
    with open(log_path, "w") as log:
        p = subprocess.Popen(cmd, cwd=os.path.join(tree, "test"), env=env, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            rc = p.wait(timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            rc = "timeout"
        # Whatever the recipe left running (s_server behind a proxy) goes too.
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
    return rc


def parse(recipe, log_path):
    """Leaf subtests of a recipe's TAP, named recipe/parent.../name."""
    results = {}
    pending = {}  # level -> list of (name, ok) of finished lines at that level
    with open(log_path, errors="replace") as f:
        lines = f.read().splitlines()
    for line in lines:
        m = TAP.match(line)
        if not m:
            continue
        indent, status, num, name, directive = m.groups()
        level = len(indent.replace("\t", "    ")) // 4
        name = (name or f"#{num}").strip()
        ok = status == "ok"
        children = pending.pop(level + 1, None)
        if children:
            for child, child_ok in children:
                pending.setdefault(level, []).append((f"{name}/{child}", child_ok))
        else:
            pending.setdefault(level, []).append((name, ok if directive is None or directive.upper() != "TODO" else True))
    for name, ok in pending.get(0, []):
        key = f"{recipe}/{name}"
        n = 2
        while key in results:
            key = f"{recipe}/{name}~{n}"
            n += 1
        results[key] = ok
    if not results:
        results[f"{recipe}/(no TAP output)"] = False
    return results


def swap_in(tree, ours):
    lib = os.path.join(tree, "libssl.so.3")
    orig = lib + ".openssl"
    if not os.path.exists(orig):
        shutil.copy2(lib, orig)
    # A new file renamed into place: a process still mapping the old one
    # (a recipe's leftover server) keeps its copy intact.
    tmp = lib + ".swap"
    shutil.copy2(orig if ours is None else ours, tmp)
    os.replace(tmp, lib)
    # What the programs really load: the dynamic loader's own account.
    env = dict(os.environ, LD_DEBUG="libs", LD_LIBRARY_PATH=tree)
    out = subprocess.run([os.path.join(tree, "test", "sslapitest"), "-help"], env=env, capture_output=True, text=True)
    loaded = [l for l in out.stderr.splitlines() if "calling init" in l and "libssl.so.3" in l]
    return loaded[0].split("init:")[-1].strip() if loaded else "?"


def main():
    args = sys.argv[1:]
    tree, ours = os.path.abspath(args[0]), os.path.abspath(args[1])
    only = args[args.index("--only") + 1:] if "--only" in args else RECIPES
    libs = ["sys", "ours"]
    if "--lib" in args:
        libs = [args[args.index("--lib") + 1]]
        only = [r for r in only if r != "--lib" and r not in libs]
    out_dir = os.path.join(ROOT, "target", "openssl", "results")
    results = {"sys": {}, "ours": {}}
    loaded = {}
    if "--report" in args:
        # The documents again from the last run's logs, nothing rerun.
        for lib in ("sys", "ours"):
            for recipe in RECIPES:
                results[lib].update(parse(recipe, os.path.join(out_dir, lib, recipe + ".log")))
        write_reports(results, {"sys": os.path.join(tree, "libssl.so.3"), "ours": os.path.join(tree, "libssl.so.3")})
        return
    for lib in libs:
        loaded[lib] = swap_in(tree, ours if lib == "ours" else None)
        if lib == "ours" and not open(os.path.join(tree, "libssl.so.3"), "rb").read() == open(ours, "rb").read():
            sys.exit("our libssl.so.3 is not in place")
        os.makedirs(os.path.join(out_dir, lib), exist_ok=True)
        for recipe in only:
            log = os.path.join(out_dir, lib, recipe + ".log")
            t = time.time()
            rc = run_recipe(tree, recipe, log, lib)
            r = parse(recipe, log)
            results[lib].update(r)
            print(f"{lib:4} {recipe:28} rc={rc} {sum(r.values())}/{len(r)} in {time.time() - t:.0f}s", flush=True)
    swap_in(tree, None)
    if libs == ["sys", "ours"] and only == RECIPES:
        write_reports(results, loaded)
    for lib in libs:
        with open(os.path.join(out_dir, f"{lib}.results"), "w") as f:
            for name in sorted(results[lib]):
                f.write(verdict(name, results[lib][name]) + name + "\n")


def verdict(name, passed):
    """A results line's verdict; a subtest that reads or writes libssl's
    internal structures is INTERNAL whatever it did (on another libssl its
    outcome depends on memory it should not touch), so make ratchet never
    holds us to it."""
    if name in INTERNAL_SUBTESTS:
        return "INTERNAL "
    return "PASS " if passed else "FAIL "


def write_reports(results, loaded):
    sys_r, ours_r = results["sys"], results["ours"]
    names = sorted(set(sys_r) | set(ours_r))
    with open(os.path.join(ROOT, "docs", "openssl-tests.results"), "w") as f:
        for name in sorted(ours_r):
            f.write(verdict(name, ours_r[name]) + name + "\n")
    by_recipe = {}
    for name in names:
        recipe = name.split("/", 1)[0]
        s = by_recipe.setdefault(recipe, [0, 0, 0, 0])
        s[0] += name in sys_r
        s[1] += sys_r.get(name, False)
        s[2] += name in ours_r
        s[3] += ours_r.get(name, False)
    total = [sum(v[i] for v in by_recipe.values()) for i in range(4)]
    recipes_ok = sum(1 for r, v in by_recipe.items() if v[3] == v[2] and v[2] > 0)
    lines = [
        "# OpenSSL 3.0's TLS test recipes on libssl-rs",
        "",
        "Generated by `make openssl-tests` (tools/openssl_tests.py): each recipe of",
        "OpenSSL's own test suite whose programs load the shared libssl, run from",
        "Debian's source package built under `target/openssl/`, once with the tree's",
        "libssl and once with ours copied over it. Subtests are the leaves of each",
        "recipe's TAP output.",
        "",
        f"Loaded libssl (LD_DEBUG=libs): OpenSSL's run `{loaded.get('sys')}`, ours `{loaded.get('ours')}` (our file copied there).",
        "",
        f"**Subtests: OpenSSL's libssl passes {total[1]} of {total[0]}; libssl-rs passes "
        f"{sum(1 for n in names if sys_r.get(n) and ours_r.get(n))} of those {total[1]}** "
        f"(a recipe that stops early on ours reports fewer subtests: {total[2]} ran, {total[3]} passed).",
        f"Recipes fully passing on libssl-rs: {recipes_ok} of {len(by_recipe)}.",
        "",
        "| recipe | OpenSSL's libssl | libssl-rs |",
        "|---|---:|---:|",
    ]
    for recipe in sorted(by_recipe):
        v = by_recipe[recipe]
        lines.append(f"| {recipe} | {v[1]}/{v[0]} | {v[3]}/{v[2]} |")
    lines += ["", "## Why they differ", ""]
    for prefix, why in CAUSES:
        lines.append(f"- `{prefix}*`: {why}")
    lines += ["", "Not counted:", ""]
    for recipe, why in sorted(NOT_COUNTED.items()):
        lines.append(f"- {recipe}: {why}.")
    for sub, why in sorted(INTERNAL_SUBTESTS.items()):
        lines.append(f"- {sub}: {why} (counted above; it cannot pass on another libssl).")
    lines += ["", "## Passing on OpenSSL's libssl, failing on ours", "",
              "The full list, subtest by subtest, is `docs/openssl-tests.results` (ours) and",
              "`target/openssl/results/{sys,ours}/*.log` (each run's output). Per recipe:", ""]
    for recipe in sorted(by_recipe):
        diff = [n for n in names if n.startswith(recipe + "/") and sys_r.get(n) and not ours_r.get(n)]
        if not diff:
            continue
        lines.append(f"- **{recipe}** ({len(diff)}): " + ", ".join(n.split("/", 1)[1] for n in diff[:40]) + (" ..." if len(diff) > 40 else ""))
    with open(os.path.join(ROOT, "docs", "OPENSSL-TESTS.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
