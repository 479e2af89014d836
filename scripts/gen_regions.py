#!/usr/bin/env python3
"""Regenerate server/data/regions.tsv, the AWS partitions and their regions.

Source (pinned with its hash in scripts/region-requirements.txt): the botocore wheel (PyPI),
which ships botocore/data/endpoints.json, the SDKs' list of partitions (aws, aws-cn,
aws-us-gov, ...) and the regions in each. The wheel is fetched with `pip download
--require-hashes`, its SHA-256 is checked again here, and it is read with zipfile; nothing is
installed. Only the standard library is used.

The output is one line per region: `partition<TAB>region<TAB>description`, sorted by partition
and region, after a `# botocore VERSION` line (the checks name the list they judged by) and a
header line. ARN completion offers the regions of the partition typed; the ARN checks report a
region of another partition, and warn about one the list does not have.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_regions.py                # download the wheel, write the file
  python3 scripts/gen_regions.py --wheels DIR   # use the wheel already in DIR
  python3 scripts/gen_regions.py --check        # exit 1 if the committed file is stale
"""

import argparse
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import (  # noqa: E402
    REPO, PinError, display, log, pinned_file, tsv_field, wheel_json, write_or_check)

REQUIREMENTS = REPO / "scripts" / "region-requirements.txt"
OUT = REPO / "server" / "data" / "regions.tsv"
PACKAGE = "botocore"
MEMBER = "botocore/data/endpoints.json"


def read_regions(wheel, version):
    data = wheel_json(wheel, version, MEMBER)
    rows = []
    for p in data.get("partitions", []):
        name = p.get("partition")
        regions = p.get("regions")
        if not name or not isinstance(regions, dict) or not regions:
            raise PinError(f"{MEMBER}: a partition without a name or regions")
        for region, info in regions.items():
            rows.append((name, region, (info or {}).get("description", "")))
    if not any(r[0] == "aws" and r[1] == "us-east-1" for r in rows):
        raise PinError(f"{MEMBER}: no aws/us-east-1: not the file expected")
    return sorted(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheels", type=Path,
                    help="directory that already holds the pinned wheel (skips pip download; "
                         "the hash is still checked)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the committed file differs from a fresh build")
    args = ap.parse_args(argv)
    try:
        with pinned_file(REQUIREMENTS, PACKAGE, "wheel", args.wheels) as (wheel, version, _):
            rows = read_regions(wheel, version)
    except PinError as e:
        log(f"error: {e}")
        return 2
    lines = [f"# botocore {version}", "partition\tregion\tdescription"]
    lines += ["\t".join(tsv_field(c) for c in row) for row in rows]
    text = "\n".join(lines) + "\n"
    status = write_or_check(OUT, text, args.check, "python3 scripts/gen_regions.py")
    partitions = sorted({r[0] for r in rows})
    print(f"{'checked' if args.check else 'wrote'} {display(OUT)}: {len(rows)} regions in "
          f"{len(partitions)} partitions, botocore {version}")
    return status


if __name__ == "__main__":
    sys.exit(main())
