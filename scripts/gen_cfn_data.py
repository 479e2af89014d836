#!/usr/bin/env python3
"""Regenerate the CloudFormation tables of iam-policy-ls from cfn-lint's bundled schemas.

Writes:
  * server/data/cfn-policy-properties.tsv: every resource property that holds an IAM policy
    document (or, for a few, a statement or a policy-like document; see `kind`), with the
    property path, the policy kind, the service whose resource policy it is, and whether the
    template gives it as an object, a JSON string, or either.
  * server/data/cfn-getatt-arns.tsv: for every resource type, its read-only attributes
    (Fn::GetAtt) named Arn or ending in Arn/ARN.

Source (pinned with its hash in scripts/cfn-lint-requirements.txt): the cfn-lint source
distribution, which bundles the CloudFormation resource provider schemas of every region. The
us-east-1 list (src/cfnlint/data/schemas/providers/us-east-1.json) maps each resource type to a
schema file under src/cfnlint/data/schemas/resources/ (schemas shared by regions are stored
once, named by a hash). The sdist is fetched with `pip download --require-hashes`, its SHA-256
is checked again here, and it is read with tarfile; nothing is installed. Only the standard
library is used. The output is deterministic.

How a property is found (all from the schema, see find_candidates and classify):
  1. Every property of every resource type is visited, nested ones included: `$ref`s are
     followed, `oneOf`/`anyOf`/`allOf` branches merged, array items written `[]`, values of a
     map (patternProperties) `*`. Paths use `.` for nesting: `Policies[].PolicyDocument`.
  2. A candidate is a property whose value is free-form JSON (type object without declared
     properties, string without enum, both, or no type at all) and whose name ends in Policy,
     Policies, PolicyDocument or PolicyText (or is Statement), or whose description says it
     holds a policy document (POLICY_DESCRIPTION). Names that end in Name, Id, Arn, ... are
     identifiers, not documents, and so are values whose description starts "The ARN".
  3. Read-only properties (`readOnlyProperties`) are outputs, not template input: skipped.
  4. RULES (below) decide what the schema cannot tell, each with its reason; a rule that no
     longer matches a candidate is an error, so the list cannot rot.
  5. A name `<Qualifier>Policy` whose qualifier names a policy that is not about permissions
     (LifecyclePolicy, RedrivePolicy, SslPolicy, ...: NOT_PERMISSION_QUALIFIERS) is skipped.
  6. What is left is a policy document. kind: identity for AWS::IAM:: types, trust for
     AssumeRolePolicyDocument or a description saying "trust policy", endpoint for a
     description saying "endpoint policy", session for a name starting with Session,
     resource otherwise. service (resource kinds only): the IAM prefix of the handler
     permission that writes the policy (Put*Policy, Set*Policy, *Permission, ...), else the
     most frequent prefix of the create/update handler permissions; RULES override it where
     the policy governs another prefix's actions (API Gateway: execute-api). form: object,
     string, or either (type [object, string], or no type).
  7. Cross-checks: every path that cfn-lint's own IAM rules validate (rules/resources/iam/
     IdentityPolicy.py, ResourcePolicy.py, ResourceEcrPolicy.py, TrustPolicy.py) must be in
     the table with the same kind, and every service prefix must exist in
     server/data/catalog.json.

Columns of cfn-policy-properties.tsv (header line first, rows sorted):
  resource_type  e.g. AWS::IAM::Role
  path           property path below Properties: `.` nests, `[]` is an array item, `*` a map
                 value (e.g. Policies[].PolicyDocument)
  kind           identity        an identity policy (IAM users, groups, roles, managed
                                 policies; SSO permission sets)
                 trust           a role trust policy
                 resource        a resource-based policy of `service`
                 resource-statement  one statement of a resource-based policy (EventBusPolicy)
                 endpoint        an endpoint policy (Principal required; its actions are those
                                 of the endpoint's service: `service` when fixed, else empty)
                 session         a session policy passed when a role is assumed
                 scp-or-rcp      AWS Organizations policy text: an SCP or an RCP by the
                                 resource's Type; other Types are not IAM documents
                 iot             an AWS IoT Core policy (IAM grammar, evaluated by AWS IoT)
                 ram-permission  a RAM permission template (Effect, Action, Condition only)
  service        the IAM service prefix whose resource policy it is (resource kinds, fixed
                 endpoints, iot); empty otherwise
  form           object (a JSON object in the template), string (a JSON document inside a
                 string), either (the schema takes both, or any JSON: CloudFormation's Json)

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_cfn_data.py                 # download the sdist, write both tables
  python3 scripts/gen_cfn_data.py --sdist DIR     # use the sdist already in DIR
  python3 scripts/gen_cfn_data.py --check         # exit 1 if a committed table is stale
  python3 scripts/gen_cfn_data.py --explain       # also print every candidate's decision
"""

import argparse
import json
import re
import sys
import tarfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # importing pinned.py must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned import (REPO, PinError, display, log, pinned_file, tsv_field,  # noqa: E402
                    sdist_arguments, write_or_check)

REQUIREMENTS = REPO / "scripts" / "cfn-lint-requirements.txt"
CATALOG = REPO / "server" / "data" / "catalog.json"
OUT_POLICIES = REPO / "server" / "data" / "cfn-policy-properties.tsv"
OUT_ARNS = REPO / "server" / "data" / "cfn-getatt-arns.tsv"
PACKAGE = "cfn-lint"
REGION = "us-east-1"
SCHEMAS = "src/cfnlint/data/schemas/"
IAM_RULES = {  # cfn-lint rule file -> the kind of the paths it lists
    "src/cfnlint/rules/resources/iam/IdentityPolicy.py": "identity",
    "src/cfnlint/rules/resources/iam/ResourcePolicy.py": "resource",
    "src/cfnlint/rules/resources/iam/ResourceEcrPolicy.py": "resource",
    "src/cfnlint/rules/resources/iam/TrustPolicy.py": "trust",
}

POLICY_NAME = re.compile(r"(Polic(y|ies)|PolicyDocument|PolicyText)$|^Statement$")
POLICY_DESCRIPTION = re.compile(
    r"policy document|resource[- ]based policy|IAM policy|permissions? policy|access policy"
    r"|trust policy|key policy|endpoint policy|inline policy", re.I)
IDENTIFIER_NAME = re.compile(
    r"(Name|Id|Ids|Arn|Arns|ARN|Type|Types|Version|Hash|Status|Scope|Label|Description"
    r"|RuleNumber|Count|Url|Enabled)$")
# A description that starts by saying the value is an ARN (of a managed policy, of a role whose
# trust policy it then describes, ...).
ARN_DESCRIPTION = re.compile(r"\s*(The )?(ARN|Amazon Resource Name)\b", re.I)
# <Qualifier>Policy (or Policies, PolicyText) that names what the policy is about, and it is not
# permissions: lifecycle, retry/redrive/delivery/filter (SNS, SQS), data protection, TLS and
# security policies (cipher suites), HTTP header policies, Kubernetes pod policies, snapshot
# schedules, notification periods, browser (Chrome) policies, ...
NOT_PERMISSION_QUALIFIERS = {
    "Answer", "Archive", "AutoImport", "Browser", "ContentSecurity", "DataProtection",
    "Delivery", "Dns", "Filter", "Https", "ImagePull", "LanguageSelection", "Lifecycle",
    "Notification", "OriginProtocol", "Redrive", "RedriveAllow", "Referrer", "Replay",
    "Safeguard", "Security", "Snapshot", "Ssl", "TLSSecurity", "Tls", "ViewerProtocol",
}
POLICY_WRITE = re.compile(
    r"^(Put|Set|Update|Create|Add|Attach)[A-Za-z]*(Polic(y|ies)|Permissions?)$")

# The cases the schemas cannot tell. Key: (resource type, path); path "*" means every candidate
# of the type. "exclude" gives the reason a candidate is not an IAM policy document; otherwise
# the entry sets kind and/or service (and "include" adds a property the generic test misses).
RULES = {
    # ---- documents the generic test does not find, or finds with the wrong kind
    ("AWS::Organizations::Policy", "Content"): dict(
        include=True, kind="scp-or-rcp",
        why="The text of any AWS Organizations policy. It is an IAM policy document only when "
            "the resource's Type is SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY; the "
            "other types (TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY, "
            "DECLARATIVE_POLICY_EC2, ...) have syntaxes of their own. Its description "
            "('The Policy text content') does not say 'policy document'."),
    ("AWS::SSO::PermissionSet", "InlinePolicy"): dict(
        kind="identity",
        why="IAM Identity Center puts the permission set's inline policy on the roles it "
            "provisions in each account: an identity policy."),
    ("AWS::Events::EventBusPolicy", "Statement"): dict(
        kind="resource-statement",
        why="One statement of the event bus's resource policy (events:PutPermission with a "
            "one-statement Policy; the Sid is the StatementId property), not a whole document. "
            "The resource's Action, Principal and Condition properties are the older form of "
            "the same statement."),
    ("AWS::Transfer::User", "Policy"): dict(
        kind="session",
        why="Transfer Family's scope-down policy: a session policy passed when the server "
            "assumes the user's Role. The schema has no description."),
    ("AWS::EKS::PodIdentityAssociation", "Policy"): dict(
        kind="session",
        why="EKS Pod Identity applies it as a session policy when it assumes RoleArn for the "
            "pods (CreatePodIdentityAssociation's policy: 'additional restrictions ... beyond "
            "the IAM policies attached to the IAM role'). The schema only says 'The policy of "
            "the pod identity association'."),
    ("AWS::IoT::Policy", "PolicyDocument"): dict(
        kind="iot",
        why="An AWS IoT Core policy: the IAM document grammar, but evaluated by AWS IoT for "
            "certificates and Cognito identities, with iot:/greengrass: actions and no "
            "Principal. Not an IAM policy; listed so that a consumer can treat it apart."),
    ("AWS::RAM::Permission", "PolicyTemplate"): dict(
        include=True, kind="ram-permission", service="",
        why="A RAM customer managed permission: the Effect, Action and Condition elements of "
            "the resource-based policy RAM attaches to shared resources of the resource's "
            "ResourceType (no Principal, no Resource). The service depends on ResourceType. "
            "The schema has no description."),
    ("AWS::ODB::OdbNetwork", "S3PolicyDocument"): dict(
        kind="endpoint", service="s3",
        why="'the endpoint policy for Amazon S3 access from the ODB network'."),
    ("AWS::ODB::OdbNetwork", "KmsPolicyDocument"): dict(
        kind="endpoint", service="kms",
        why="The same construct as S3PolicyDocument for the network's KMS access (KmsAccess); "
            "its read-only twin ManagedServices.KmsAccess.KmsPolicyDocument is described as "
            "'The endpoint policy for the AWS KMS access'."),
    ("AWS::ODB::OdbNetwork", "StsPolicyDocument"): dict(
        kind="endpoint", service="sts",
        why="As KmsPolicyDocument, for STS access (StsAccess; read-only twin "
            "ManagedServices.StsAccess.StsPolicyDocument: 'The endpoint policy for the AWS STS "
            "access')."),
    # ---- the policy governs another prefix's actions than the one that writes it
    ("AWS::ApiGateway::RestApi", "Policy"): dict(
        service="execute-api",
        why="An API's resource policy governs execute-api:Invoke on execute-api ARNs; the "
            "handlers write it with apigateway:UpdateRestApiPolicy."),
    ("AWS::ApiGateway::DomainNameV2", "Policy"): dict(
        service="execute-api",
        why="A private custom domain's policy governs execute-api:Invoke (handlers: "
            "apigateway:UpdateDomainNamePolicy). The schema has no description."),
    ("AWS::VpcLattice::AuthPolicy", "Policy"): dict(
        service="vpc-lattice-svcs",
        why="An auth policy governs vpc-lattice-svcs:Invoke on the service or service network; "
            "the handlers write it with vpc-lattice:PutAuthPolicy."),
    ("AWS::S3ObjectLambda::AccessPointPolicy", "PolicyDocument"): dict(
        service="s3-object-lambda",
        why="Object Lambda access points have s3-object-lambda ARNs and actions; the handlers "
            "write the policy with s3:PutAccessPointPolicyForObjectLambda."),
    ("AWS::Omics::SequenceStore", "S3AccessPolicy"): dict(
        service="s3",
        why="'The resource policy that controls S3 access on the store': S3 actions on the "
            "store's S3 access point (S3AccessPointArn); written by omics:PutS3AccessPolicy."),
    ("AWS::Elasticsearch::Domain", "AccessPolicies"): dict(
        service="es",
        why="The schema has no handlers to read the prefix from; domain ARNs and actions are "
            "es (as for AWS::OpenSearchService::Domain, whose handlers say es)."),
    ("AWS::MediaStore::Container", "Policy"): dict(
        service="mediastore",
        why="The schema has no handlers and no description; a container policy governs "
            "mediastore actions on the container."),
    # ---- policy documents in other languages
    ("AWS::OpenSearchServerless::AccessPolicy", "*"): dict(
        exclude="an OpenSearch Serverless data access policy: a JSON list of Rules and "
                "Principal, not an IAM document"),
    ("AWS::OpenSearchServerless::LifecyclePolicy", "*"): dict(
        exclude="an OpenSearch Serverless lifecycle (retention) policy"),
    ("AWS::OpenSearchServerless::SecurityPolicy", "*"): dict(
        exclude="an OpenSearch Serverless encryption or network policy"),
    ("AWS::Logs::AccountPolicy", "PolicyDocument"): dict(
        exclude="a CloudWatch Logs account policy: data protection, subscription filter, field "
                "index, transformer or metric extraction, by its PolicyType"),
    ("AWS::EC2::VerifiedAccessEndpoint", "PolicyDocument"): dict(
        exclude="a Verified Access policy, written in Cedar"),
    ("AWS::EC2::VerifiedAccessGroup", "PolicyDocument"): dict(
        exclude="a Verified Access policy, written in Cedar"),
    ("AWS::EC2::ClientVpnEndpoint", "AuthorizationPolicy.PolicyDocument"): dict(
        exclude="the schema does not say which language this Client VPN authorization policy "
                "uses (no descriptions; a ShadowMode sibling, as Verified Access's Cedar "
                "policies have); left out until that is known"),
    ("AWS::NetworkManager::CoreNetwork", "PolicyDocument"): dict(
        exclude="a Cloud WAN core network policy (segments, routing), not IAM"),
    ("AWS::Config::ConfigRule", "Source.CustomPolicyDetails.PolicyText"): dict(
        exclude="AWS CloudFormation Guard rules of a custom Config rule"),
    ("AWS::Config::OrganizationConfigRule", "OrganizationCustomPolicyRuleMetadata.PolicyText"):
        dict(exclude="AWS CloudFormation Guard rules of a custom Config rule"),
    ("AWS::VerifiedPermissions::Policy", "*"): dict(exclude="a Cedar policy"),
    ("AWS::VerifiedPermissions::PolicyTemplate", "*"): dict(exclude="a Cedar policy template"),
    ("AWS::BedrockAgentCore::Policy", "*"): dict(exclude="a Cedar policy of an AgentCore policy engine"),
    ("AWS::SSM::Parameter", "Policies"): dict(
        exclude="parameter policies (Expiration, ExpirationNotification, NoChangeNotification)"),
}

FORMS = {frozenset(["object"]): "object", frozenset(["string"]): "string",
         frozenset(["object", "string"]): "either"}


class CfnError(PinError):
    pass


# --------------------------------------------------------------------------
# Reading the sdist


def read_sdist(path, version):
    """{member path below the sdist's top directory: bytes} for what this script reads."""
    top = f"cfn_lint-{version}/"
    wanted = (SCHEMAS + "providers/", SCHEMAS + "resources/", "PKG-INFO", *IAM_RULES)
    files = {}
    with tarfile.open(path, "r:gz") as tf:
        for info in tf:
            if not info.isfile() or not info.name.startswith(top):
                continue
            name = info.name[len(top):]
            if name.startswith(wanted):
                files[name] = tf.extractfile(info).read()
    meta = files.get("PKG-INFO", b"").decode("utf-8")
    m = re.search(r"^Version: (\S+)$", meta, re.M)
    if not m or m.group(1) != version:
        raise CfnError(f"{path.name}: PKG-INFO version does not match the pin {version}")
    return files


def load_schemas(files):
    providers = SCHEMAS + f"providers/{REGION}.json"
    if providers not in files:
        raise CfnError(f"the sdist has no {providers}")
    index = json.loads(files[providers])
    schemas = {}
    for type_name, digest in index.items():
        member = SCHEMAS + f"resources/{digest}.json"
        if member not in files:
            raise CfnError(f"{type_name}: {member} is missing")
        schema = json.loads(files[member])
        if schema.get("typeName", type_name) != type_name:
            raise CfnError(f"{member} is {schema.get('typeName')}, not {type_name}")
        schemas[type_name] = schema
    return schemas


# --------------------------------------------------------------------------
# Walking a schema


def types_of(node):
    t = node.get("type")
    if t is None:
        return frozenset()
    return frozenset(t if isinstance(t, list) else [t])


def resolve(schema, node, seen):
    """Follow local $refs; sibling keywords of a $ref win over the target's. Returns
    (node, seen) or None for a cycle."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#/"):
            return None
        seen = seen | {ref}
        target = schema
        for part in ref[2:].split("/"):
            target = target[part]
        merged = dict(target)
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        node = merged
    return node, seen


def walk(schema, node, path, pointer, seen, out):
    """Collect {path: info} for every property under node (one entry per path; branches of
    oneOf/anyOf/allOf merged)."""
    r = resolve(schema, node, seen)
    if r is None:
        return
    node, seen = r
    if not isinstance(node, dict):
        return
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in node.get(key, []):
            walk(schema, sub, path, pointer, seen, out)
    for name, sub in node.get("properties", {}).items():
        rs = resolve(schema, sub, seen)
        if rs is None:
            continue
        value = rs[0]
        p = f"{path}.{name}" if path else name
        ptr = f"{pointer}/{name}"
        info = out.setdefault(p, {"name": name, "pointer": ptr, "types": set(),
                                  "description": "", "free": True, "any_type": False})
        info["types"] |= types_of(value)
        if not types_of(value):
            info["any_type"] = True
        if not info["description"]:
            info["description"] = value.get("description") or ""
        if (value.get("properties") or value.get("patternProperties") or value.get("enum")
                or isinstance(value.get("additionalProperties"), dict)
                or any(value.get(k) for k in ("oneOf", "anyOf", "allOf"))):
            info["free"] = False
        walk(schema, sub, p, ptr, seen, out)
    if "items" in node and isinstance(node["items"], dict):
        walk(schema, node["items"], path + "[]", pointer + "/*", seen, out)
    for sub in node.get("patternProperties", {}).values():
        walk(schema, sub, path + ".*", pointer + "/*", seen, out)


def properties_of(schema):
    out = {}
    walk(schema, {"properties": schema.get("properties", {}),
                  "definitions": schema.get("definitions", {})},
         "", "/properties", frozenset(), out)
    return out


def is_read_only(pointer, read_only):
    parts = pointer.split("/")
    return any("/".join(parts[:i]) in read_only for i in range(3, len(parts) + 1))


# --------------------------------------------------------------------------
# Deciding


def free_form(info):
    """Free-form JSON: an object without declared structure, a string without enum, both, or
    no type at all."""
    if not info["free"]:
        return False
    types = frozenset(info["types"])
    if info["any_type"] and not types:
        return True
    return bool(types) and types <= {"object", "string"}


def form_of(info):
    types = frozenset(info["types"])
    if info["any_type"] and not types:
        return "either"  # no type: the schema takes any JSON value (CloudFormation's Json)
    return FORMS[types]


def find_candidates(schemas):
    """[(type, path, info, read_only)] of the properties that look like policy documents."""
    out = []
    for type_name in sorted(schemas):
        schema = schemas[type_name]
        read_only = set(schema.get("readOnlyProperties", []))
        for path, info in sorted(properties_of(schema).items()):
            if not free_form(info):
                continue
            name = info["name"]
            by_name = bool(POLICY_NAME.search(name))
            by_description = bool(POLICY_DESCRIPTION.search(info["description"]))
            rule = RULES.get((type_name, path))
            if not (by_name or by_description or (rule and rule.get("include"))):
                continue
            if IDENTIFIER_NAME.search(name) or ARN_DESCRIPTION.match(info["description"]):
                continue
            out.append((type_name, path, info, is_read_only(info["pointer"], read_only)))
    return out


def handler_service(schema):
    """The IAM prefix of the handler permission that writes the policy, else the most frequent
    prefix of the create/update permissions (ties: alphabetical). None without handlers."""
    counts = {}
    writers = set()
    for handler in ("create", "update"):
        for perm in schema.get("handlers", {}).get(handler, {}).get("permissions", []):
            prefix, _, action = perm.partition(":")
            prefix = prefix.lower()
            counts[prefix] = counts.get(prefix, 0) + 1
            if POLICY_WRITE.match(action):
                writers.add(prefix)
    pool = writers or set(counts)
    if not pool:
        return None
    return sorted(pool, key=lambda p: (-counts[p], p))[0]


def qualifier(name):
    m = re.fullmatch(r"(.*?)(PolicyDocument|PolicyText|Policies|Policy)", name)
    return m.group(1) if m else None


def classify(type_name, path, info, schema):
    """("include", kind, service, form, why) or ("exclude", reason)."""
    name = info["name"]
    rule = RULES.get((type_name, path)) or RULES.get((type_name, "*"))
    if rule and "exclude" in rule:
        return ("exclude", "rule: " + rule["exclude"])
    if not rule and qualifier(name) in NOT_PERMISSION_QUALIFIERS:
        return ("exclude", f"name: {qualifier(name)}Policy is not about permissions")
    description = info["description"]
    if type_name.startswith("AWS::IAM::"):
        kind = "trust" if name == "AssumeRolePolicyDocument" else "identity"
        why = "an IAM resource's policy" if kind == "identity" else "a role's trust policy"
    elif name == "AssumeRolePolicyDocument" or re.search(r"trust policy", description, re.I):
        kind, why = "trust", "described as a trust policy"
    elif re.search(r"endpoint policy", description, re.I):
        kind, why = "endpoint", "described as an endpoint policy"
    elif name.startswith("Session"):
        kind, why = "session", "named a session policy"
    else:
        kind, why = "resource", "a policy document on a resource"
    service = None
    if rule:
        kind = rule.get("kind", kind)
        service = rule.get("service")
        why = "rule: " + rule["why"]
    if service is None:
        if kind in ("resource", "resource-statement", "iot"):
            service = handler_service(schema)
            if service is None:
                raise CfnError(f"{type_name} {path}: no handler permissions to name the "
                               "service; add a rule")
        else:
            service = ""
    return ("include", kind, service, form_of(info), why)


def cfn_lint_paths(files):
    """{(type, path): kind} from cfn-lint's own IAM policy rules."""
    out = {}
    for member, kind in IAM_RULES.items():
        if member not in files:
            raise CfnError(f"the sdist has no {member}")
        text = files[member].decode("utf-8")
        for type_name, prop in re.findall(r'"Resources/(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)'
                                          r'/Properties/([^"]+)"', text):
            out[(type_name, prop.replace("/*/", "[].").replace("/", "."))] = kind
    if not out:
        raise CfnError("found no paths in cfn-lint's IAM rules")
    return out


def catalog_prefixes():
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    return {s["prefix"] for s in catalog["services"]}


# --------------------------------------------------------------------------
# Tables


def build(files, explain=False):
    schemas = load_schemas(files)
    candidates = find_candidates(schemas)
    rows, decisions = [], []
    used_rules = set()
    for type_name, path, info, read_only in candidates:
        for key in ((type_name, path), (type_name, "*")):
            if key in RULES:
                used_rules.add(key)
        if read_only:
            decisions.append((type_name, path, "skip", "read-only (an output, not template input)"))
            continue
        d = classify(type_name, path, info, schemas[type_name])
        if d[0] == "exclude":
            decisions.append((type_name, path, "exclude", d[1]))
            continue
        _, kind, service, form, why = d
        rows.append((type_name, path, kind, service, form))
        decisions.append((type_name, path, "include", f"{kind} {service or '-'} {form}: {why}"))

    stale = sorted(set(RULES) - used_rules)
    if stale:
        raise CfnError("rules that match no candidate (update RULES): "
                       + ", ".join(f"{t} {p}" for t, p in stale))
    if ("AWS::Organizations::Policy", "Content") in {(r[0], r[1]) for r in rows}:
        enum = schemas["AWS::Organizations::Policy"]["properties"]["Type"].get("enum", [])
        for t in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
            if t not in enum:
                raise CfnError(f"AWS::Organizations::Policy Type no longer lists {t}")

    table = {(r[0], r[1]): r[2] for r in rows}
    cross = cfn_lint_paths(files)
    for (type_name, path), kind in sorted(cross.items()):
        if table.get((type_name, path)) != kind:
            raise CfnError(f"cfn-lint validates {type_name} {path} as a {kind} policy, the "
                           f"table says {table.get((type_name, path))}")
    known = catalog_prefixes()
    for r in rows:
        if r[3] and r[3] not in known:
            raise CfnError(f"{r[0]} {r[1]}: service prefix {r[3]!r} is not in {display(CATALOG)}")

    arns = []
    for type_name in sorted(schemas):
        for ptr in schemas[type_name].get("readOnlyProperties", []):
            parts = ptr.split("/")
            if len(parts) < 3 or parts[1] != "properties" or "*" in parts:
                continue  # GetAtt cannot reach into arrays
            if re.search(r"(^|[a-z0-9])(Arn|ARN)$", parts[-1]):
                arns.append((type_name, ".".join(parts[2:])))

    if explain:
        for type_name, path, what, why in decisions:
            print(f"{what:8} {type_name} {path}: {why}")
    return sorted(rows), sorted(set(arns)), decisions, len(cross)


def render(header, rows):
    lines = ["\t".join(header)]
    lines.extend("\t".join(tsv_field(c) for c in row) for row in rows)
    return "\n".join(lines) + "\n"


def generate(sdist, version, explain):
    files = read_sdist(sdist, version)
    rows, arns, decisions, cross = build(files, explain)
    policies = render(("resource_type", "path", "kind", "service", "form"), rows)
    getatts = render(("resource_type", "attribute"), arns)
    return policies, getatts, rows, arns, decisions, cross


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sdist_arguments(ap, "do not write; exit 1 if a committed table differs from a fresh build")
    ap.add_argument("--explain", action="store_true",
                    help="print the decision on every candidate property")
    args = ap.parse_args(argv)

    started = time.monotonic()
    try:
        with pinned_file(REQUIREMENTS, PACKAGE, "sdist", args.sdist) as (sdist, version, _):
            policies, getatts, rows, arns, decisions, cross = generate(sdist, version,
                                                                       args.explain)
    except PinError as e:
        log(f"error: {e}")
        return 2

    status = 0
    for out, text in ((OUT_POLICIES, policies), (OUT_ARNS, getatts)):
        status |= write_or_check(out, text, args.check, "python3 scripts/gen_cfn_data.py")
    verb = "checked" if args.check else "wrote"
    counts = {}
    for _, _, what, _ in decisions:
        counts[what] = counts.get(what, 0) + 1
    print(f"{verb} {display(OUT_POLICIES)}: {len(rows)} rows, {len(policies.encode())} bytes")
    print(f"{verb} {display(OUT_ARNS)}: {len(arns)} rows, {len(getatts.encode())} bytes")
    print("candidates: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"paths of cfn-lint's IAM rules, all in the table with their kind: {cross}")
    print(f"elapsed: {time.monotonic() - started:.1f}s")
    return status


if __name__ == "__main__":
    sys.exit(main())
