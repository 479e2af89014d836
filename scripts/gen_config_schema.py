#!/usr/bin/env python3
"""Rewrites the "rules" section of schemas/iam-policy-ls-config.schema.json from the registry
in server/src/analysis/rules.rs (order, summaries, default severities). Usage, from the repo root:
    python3 scripts/gen_config_schema.py
"""
import json, re, sys
src = open('server/src/analysis/rules.rs').read()
sev = {'Error': 'error', 'Warning': 'warning', 'Information': 'info', 'Hint': 'hint'}
pat = re.compile(r'^\s*"([a-z0-9-]+)", (Error|Warning|Information|Hint), "((?:[^"\\]|\\.)*)", \[', re.M)
rules = [(c, sev[s], bytes(t, 'utf-8').decode('unicode_escape')) for c, s, t in pat.findall(src)]
schema = json.load(open('schemas/iam-policy-ls-config.schema.json'))
r = schema['properties']['rules']
r['propertyNames']['enum'] = [c for c, _, _ in rules]
r['properties'] = {c: {"description": f"{t} Default: {s}.", "markdownDescription": f"{t}\n\nDefault: `{s}`.", "allOf": [{"$ref": "#/$defs/severity"}]} for c, s, t in rules}
with open('schemas/iam-policy-ls-config.schema.json', 'w') as out:
    json.dump(schema, out, indent=2, ensure_ascii=False)
    out.write('\n')
