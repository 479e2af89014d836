#!/usr/bin/env python3
"""Generate tests/bar/cfn-lint.json: the policies of cfn-lint's IAM rule unit tests, each with
the outcome cfn-lint's test expects, for the bar test (tests/bar.rs).

Source (pinned with its hash in scripts/cfn-lint-requirements.txt, the same file as
gen_cfn_data.py and fetch_cfn_corpus.py use): the cfn-lint source distribution, whose
test/unit/rules/resources/iam/ holds the unit tests of its IAM policy rules (FILES below). The
sdist is fetched with `pip download --require-hashes`, its SHA-256 is checked again here, and
the test files are read from the tarball with tarfile; nothing is installed. The test files are
parsed with `ast`, never imported or run: every value taken from them goes through
ast.literal_eval. Only the standard library is used. The output is deterministic.

Two shapes of test are read:
  * unittest methods `def test_xxx(self)`: the `policy = ...` literal (a dict, or a string of
    JSON text, kept as that text), the resource type named in `cfn_path=deque([...])`, and,
    after each `self.rule.validate(...)` call (one case per call), the assertions on the errors:
    `assertEqual(len(errs), N)`, `assertTrue(len(errs) > 0)`, `assertListEqual(errs, [...])`
    and the messages of `assertEqual(errs[i].message, "...")` (or `.startswith("...")`, or
    `any("..." in m ...)`).
  * pytest `@pytest.mark.parametrize("name,instance,...", [...])` tables: one case per row;
    `expected` is a list of ValidationError(...) (count and messages) or `err_count` an int;
    `path` names the resource type in its cfn_path. The instance is a fragment of a policy
    (an Action value, a statement, a Version, a Resource value), which is wrapped into a whole
    policy (WRAP below); such cases carry "wrapped": true.
A case whose values are not literals (a variable, a call other than ValidationError) or whose
fragment the rule ignores (wrong type) is skipped; the skipped ones are listed on stderr with
the reason.

Each case: name (<file stem>::<test>[::<row name or index, or validate call index>]), cite,
expect ("clean" when cfn-lint's test expects no error, else "flagged"), defect (the expected
messages, when flagged), resource_type, wrapped, policy. Hand-written fields of a case
("aws", "differs", "stale", "gap", "why"; see tests/bar.rs) are carried over from the existing file by
case name, so regenerating keeps them; --check compares everything.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_cfn_lint_bar.py                # download the sdist, write the file
  python3 scripts/gen_cfn_lint_bar.py --sdist DIR    # use the sdist already in DIR
  python3 scripts/gen_cfn_lint_bar.py --check        # exit 1 if the committed file is stale
"""

import argparse
import ast
import json
import re
import sys
import tarfile
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import (REPO, PinError, display, log, pinned_file, sdist_arguments,  # noqa: E402
                    write_or_check)

REQUIREMENTS = REPO / "scripts" / "cfn-lint-requirements.txt"
PACKAGE = "cfn-lint"
OUT = REPO / "tests" / "bar" / "cfn-lint.json"
TEST_DIR = "test/unit/rules/resources/iam/"
GENERATED_BY = "scripts/gen_cfn_lint_bar.py"
HAND_FIELDS = ("aws", "differs", "stale", "gap", "why")

# file -> (default resource type when the test names none, how a parametrize instance is
# wrapped into a policy)
FILES = {
    "test_identity_policy.py": ("AWS::IAM::ManagedPolicy", None),
    "test_resource_policy.py": (None, None),
    "test_trust_policy.py": ("AWS::IAM::Role", None),
    "test_resource_ecr_policy.py": ("AWS::ECR::Repository", None),
    "test_iam_policy_version.py": ("AWS::IAM::ManagedPolicy", "version"),
    "test_statement_resources.py": ("AWS::IAM::ManagedPolicy", "statement"),
    "test_iam_permissions.py": ("AWS::IAM::ManagedPolicy", "action"),
    "test_iam_permissions_sam.py": ("AWS::IAM::ManagedPolicy", "action"),
    "test_resource_policy_resource_arn.py": (None, "resource"),
}

RESOURCE_TYPE = re.compile(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")
VERSION = "2012-10-17"
PRINCIPAL = {"AWS": "arn:aws:iam::123456789012:root"}
# A resource policy needs a Principal, and its Resource what the policy's resource accepts:
# used when a wrapped Action fragment is tested in a resource policy's cfn_path.
RESOURCE_POLICY_RESOURCE = {
    "AWS::S3::BucketPolicy": "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "AWS::SQS::QueuePolicy": "arn:aws:sqs:us-east-1:123456789012:queue1",
    "AWS::SNS::TopicPolicy": "arn:aws:sns:us-east-1:123456789012:topic1",
    "AWS::KMS::Key": "*",
}
# The Action of a wrapped Resource fragment, by resource type (any action of the service).
RESOURCE_POLICY_ACTION = {
    "AWS::S3::BucketPolicy": "s3:*",
    "AWS::SQS::QueuePolicy": "sqs:*",
    "AWS::SNS::TopicPolicy": "sns:*",
}


class Skip(Exception):
    """A case that cannot be taken; the message is the reason."""


def policy_of(statement):
    return {"Version": VERSION, "Statement": [statement]}


def wrap(kind, instance, resource_type):
    """The whole policy around a fragment, or Skip when the rule ignores the fragment."""
    if kind == "action":
        statement = {"Effect": "Allow", "Action": instance, "Resource": "*"}
        if resource_type in RESOURCE_POLICY_RESOURCE:
            statement = {"Effect": "Allow", "Principal": PRINCIPAL, "Action": instance,
                         "Resource": RESOURCE_POLICY_RESOURCE[resource_type]}
        return policy_of(statement)
    if kind == "statement":
        if not isinstance(instance, dict):
            raise Skip(f"instance {instance!r} is not a statement object (the rule ignores it)")
        statement = dict(instance) if "Effect" in instance else {"Effect": "Allow", **instance}
        return policy_of(statement)
    if kind == "version":
        if not isinstance(instance, str):
            raise Skip(f"instance {instance!r} is not a Version string (the rule ignores it)")
        return {"Version": instance,
                "Statement": [{"Effect": "Allow", "Action": "sts:GetCallerIdentity",
                               "Resource": "*"}]}
    if kind == "resource":
        if not isinstance(instance, str):
            raise Skip(f"instance {instance!r} is not a Resource string (the rule ignores it)")
        if resource_type not in RESOURCE_POLICY_ACTION:
            raise Skip("the cfn_path names no resource policy type (the rule does not run)")
        return policy_of({"Effect": "Allow", "Principal": PRINCIPAL,
                          "Action": RESOURCE_POLICY_ACTION[resource_type], "Resource": instance})
    raise Skip(f"no wrapping for a fragment in this file ({kind})")


# --- reading the AST --------------------------------------------------------------------------

def literal(node, what):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise Skip(f"{what} is not a literal: {ast.unparse(node)[:80]}") from None


# Resource types the tests write that CloudFormation has under another name: the KMS key
# policy is the KeyPolicy property of AWS::KMS::Key (there is no AWS::KMS::KeyPolicy resource).
REAL_TYPE = {"AWS::KMS::KeyPolicy": "AWS::KMS::Key"}


def resource_type_in(node):
    """The AWS::X::Y string inside a `cfn_path` value (a deque([...]) call or a dict)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) \
                and RESOURCE_TYPE.match(sub.value):
            return REAL_TYPE.get(sub.value, sub.value)
    return None


def cfn_path_type(node):
    """(found, resource type) for the cfn_path given anywhere in `node` (keyword or dict key)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.keyword) and sub.arg == "cfn_path":
            return True, resource_type_in(sub.value)
        if isinstance(sub, ast.Dict):
            for k, v in zip(sub.keys, sub.values):
                if isinstance(k, ast.Constant) and k.value == "cfn_path":
                    return True, resource_type_in(v)
    return False, None


def call_name(node):
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name):
            return f.id
        if isinstance(f, ast.Attribute):
            return f.attr
    return None


def validation_error_message(node, what):
    """The message (first argument or message=) of a ValidationError(...) call."""
    if call_name(node) != "ValidationError":
        raise Skip(f"{what}: not a ValidationError(...) call: {ast.unparse(node)[:80]}")
    arg = node.args[0] if node.args else next(
        (k.value for k in node.keywords if k.arg == "message"), None)
    if arg is None:
        raise Skip(f"{what}: ValidationError without a message")
    msg = literal(arg, f"{what}: the message")
    if not isinstance(msg, str):
        raise Skip(f"{what}: the message is not a string")
    return msg


def is_len_errs(node):
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "len" and len(node.args) == 1
            and isinstance(node.args[0], ast.Name) and node.args[0].id == "errs")


def errs_message_index(node):
    """i for the expression errs[i].message, else None."""
    if (isinstance(node, ast.Attribute) and node.attr == "message"
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Name) and node.value.value.id == "errs"
            and isinstance(node.value.slice, ast.Constant)
            and isinstance(node.value.slice.value, int)):
        return node.value.slice.value
    return None


def any_contains(node):
    """s for any("s" in m for m in ...), else None."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "any"
            and len(node.args) == 1 and isinstance(node.args[0], ast.GeneratorExp)):
        elt = node.args[0].elt
        if (isinstance(elt, ast.Compare) and len(elt.ops) == 1 and isinstance(elt.ops[0], ast.In)
                and isinstance(elt.left, ast.Constant) and isinstance(elt.left.value, str)):
            return elt.left.value
    return None


class Group:
    """One validate call of a unittest method and the assertions that follow it."""

    def __init__(self, policy_node, resource_type):
        self.policy_node = policy_node
        self.resource_type = resource_type
        self.count = None        # exact expected number of errors
        self.at_least = None     # or a lower bound
        self.messages = {}       # index -> message
        self.loose = []          # messages asserted without an index
        self.negative = []       # assertions that no error says something

    def assertion(self, call):
        f = call.func
        if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                and f.value.id == "self" and f.attr.startswith("assert")):
            return
        a = call.args
        if f.attr == "assertEqual" and len(a) >= 2:
            if is_len_errs(a[0]) and isinstance(a[1], ast.Constant) and isinstance(a[1].value, int):
                self.count = a[1].value
            i = errs_message_index(a[0])
            if i is not None and isinstance(a[1], ast.Constant) and isinstance(a[1].value, str):
                self.messages[i] = a[1].value
        elif f.attr == "assertListEqual" and len(a) >= 2 \
                and isinstance(a[0], ast.Name) and a[0].id == "errs":
            if not isinstance(a[1], ast.List):
                raise Skip(f"assertListEqual(errs, ...) with a non-list: {ast.unparse(a[1])[:80]}")
            self.count = len(a[1].elts)
            for i, e in enumerate(a[1].elts):
                self.messages[i] = validation_error_message(e, f"expected error {i}")
        elif f.attr == "assertTrue" and a:
            t = a[0]
            if (isinstance(t, ast.Compare) and is_len_errs(t.left) and len(t.ops) == 1
                    and isinstance(t.comparators[0], ast.Constant)
                    and isinstance(t.comparators[0].value, int)):
                n = t.comparators[0].value
                if isinstance(t.ops[0], ast.Gt):
                    self.at_least = n + 1
                elif isinstance(t.ops[0], ast.GtE):
                    self.at_least = n
            elif (isinstance(t, ast.Call) and isinstance(t.func, ast.Attribute)
                  and t.func.attr == "startswith" and errs_message_index(t.func.value) is not None
                  and t.args and isinstance(t.args[0], ast.Constant)):
                self.messages[errs_message_index(t.func.value)] = f"{t.args[0].value}…"
            elif any_contains(t) is not None:
                self.loose.append(f"…{any_contains(t)}…")
        elif f.attr == "assertFalse" and a and any_contains(a[0]) is not None:
            self.negative.append(any_contains(a[0]))


def unittest_groups(fn):
    """[(Group or Skip)] for a unittest method, one per validate call, in order."""
    groups = []
    policy_node, resource_type = None, None
    for stmt in fn.body:
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == "policy"):
            policy_node = stmt.value
        found, rtype = cfn_path_type(stmt)
        if found:
            resource_type = rtype
        validates = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                        and n.func.attr == "validate" for n in ast.walk(stmt))
        if validates:
            groups.append(Group(policy_node, resource_type))
            continue
        if groups and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            try:
                groups[-1].assertion(stmt.value)
            except Skip as e:
                groups[-1] = e
    return groups


def parametrize_of(fn):
    for d in fn.decorator_list:
        if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) \
                and d.func.attr == "parametrize":
            return d
    return None


# --- cases ------------------------------------------------------------------------------------

class Reader:
    def __init__(self):
        self.cases = []
        self.skipped = []   # (name, reason)
        self.notes = []     # (name, note)
        self.names = set()

    def unique(self, name):
        if name not in self.names:
            self.names.add(name)
            return name
        k = 2
        while f"{name}::{k}" in self.names:
            k += 1
        self.names.add(f"{name}::{k}")
        return f"{name}::{k}"

    def add(self, name, cite, errors, messages, resource_type, wrapped, policy):
        """errors: the expected number of errors (an int, at least 1 for a lower bound)."""
        case = {"name": self.unique(name), "cite": cite,
                "expect": "flagged" if errors else "clean"}
        if errors:
            case["defect"] = "; ".join(messages) if messages else \
                f"{errors} error(s), no message asserted"
        if resource_type:
            case["resource_type"] = resource_type
        if wrapped:
            case["wrapped"] = True
        case["policy"] = policy
        self.cases.append(case)

    def read_file(self, fname, source):
        stem = fname[:-3]
        default_type, wrap_kind = FILES[fname]
        tree = ast.parse(source, filename=fname)
        functions = []
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                functions += [(n, True) for n in node.body if isinstance(n, ast.FunctionDef)]
            elif isinstance(node, ast.FunctionDef):
                functions.append((node, False))
        for fn, method in functions:
            if not fn.name.startswith("test"):
                continue
            cite = f"{TEST_DIR}{fname}::{fn.name}"
            base = f"{stem}::{fn.name}"
            p = parametrize_of(fn)
            if p is not None:
                self.read_parametrize(p, base, cite, default_type, wrap_kind)
            elif method:
                self.read_method(fn, base, cite, default_type)
            else:
                self.skipped.append((base, "a plain test function without a policy "
                                           "(no parametrize table)"))

    def read_method(self, fn, base, cite, default_type):
        groups = unittest_groups(fn)
        if not groups:
            self.skipped.append((base, "no validate call"))
        for i, g in enumerate(groups):
            name = base if len(groups) == 1 else f"{base}::{i}"
            try:
                if isinstance(g, Skip):
                    raise g
                if g.policy_node is None:
                    raise Skip("no `policy = ...` before the validate call")
                policy = literal(g.policy_node, "policy")
                if isinstance(policy, str):
                    try:
                        json.loads(policy)
                    except ValueError as e:
                        raise Skip(f"the policy string is not JSON: {e}") from None
                elif not isinstance(policy, dict):
                    raise Skip(f"the policy is a {type(policy).__name__}")
                if g.count is not None:
                    errors = g.count
                elif g.at_least is not None:
                    errors = g.at_least
                elif g.negative and not g.messages and not g.loose:
                    errors = 0
                    self.notes.append((name, "no assertion on the error count; the test only "
                                             "asserts that no error mentions "
                                             + ", ".join(map(repr, g.negative))
                                             + ": taken as clean"))
                else:
                    raise Skip("no assertion on the number of errors")
            except Skip as e:
                self.skipped.append((name, str(e)))
                continue
            messages = [g.messages[k] for k in sorted(g.messages)] + g.loose
            self.add(name, cite, errors, messages, g.resource_type or default_type, False, policy)

    def read_parametrize(self, p, base, cite, default_type, wrap_kind):
        if len(p.args) < 2 or not isinstance(p.args[0], ast.Constant) \
                or not isinstance(p.args[1], ast.List):
            self.skipped.append((base, "parametrize without a literal table"))
            return
        fields = [s.strip() for s in p.args[0].value.split(",")]
        for index, row in enumerate(p.args[1].elts):
            name = f"{base}::{index}"
            try:
                if not isinstance(row, ast.Tuple) or len(row.elts) != len(fields):
                    raise Skip(f"row is not a tuple of {len(fields)}")
                cells = dict(zip(fields, row.elts))
                if "name" in cells:
                    label = literal(cells["name"], "name")
                    name = f"{base}::{label}"
                resource_type = default_type
                for key in ("path", "cfn_path"):
                    if key in cells:
                        rtype = resource_type_in(cells[key])
                        resource_type = rtype or default_type
                if "instance" not in cells:
                    raise Skip("no instance")
                instance = literal(cells["instance"], "instance")
                if "expected" in cells:
                    exp = cells["expected"]
                    if not isinstance(exp, ast.List):
                        raise Skip(f"expected is not a list: {ast.unparse(exp)[:80]}")
                    messages = [validation_error_message(e, f"expected[{i}]")
                                for i, e in enumerate(exp.elts)]
                    errors = len(messages)
                elif "err_count" in cells:
                    errors = literal(cells["err_count"], "err_count")
                    if not isinstance(errors, int):
                        raise Skip("err_count is not an int")
                    messages = []
                else:
                    raise Skip("neither expected nor err_count")
                policy = wrap(wrap_kind, instance, resource_type)
            except Skip as e:
                self.skipped.append((name, str(e)))
                continue
            self.add(name, cite, errors, messages, resource_type, True, policy)


# --- intrinsic functions, for the summary --------------------------------------------------------

def intrinsics(value, found):
    """Collect the CloudFormation functions (Ref, Fn::*, dynamic references) in a policy."""
    if isinstance(value, dict):
        if len(value) == 1:
            (k,) = value
            if k == "Ref" or k.startswith("Fn::"):
                found.add(k)
        for v in value.values():
            intrinsics(v, found)
    elif isinstance(value, list):
        for v in value:
            intrinsics(v, found)
    elif isinstance(value, str) and "{{resolve:" in value:
        found.add("{{resolve:...}}")
    return found


# --- output -------------------------------------------------------------------------------------

def existing_hand_fields():
    """{case name: {hand field: value}} from the file as it is now."""
    if not OUT.exists():
        return {}
    try:
        doc = json.loads(OUT.read_text(encoding="utf-8"))
    except ValueError as e:
        raise PinError(f"{display(OUT)} is not JSON: {e}") from None
    out = {}
    for case in doc.get("cases", []):
        kept = {k: case[k] for k in HAND_FIELDS if k in case}
        if kept:
            out[case["name"]] = kept
    return out


def with_hand_fields(case, kept):
    """The case with the kept fields put before "policy" (stable key order)."""
    if not kept:
        return case
    out = {k: v for k, v in case.items() if k != "policy"}
    out.update({k: kept[k] for k in HAND_FIELDS if k in kept})
    out["policy"] = case["policy"]
    return out


def read_sdist(sdist, version):
    prefix = f"cfn_lint-{version}/{TEST_DIR}"
    sources = {}
    with tarfile.open(sdist, "r:gz") as tf:
        for fname in FILES:
            try:
                info = tf.getmember(prefix + fname)
            except KeyError:
                raise PinError(f"{sdist.name} has no {TEST_DIR}{fname}") from None
            if not info.isfile():
                raise PinError(f"{info.name}: not a regular file in the sdist")
            sources[fname] = tf.extractfile(info).read().decode("utf-8")
    return sources


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sdist_arguments(ap, "do not write; exit 1 if the committed file differs from a fresh build")
    args = ap.parse_args(argv)

    try:
        with pinned_file(REQUIREMENTS, PACKAGE, "sdist", args.sdist) as (sdist, version, sha):
            sources = read_sdist(sdist, version)
        kept = existing_hand_fields()
    except PinError as e:
        log(f"error: {e}")
        return 2

    reader = Reader()
    per_file = {}
    for fname in FILES:
        before = len(reader.cases)
        reader.read_file(fname, sources[fname])
        per_file[fname] = reader.cases[before:]

    cases = [with_hand_fields(c, kept.get(c["name"])) for c in reader.cases]
    lost = sorted(set(kept) - {c["name"] for c in cases})
    for name in lost:
        log(f"warning: hand-written fields of {name!r} dropped: no such case any more")
    doc = {
        "source": "cfn-lint IAM rule tests",
        "package": PACKAGE,
        "version": version,
        "sdist_sha256": sha,
        "generated_by": GENERATED_BY,
        "cases": cases,
    }
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    report = not args.check  # the details are for whoever regenerates, not for CI's log
    for fname, fcases in (per_file.items() if report else ()):
        clean = sum(c["expect"] == "clean" for c in fcases)
        log(f"{fname}: {len(fcases)} case{'' if len(fcases) == 1 else 's'} "
            f"({clean} clean, {len(fcases) - clean} flagged)")
    if report and reader.skipped:
        log(f"skipped {len(reader.skipped)}:")
        for name, reason in reader.skipped:
            log(f"  {name}: {reason}")
    for name, note in (reader.notes if report else ()):
        log(f"note: {name}: {note}")
    with_fns = {}
    for c in cases:
        policy = c["policy"]
        found = intrinsics(json.loads(policy) if isinstance(policy, str) else policy, set())
        if found:
            with_fns[c["name"]] = sorted(found)
    if report and with_fns:
        log(f"{len(with_fns)} cases hold CloudFormation functions:")
        for name, fns in with_fns.items():
            log(f"  {name}: {', '.join(fns)}")

    status = write_or_check(OUT, text, args.check, "python3 scripts/gen_cfn_lint_bar.py")
    clean = sum(c["expect"] == "clean" for c in cases)
    print(f"{'checked' if args.check else 'wrote'} {display(OUT)}: {len(cases)} cases "
          f"({clean} clean, {len(cases) - clean} flagged, {len(reader.skipped)} skipped), "
          f"cfn-lint {version}")
    return status


if __name__ == "__main__":
    sys.exit(main())
