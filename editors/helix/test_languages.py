"""Structural test of editors/helix/languages.toml (no Helix binary is available to run).

Checks what Helix needs from a user languages.toml to run iam-policy-ls next to the default JSON
server. Run: python3 editors/helix/test_languages.py   (exit 1 on any failure)
"""

import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
failures = 0
passes = 0


def check(name, ok, detail=""):
    global failures, passes
    if ok:
        passes += 1
        print(f"  ok   {name}")
    else:
        failures += 1
        print(f"  FAIL {name}{': ' + str(detail) if detail else ''}")
    return ok


text = (HERE / "languages.toml").read_text(encoding="utf-8")
try:
    doc = tomllib.loads(text)
    check("languages.toml is valid TOML", True)
except tomllib.TOMLDecodeError as e:
    check("languages.toml is valid TOML", False, e)
    print(f"helix structure: {passes} checks passed, {failures} failed")
    sys.exit(1)

# Helix's keys (helix-core's LanguageConfiguration / LanguageServerConfiguration, kebab-case).
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
LANGUAGE_KEYS_USED = {"name", "language-servers"}

servers = doc.get("language-server", {})
check("there is a [language-server.iam-policy-ls] table", isinstance(servers.get("iam-policy-ls"), dict), servers)
server = servers.get("iam-policy-ls", {})
check("its command is iam-policy-ls", server.get("command") == "iam-policy-ls", server.get("command"))
check("its args are [\"--stdio\"]", server.get("args") == ["--stdio"], server.get("args"))
check("it uses only keys Helix knows", set(server) <= SERVER_KEYS, set(server) - SERVER_KEYS)
if "config" in server:
    config = server["config"]
    check("config has only the server's keys", set(config) <= {"rules", "policy-types", "ignore"}, set(config))

langs = doc.get("language", [])
check("[[language]] is an array of tables", isinstance(langs, list) and all(isinstance(l, dict) for l in langs))
by_name = {l.get("name"): l for l in langs}
# Helix's default server of each language (its languages.toml), which the user's list must keep.
DEFAULT_SERVER = {"json": "vscode-json-language-server", "jsonc": "vscode-json-language-server", "yaml": "yaml-language-server"}
for name, default in DEFAULT_SERVER.items():
    lang = by_name.get(name)
    if not check(f"a [[language]] entry named {name}", lang is not None, list(by_name)):
        continue
    servers_list = lang.get("language-servers", [])
    names = [s if isinstance(s, str) else s.get("name") for s in servers_list]
    check(f"{name} lists iam-policy-ls", "iam-policy-ls" in names, names)
    # Helix replaces the default list with the user's: the default server must stay.
    check(f"{name} keeps {default}", default in names, names)
    check(f"{name} sets only name and language-servers (merges with Helix's defaults)", set(lang) <= LANGUAGE_KEYS_USED, set(lang))
    for n in names:
        check(f"{name}: server {n!r} is defined here or by Helix", n in servers or n == default)

# The commented-out example must work once uncommented.
examples = [l[2:] for l in text.splitlines() if l.startswith("# config = ")]
check("the commented config example is there", len(examples) == 1, examples)
for ex in examples:
    try:
        example = tomllib.loads(ex)["config"]
        check("the config example is valid TOML", True)
        check("the config example has only the server's keys", set(example) <= {"rules", "policy-types", "ignore"}, set(example))
        levels = {v for v in example.get("rules", {}).values()}
        check("the config example's severities are valid", levels <= {"off", "error", "warning", "info", "hint"}, levels)
        kinds = {v for v in example.get("policy-types", {}).values()}
        check("the config example's policy types are valid", kinds <= {"identity", "resource", "trust", "scp", "rcp"}, kinds)
    except tomllib.TOMLDecodeError as e:
        check("the config example is valid TOML", False, e)

check("the Helix version it was written for is documented", re.search(r"Helix 2\d\.\d\d", text) is not None)
print(f"helix structure: {passes} checks passed, {failures} failed")
sys.exit(1 if failures else 0)
