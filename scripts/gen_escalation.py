#!/usr/bin/env python3
"""Regenerate server/data/escalation-paths.tsv, the privilege-escalation paths the linter reports.

Sources:
  * Cloudsplaining (PyPI, pinned with its hash in scripts/escalation-requirements.txt): the dict
    PRIVILEGE_ESCALATION_METHODS in cloudsplaining/shared/constants.py, method name -> the actions
    that together make the path (Rhino Security Labs' methods and later additions). It is read
    with ast.literal_eval; nothing is imported or installed.
  * pathfinding.cloud (Datadog's catalogue of AWS privilege-escalation paths): not on any package
    registry, so excerpts of its YAML files are vendored in scripts/sources/pathfinding-cloud/
    (SOURCE.md there names the repository, the commit of every file and its sha256, which this
    script checks). permissions.required is the action set; the first sentence of description
    is the `how`.
  * PMapper (PyPI `principalmapper`, pinned like Cloudsplaining): its edge checkers
    (principalmapper/graphing/*_edges.py) encode the paths in control flow, which cannot be read
    mechanically. PMAPPER_EDGES below lists them by file, function and variant; the script checks
    against the pinned wheel that the function exists, that every listed action and every quoted
    reason string occurs in that file, that every action the file checks on the source principal
    is covered by the list (so an upstream change fails here instead of being missed), and that
    no *_edges.py file is left unlisted.

Every action name must exist in server/data/catalog.json (matched case-insensitively and written
in the catalog's case); an unknown one fails the run unless EXPECTED_UNKNOWN lists it with a
reason. Rows whose action sets are equal (case- and order-insensitively) are merged into one, with
the ids joined by `|` (and the source URLs joined by `|` in the same order). The `how` of a row is
the first sentence of a pathfinding.cloud description when one of the row's ids comes from there,
else PMapper's edge reason, else the Cloudsplaining method name split into words.

Output: two `#` lines (the sources and versions, then the column names), then one row per path,
`id<TAB>actions<TAB>source<TAB>how`, actions comma-separated and sorted, rows sorted by actions.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_escalation.py                # download the wheels, write the file
  python3 scripts/gen_escalation.py --wheels DIR   # use the wheels already in DIR
  python3 scripts/gen_escalation.py --check        # exit 1 if the committed file is stale
"""

import argparse
import ast
import hashlib
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import (  # noqa: E402
    REPO, PinError, display, find_pinned, log, pip_download, read_requirements, tsv_field,
    wheel_text, write_or_check)

REQUIREMENTS = REPO / "scripts" / "escalation-requirements.txt"
OUT = REPO / "server" / "data" / "escalation-paths.tsv"
CATALOG = REPO / "server" / "data" / "catalog.json"
PF_DIR = REPO / "scripts" / "sources" / "pathfinding-cloud"
PF_SOURCE = PF_DIR / "SOURCE.md"
PF_REPO = "DataDog/pathfinding.cloud"

CS_PACKAGE = "cloudsplaining"
CS_MEMBER = "cloudsplaining/shared/constants.py"
CS_NAME = "PRIVILEGE_ESCALATION_METHODS"
PM_PACKAGE = "principalmapper"
PM_DIR = "principalmapper/graphing/"

# Actions allowed to be missing from catalog.json, each with the reason it is still kept.
EXPECTED_UNKNOWN = {}

# PMapper edge checkers: (file, function, variant, actions needed together, reason). The reason is
# PMapper's Edge.reason, given as the quoted string literals it is made of in the file (checked to
# occur there); "{}" placeholders (a stack or function ARN) are dropped when rendering.
PMAPPER_EDGES = [
    ("autoscaling_edges", "generate_edges_locally", "existing-launch-config",
     ["autoscaling:CreateAutoScalingGroup"],
     ["can use the EC2 Auto Scaling service role and an existing Launch Configuration to access"]),
    ("autoscaling_edges", "generate_edges_locally", "existing-launch-config-new-service-role",
     ["iam:CreateServiceLinkedRole", "autoscaling:CreateAutoScalingGroup"],
     ["can create the EC2 Auto Scaling service role and an existing Launch Configuration to access"]),
    ("autoscaling_edges", "generate_edges_locally", "new-launch-config",
     ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateLaunchConfiguration",
      "iam:PassRole"],
     ["can use the EC2 Auto Scaling service role and create a launch configuration to access"]),
    ("autoscaling_edges", "generate_edges_locally", "new-launch-config-new-service-role",
     ["iam:CreateServiceLinkedRole", "autoscaling:CreateAutoScalingGroup",
      "autoscaling:CreateLaunchConfiguration", "iam:PassRole"],
     ["can create the EC2 Auto Scaling service role and create a launch configuration to access"]),
    ("cloudformation_edges", "generate_edges_locally", "create-stack",
     ["iam:PassRole", "cloudformation:CreateStack"],
     ["can create a stack in CloudFormation to access"]),
    ("cloudformation_edges", "generate_edges_locally", "update-stack",
     ["cloudformation:UpdateStack"],
     ["can update the CloudFormation stack {} to access"]),
    ("cloudformation_edges", "generate_edges_locally", "update-stack-pass-role",
     ["iam:PassRole", "cloudformation:UpdateStack"],
     ["can update the CloudFormation stack {} and pass the role to access"]),
    ("cloudformation_edges", "generate_edges_locally", "change-set",
     ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
     ["can create and execute a changeset in CloudFormation for stack {} to access"]),
    ("codebuild_edges", "generate_edges_locally", "start-build",
     ["codebuild:StartBuild"],
     ["can use CodeBuild with an existing project to access"]),
    ("codebuild_edges", "generate_edges_locally", "start-build-batch",
     ["codebuild:StartBuildBatch"],
     ["can use CodeBuild with an existing project to access"]),
    ("codebuild_edges", "generate_edges_locally", "create-project",
     ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"],
     ["can create a project in CodeBuild to access"]),
    ("codebuild_edges", "generate_edges_locally", "create-project-batch",
     ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"],
     ["can create a project in CodeBuild to access"]),
    ("codebuild_edges", "generate_edges_locally", "update-project",
     ["iam:PassRole", "codebuild:UpdateProject", "codebuild:StartBuild"],
     ["can update a project in CodeBuild to access"]),
    ("codebuild_edges", "generate_edges_locally", "update-project-batch",
     ["iam:PassRole", "codebuild:UpdateProject", "codebuild:StartBuildBatch"],
     ["can update a project in CodeBuild to access"]),
    ("ec2_edges", "generate_edges_locally", "existing-profile",
     ["iam:PassRole", "ec2:RunInstances"],
     ["can use EC2 to run an instance with an existing instance profile to access"]),
    ("ec2_edges", "generate_edges_locally", "new-profile",
     ["iam:PassRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
      "ec2:RunInstances"],
     ["can use EC2 to run an instance with a newly created instance profile to access"]),
    ("ec2_edges", "generate_edges_locally", "associate-existing-profile",
     ["iam:PassRole", "ec2:RunInstances", "ec2:AssociateIamInstanceProfile"],
     ["can use EC2 to run an instance and then associate an existing instance profile to ",
      "access"]),
    ("ec2_edges", "generate_edges_locally", "associate-new-profile",
     ["iam:PassRole", "iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile",
      "ec2:RunInstances", "ec2:AssociateIamInstanceProfile"],
     ["can use EC2 to run an instance and then attach a newly created instance profile to ",
      "access"]),
    ("iam_edges", "generate_edges_locally", "create-access-key",
     ["iam:CreateAccessKey"],
     ["can create access keys to authenticate as"]),
    ("iam_edges", "generate_edges_locally", "rotate-access-key",
     ["iam:CreateAccessKey", "iam:DeleteAccessKey"],
     ["can create access keys to authenticate as"]),
    ("iam_edges", "generate_edges_locally", "update-login-profile",
     ["iam:UpdateLoginProfile"],
     ["can set the password to authenticate as"]),
    ("iam_edges", "generate_edges_locally", "create-login-profile",
     ["iam:CreateLoginProfile"],
     ["can set the password to authenticate as"]),
    ("iam_edges", "generate_edges_locally", "update-trust-policy",
     ["iam:UpdateAssumeRolePolicy"],
     ["can update the trust document to access"]),
    ("lambda_edges", "generate_edges_locally", "create-function",
     ["iam:PassRole", "lambda:CreateFunction"],
     ["can use Lambda to create a new function with arbitrary code, then pass and access"]),
    ("lambda_edges", "generate_edges_locally", "update-code",
     ["lambda:UpdateFunctionCode"],
     ["can use Lambda to edit an existing function ({}) to access"]),
    ("lambda_edges", "generate_edges_locally", "update-code-and-role",
     ["iam:PassRole", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"],
     ["can use Lambda to edit an existing function ({}) to access"]),
    ("sagemaker_edges", "generate_edges_locally", "notebook",
     ["iam:PassRole", "sagemaker:CreateNotebookInstance"],
     ["can use SageMaker to launch a notebook and access"]),
    ("sagemaker_edges", "generate_edges_locally", "training-job",
     ["iam:PassRole", "sagemaker:CreateTrainingJob"],
     ["can use SageMaker to create a training job and access"]),
    ("sagemaker_edges", "generate_edges_locally", "processing-job",
     ["iam:PassRole", "sagemaker:CreateProcessingJob"],
     ["can use SageMaker to create a processing job and access"]),
    ("ssm_edges", "generate_edges_locally", "send-command",
     ["ssm:SendCommand"],
     ["can call ssm:SendCommand to access an EC2 instance with access to"]),
    ("ssm_edges", "generate_edges_locally", "start-session",
     ["ssm:StartSession"],
     ["can call ssm:StartSession to access an EC2 instance with access to"]),
    ("sts_edges", "generate_edges_locally", "assume-role",
     ["sts:AssumeRole"],
     ["can access via sts:AssumeRole"]),
]

# Authorization checks in an edge file that are not a permission of the escalating principal.
PMAPPER_IGNORED_CHECKS = {
    # checked on the destination role (its instance must be able to talk to SSM), not the source
    "ssm_edges": {"ssmmessages:CreateControlChannel": "a permission of the target role"},
}

# *_edges.py files deliberately not read.
PMAPPER_EXCLUDED_FILES = {
    "cross_account_edges": "edges between two accounts' graphs (sts:AssumeRole across accounts); "
                           "the same action set as sts_edges",
}

PM_AUTH_CALLS = {"local_check_authorization_handling_mfa", "local_check_authorization"}
SOURCE_RANK = {"cloudsplaining": 0, "pathfinding": 1, "pmapper": 2}


# ---------------------------------------------------------------------------------------------
# Pinned wheels


def wheel_members(wheel, prefix, suffix):
    with zipfile.ZipFile(wheel) as zf:
        return sorted(n for n in zf.namelist()
                      if n.startswith(prefix) and n.endswith(suffix) and "/" not in n[len(prefix):])


def load_wheels(directory):
    """{package: (path, version)} of the pinned wheels, downloaded unless `directory` is given."""
    pins = read_requirements(REQUIREMENTS, [CS_PACKAGE, PM_PACKAGE])

    def pick(d):
        out = {}
        for name in (CS_PACKAGE, PM_PACKAGE):
            version, sha = pins[name]
            out[name] = (find_pinned(d, name, version, sha, "wheel"), version)
        return out

    if directory is not None:
        return pick(directory), None
    tmp = tempfile.TemporaryDirectory(prefix="iam-pinned-")
    pip_download(REQUIREMENTS, Path(tmp.name), "wheel")
    return pick(tmp.name), tmp


# ---------------------------------------------------------------------------------------------
# Cloudsplaining

def read_cloudsplaining(wheel, version):
    text = wheel_text(wheel, version, CS_MEMBER)
    found = None
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == CS_NAME for t in node.targets):
            found = node.value
    if found is None:
        raise PinError(f"{CS_MEMBER}: no top-level {CS_NAME}")
    methods = ast.literal_eval(found)
    if not isinstance(methods, dict) or not methods:
        raise PinError(f"{CS_MEMBER}: {CS_NAME} is not a non-empty dict")
    for name, actions in methods.items():
        if (not isinstance(name, str) or not isinstance(actions, list) or not actions
                or not all(isinstance(a, str) and ":" in a for a in actions)):
            raise PinError(f"{CS_MEMBER}: {CS_NAME}[{name!r}] is not a list of actions")
    if "CreateNewPolicyVersion" not in methods:
        raise PinError(f"{CS_MEMBER}: no CreateNewPolicyVersion: not the dict expected")
    url = f"https://pypi.org/project/{CS_PACKAGE}/{version}/"
    return [("cloudsplaining", f"cloudsplaining:{name}", url, list(actions), None,
             split_words(name)) for name, actions in methods.items()]


def split_words(name):
    """CreateEC2WithExistingIP -> 'Create EC2 With Existing IP'."""
    words = re.findall(r"[A-Z][a-z]+|[A-Z0-9]+(?![a-z])|[a-z]+", name)
    if "".join(words) != name:
        raise PinError(f"cannot split method name {name!r} into words")
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# PMapper

def auth_checks(tree):
    """Action strings passed as the second argument of PMapper's authorization calls."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in PM_AUTH_CALLS and len(node.args) >= 2:
            arg = node.args[1]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def read_pmapper(wheel, version):
    present = {m[len(PM_DIR):-3] for m in wheel_members(wheel, PM_DIR, "_edges.py")}
    listed = {e[0] for e in PMAPPER_EDGES}
    if present != listed | set(PMAPPER_EXCLUDED_FILES):
        raise PinError(f"{PM_DIR}*_edges.py in the wheel {sorted(present)} differ from the files "
                       f"listed {sorted(listed)} + excluded {sorted(PMAPPER_EXCLUDED_FILES)}")
    url = f"https://pypi.org/project/{PM_PACKAGE}/{version}/"
    rows, covered = [], {}
    texts = {f: wheel_text(wheel, version, f"{PM_DIR}{f}.py") for f in sorted(listed)}
    for file, func, variant, actions, reason in PMAPPER_EDGES:
        text, member = texts[file], f"{PM_DIR}{file}.py"
        if not re.search(rf"^def {re.escape(func)}\(", text, re.M):
            raise PinError(f"{member}: no function {func}")
        for piece in list(actions) + list(reason):
            if f"'{piece}'" not in text:
                raise PinError(f"{member}: the string {piece!r} ({variant}) does not occur")
        covered.setdefault(file, set()).update(actions)
        how = "A principal " + re.sub(r" \(?\{\}\)?", "", "".join(reason)) + " another principal."
        rows.append(("pmapper", f"pmapper:{file}/{variant}", url, list(actions), how, None))
    for file in sorted(listed):
        checks = auth_checks(ast.parse(texts[file])) - set(PMAPPER_IGNORED_CHECKS.get(file, {}))
        if checks != covered[file]:
            raise PinError(f"{PM_DIR}{file}.py checks {sorted(checks)} but PMAPPER_EDGES covers "
                           f"{sorted(covered[file])}: update the list")
    return rows


# ---------------------------------------------------------------------------------------------
# pathfinding.cloud (vendored)

def read_source_md():
    """{relative file: (commit, sha256)} from the table in SOURCE.md."""
    rows = {}
    pat = re.compile(r"^\| (aws/[a-z0-9]+/[a-z0-9-]+\.yaml) \| ([0-9a-f]{40}) \| ([0-9a-f]{64}) \|$")
    for line in PF_SOURCE.read_text(encoding="utf-8").splitlines():
        m = pat.match(line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    if not rows:
        raise PinError(f"{display(PF_SOURCE)}: no file table")
    return rows


def parse_scalar(first, more, where):
    """A YAML scalar from the text after `key:` and its continuation lines (the subset the
    vendored files use: plain, '...', "...", and | or > block scalars)."""
    first = first.strip()
    if first in ("|", "|-", "|+", ">", ">-", ">+"):
        body = [line for line in more]
        indents = [len(x) - len(x.lstrip(" ")) for x in body if x.strip()]
        if not indents:
            raise PinError(f"{where}: empty block scalar")
        cut = min(indents)
        lines = [x[cut:] for x in body]
        return ("\n" if first[0] == "|" else " ").join(lines).strip()
    folded = " ".join([first.strip()] + [x.strip() for x in more]).strip()
    if folded.startswith('"'):
        if not folded.endswith('"') or len(folded) < 2:
            raise PinError(f"{where}: unterminated double-quoted scalar")
        return json.loads(folded)
    if folded.startswith("'"):
        if not folded.endswith("'") or len(folded) < 2:
            raise PinError(f"{where}: unterminated single-quoted scalar")
        return folded[1:-1].replace("''", "'")
    if folded[:1] in ("[", "{", "&", "*", "!", "|", ">", "%", "@", "`"):
        raise PinError(f"{where}: unsupported scalar {folded[:20]!r}")
    return folded


def parse_pathfinding(path):
    where = display(path)
    blocks, key = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z][A-Za-z0-9_]*):(.*)$", line)
        if m:
            key = m.group(1)
            if key in blocks:
                raise PinError(f"{where}: key {key} twice")
            blocks[key] = (m.group(2), [])
        elif key is None:
            raise PinError(f"{where}: text before the first key")
        else:
            blocks[key][1].append(line)
    for need in ("id", "description", "permissions"):
        if need not in blocks:
            raise PinError(f"{where}: no {need}")
    pid = parse_scalar(blocks["id"][0], blocks["id"][1], f"{where} id")
    desc = parse_scalar(blocks["description"][0], blocks["description"][1], f"{where} description")
    required, indent = [], None
    for line in blocks["permissions"][1]:
        if not line.strip():
            continue
        ind = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if indent is None:
            if text == "required:":
                indent = ind
            continue
        if ind < indent or (ind == indent and not text.startswith("- ")):
            break  # the next key (e.g. additional:); a sequence may sit at the key's indent
        m = re.match(r"^- permission:(.*)$", text)
        if m:
            required.append(parse_scalar(m.group(1), [], f"{where} permission"))
    if not required:
        raise PinError(f"{where}: no permissions.required")
    return pid, desc, required


def read_pathfinding():
    listed = read_source_md()
    present = {p.relative_to(PF_DIR).as_posix() for p in PF_DIR.glob("aws/*/*.yaml")}
    if present != set(listed):
        raise PinError(f"{display(PF_DIR)}: files {sorted(present ^ set(listed))} are on disk "
                       f"or in SOURCE.md but not both")
    rows, commits = [], set()
    for rel in sorted(listed):
        commit, sha = listed[rel]
        path = PF_DIR / rel
        if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            raise PinError(f"{display(path)}: sha256 differs from SOURCE.md")
        pid, desc, required = parse_pathfinding(path)
        if pid != path.stem:
            raise PinError(f"{display(path)}: id {pid!r} differs from the file name")
        commits.add(commit)
        rows.append(("pathfinding", f"pathfinding:{pid}", f"https://pathfinding.cloud/paths/{pid}",
                     required, first_sentence(desc), None))
    return rows, sorted(commits)


ABBREVIATIONS = ("e.g", "i.e", "etc", "vs")


def first_sentence(text):
    """The first sentence of a description, Markdown backticks removed, whitespace collapsed: it
    ends at the first '.' (outside backticks, not in an abbreviation) followed by a space or the
    end of the text."""
    text = " ".join(text.split())
    in_code = False
    for i, c in enumerate(text):
        if c == "`":
            in_code = not in_code
        elif c == "." and not in_code and (i + 1 == len(text) or text[i + 1] == " "):
            word = re.search(r"[A-Za-z.]*$", text[:i]).group(0).lower()
            if word in ABBREVIATIONS:
                continue
            text = text[:i + 1]
            break
    return text.replace("`", "")


# ---------------------------------------------------------------------------------------------
# Catalog and rows

def load_catalog():
    data = json.loads(CATALOG.read_text(encoding="utf-8"))
    names = {}
    for svc in data["services"]:
        for action in svc["actions"]:
            full = f"{svc['prefix']}:{action['name']}"
            names[full.lower()] = full
    retired = {r["name"].lower() for r in data.get("retired_actions", [])}
    return names, retired


def resolve(entries, catalog, retired):
    """Actions in the catalog's case; fails on unknown actions not in EXPECTED_UNKNOWN."""
    unknown, used_expected, out = [], set(), []
    expected = {k.lower(): k for k in EXPECTED_UNKNOWN}
    for src, pid, url, actions, how, fallback in entries:
        fixed = []
        for a in actions:
            exact = catalog.get(a.lower())
            if exact is None:
                if a.lower() in expected:
                    used_expected.add(expected[a.lower()])
                    exact = a
                else:
                    unknown.append(f"{a} ({pid}{', retired' if a.lower() in retired else ''})")
                    continue
            fixed.append(exact)
        out.append((src, pid, url, fixed, how, fallback))
    if unknown:
        raise PinError("actions not in server/data/catalog.json (add to EXPECTED_UNKNOWN with a "
                       "reason if they must stay): " + ", ".join(sorted(unknown)))
    stale = set(EXPECTED_UNKNOWN) - used_expected
    if stale:
        raise PinError(f"EXPECTED_UNKNOWN lists actions no source uses any more: {sorted(stale)}")
    return out


def build_rows(entries):
    groups = {}
    for entry in entries:
        key = frozenset(a.lower() for a in entry[3])
        if len(key) != len(entry[3]):
            raise PinError(f"{entry[1]}: an action is listed twice")
        groups.setdefault(key, []).append(entry)
    rows = []
    for members in groups.values():
        members.sort(key=lambda e: (SOURCE_RANK[e[0]], e[1]))
        how = next((e[4] for e in members if e[0] == "pathfinding"), None)
        how = how or next((e[4] for e in members if e[0] == "pmapper"), None)
        how = how or members[0][5]
        actions = sorted(members[0][3], key=lambda a: (a.lower(), a))
        rows.append((
            "|".join(e[1] for e in members),
            ",".join(actions),
            "|".join(e[2] for e in members),
            how,
        ))
    rows.sort(key=lambda r: (r[1].lower(), r[0]))
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheels", type=Path,
                    help="directory that already holds the pinned wheels (skips pip download; "
                         "the hashes are still checked)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the committed file differs from a fresh build")
    args = ap.parse_args(argv)
    tmp = None
    try:
        wheels, tmp = load_wheels(args.wheels)
        cs_wheel, cs_version = wheels[CS_PACKAGE]
        pm_wheel, pm_version = wheels[PM_PACKAGE]
        cs = read_cloudsplaining(cs_wheel, cs_version)
        pm = read_pmapper(pm_wheel, pm_version)
        pf, commits = read_pathfinding()
        catalog, retired = load_catalog()
        entries = resolve(cs + pf + pm, catalog, retired)
        rows = build_rows(entries)
    except PinError as e:
        log(f"error: {e}")
        return 2
    finally:
        if tmp is not None:
            tmp.cleanup()
    header = (f"# privilege-escalation paths from {CS_PACKAGE} {cs_version} ({CS_NAME}), "
              f"{PM_PACKAGE} {pm_version} (graphing/*_edges.py) and pathfinding.cloud "
              f"({PF_REPO} data/paths/aws, {len(pf)} files at commits "
              f"{','.join(c[:7] for c in commits)}, vendored in scripts/sources/pathfinding-cloud)"
              f"; generated by scripts/gen_escalation.py")
    lines = [tsv_field(header), "# id\tactions\tsource\thow"]
    lines += ["\t".join(tsv_field(c) for c in row) for row in rows]
    text = "\n".join(lines) + "\n"
    status = write_or_check(OUT, text, args.check, "python3 scripts/gen_escalation.py")
    merged = sum(1 for r in rows if "|" in r[0])
    print(f"{'checked' if args.check else 'wrote'} {display(OUT)}: {len(rows)} paths "
          f"({len(cs)} from {CS_PACKAGE} {cs_version}, {len(pf)} from pathfinding.cloud, "
          f"{len(pm)} from {PM_PACKAGE} {pm_version}; {merged} rows merge several ids)")
    return status


if __name__ == "__main__":
    sys.exit(main())
