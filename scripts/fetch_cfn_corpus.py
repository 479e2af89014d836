#!/usr/bin/env python3
"""Install cfn-lint's test templates as a corpus for the tests: tests/corpus/cfn-lint/templates/.

Source (pinned with its hash in scripts/cfn-lint-requirements.txt, the same file as
gen_cfn_data.py uses): the cfn-lint source distribution, whose test/fixtures/templates/ holds
CloudFormation and SAM templates that cfn-lint's own tests use (good/, bad/, quickstart/,
public/, integration/, ...). The sdist is fetched with `pip download --require-hashes`, its
SHA-256 is checked again here, and the templates are extracted with tarfile (regular files
only, no links, no path outside the directory). Only the standard library is used.

The directory is not committed (it is in .gitignore); CI runs this script before the tests.
It is idempotent and fast when done: tests/corpus/cfn-lint/manifest.json records the pin and
the SHA-256 of every extracted file; when the pin matches and every file is intact (and no
file was added), the script does nothing and needs no network. Otherwise it extracts afresh
into a new directory and swaps it in.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/fetch_cfn_corpus.py                # download if needed, extract
  python3 scripts/fetch_cfn_corpus.py --sdist DIR    # use the sdist already in DIR
  python3 scripts/fetch_cfn_corpus.py --check        # exit 1 if the corpus is missing or stale
"""

import argparse
import json
import os
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import (REPO, PinError, display, log, pinned_file, read_requirements,  # noqa: E402
                    sdist_arguments, sha256_bytes, sha256_file, write_atomic)

REQUIREMENTS = REPO / "scripts" / "cfn-lint-requirements.txt"
PACKAGE = "cfn-lint"
ROOT = REPO / "tests" / "corpus" / "cfn-lint"
DEST = ROOT / "templates"
MANIFEST = ROOT / "manifest.json"
MEMBER_DIR = "test/fixtures/templates/"
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")


def expected_pin():
    version, sha = read_requirements(REQUIREMENTS, [PACKAGE])[PACKAGE]
    return {"package": PACKAGE, "version": version, "sdist_sha256": sha}


def up_to_date(pin):
    """True when the manifest names the pinned sdist and the directory holds exactly its
    files, unmodified."""
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if {k: manifest.get(k) for k in pin} != pin or not DEST.is_dir():
        return False
    files = manifest.get("files", {})
    present = {p.relative_to(DEST).as_posix() for p in DEST.rglob("*") if p.is_file()}
    if present != set(files):
        return False
    return all(sha256_file(DEST / rel) == sha for rel, sha in files.items())


def safe_relative(name):
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise PinError(f"unsafe path in the sdist: {name!r}")
    return p


def extract(sdist, version):
    """{relative path: bytes} of every regular file under test/fixtures/templates/."""
    prefix = f"cfn_lint-{version}/{MEMBER_DIR}"
    out = {}
    with tarfile.open(sdist, "r:gz") as tf:
        for info in tf:
            if not info.name.startswith(prefix) or info.isdir():
                continue
            if not info.isfile():
                raise PinError(f"{info.name}: not a regular file (link or device) in the sdist")
            rel = safe_relative(info.name[len(prefix):])
            out[rel.as_posix()] = tf.extractfile(info).read()
    if not out:
        raise PinError(f"{sdist.name} has no {MEMBER_DIR}")
    return out


def install(files, pin):
    ROOT.mkdir(parents=True, exist_ok=True)
    for leftover in ROOT.glob(".templates-*"):  # from an interrupted run
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".templates-", dir=ROOT))
    umask = os.umask(0)
    os.umask(umask)
    try:
        staging.chmod(0o777 & ~umask)  # mkdtemp creates 0700; use normal directory mode
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(0o666 & ~umask)
        old = None
        if DEST.exists():
            old = ROOT / f".templates-old-{time.time_ns()}"
            DEST.rename(old)
        staging.rename(DEST)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    manifest = dict(pin, files={rel: sha256_bytes(data) for rel, data in sorted(files.items())})
    write_atomic(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def summary():
    counts = {}
    for p in DEST.rglob("*"):
        if p.is_file() and p.suffix in TEMPLATE_SUFFIXES:
            rel = p.relative_to(DEST)
            top = rel.parts[0] + "/" if len(rel.parts) > 1 else "(top level)"
            counts[top] = counts.get(top, 0) + 1
    total = sum(counts.values())
    return f"{total} templates: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sdist_arguments(ap, "change nothing; exit 1 if the corpus is missing, stale or modified")
    args = ap.parse_args(argv)

    try:
        pin = expected_pin()
        if up_to_date(pin):
            log(f"{display(DEST)} is up to date (cfn-lint {pin['version']})")
            print(summary())
            return 0
        if args.check:
            log(f"{display(DEST)} is missing or stale; run: python3 scripts/fetch_cfn_corpus.py")
            return 1
        with pinned_file(REQUIREMENTS, PACKAGE, "sdist", args.sdist) as (sdist, version, _):
            files = extract(sdist, version)
        install(files, pin)
    except PinError as e:
        log(f"error: {e}")
        return 2
    log(f"extracted {len(files)} files to {display(DEST)}")
    print(summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
