#!/usr/bin/env python3
"""Regenerate server/data/sam-policy-templates.json, the AWS SAM policy templates.

Source (pinned with its hash in scripts/sam-requirements.txt): the aws-sam-translator wheel
(PyPI), which ships samtranslator/policy_templates_data/policy_templates.json, the templates
that `Policies:` of AWS::Serverless::Function and AWS::Serverless::StateMachine can name
(`- S3ReadPolicy: {BucketName: ...}`). The wheel is fetched with `pip download
--require-hashes`, its SHA-256 is checked again here, and it is read with zipfile; nothing is
installed. Only the standard library is used.

The data is kept as SAM publishes it: {"Templates": {NAME: {"Definition", "Description",
"Parameters"}}, "Version"}; the output parses to exactly the object of SAM's file (checked).
It is written minified with sorted keys, one template per line, so that a version bump shows
as a readable diff.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_sam_data.py                # download the wheel, write the file
  python3 scripts/gen_sam_data.py --wheels DIR   # use the wheel already in DIR
  python3 scripts/gen_sam_data.py --check        # exit 1 if the committed file is stale
"""

import argparse
import json
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import REPO, PinError, display, log, pinned_file, wheel_json, write_or_check  # noqa: E402

REQUIREMENTS = REPO / "scripts" / "sam-requirements.txt"
OUT = REPO / "server" / "data" / "sam-policy-templates.json"
PACKAGE = "aws-sam-translator"
MEMBER = "samtranslator/policy_templates_data/policy_templates.json"
TEMPLATE_KEYS = {"Definition", "Description", "Parameters"}


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def render(data):
    """The top-level object with one key per line, and one template per line."""
    lines = ["{"]
    keys = sorted(data)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        if key == "Templates":
            names = sorted(data[key])
            lines.append(f"{dump(key)}:{{")
            lines.extend(f"{dump(n)}:{dump(data[key][n])}" + ("," if j < len(names) - 1 else "")
                         for j, n in enumerate(names))
            lines.append("}" + comma)
        else:
            lines.append(f"{dump(key)}:{dump(data[key])}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_templates(wheel, version):
    data = wheel_json(wheel, version, MEMBER)
    templates = data.get("Templates")
    if not isinstance(templates, dict) or not templates:
        raise PinError(f"{MEMBER}: no Templates object")
    for name, t in templates.items():
        if not isinstance(t, dict) or set(t) != TEMPLATE_KEYS:
            raise PinError(f"{MEMBER}: template {name} does not have exactly {sorted(TEMPLATE_KEYS)}")
    return data


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
            data = read_templates(wheel, version)
    except PinError as e:
        log(f"error: {e}")
        return 2
    text = render(data)
    if json.loads(text) != data:
        log("error: the rendered file does not parse back to SAM's data")
        return 2
    status = write_or_check(OUT, text, args.check, "python3 scripts/gen_sam_data.py")
    print(f"{'checked' if args.check else 'wrote'} {display(OUT)}: {len(data['Templates'])} "
          f"templates (format version {data.get('Version')}), aws-sam-translator {version}, "
          f"{len(text.encode('utf-8'))} bytes")
    return status


if __name__ == "__main__":
    sys.exit(main())
