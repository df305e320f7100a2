#!/usr/bin/env bash
# Prepares a fresh Debian or Ubuntu machine for the tests and the demo: the system packages the
# real registry and real builds need, then the npm dependencies. Idempotent: a second run installs
# nothing and takes a second. Runs as root, or through sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

# crun is only a recommendation of buildah, but RUN steps without chroot isolation need an OCI runtime.
# cmark-gfm is GitHub's Markdown renderer: the tests read every job summary as GitHub shows it.
# shellcheck checks every run: script of the workflows and templates.
# chromium opens the demo's page of job summaries once, as a person would.
# podman and docker.io (a real Docker engine with BuildKit in the daemon) are the other two builders build-push is tested with.
# postgresql stands in for a workflow's postgres service container (test/workflow-runner).
PACKAGES=(buildah podman docker.io crun docker-registry apache2-utils busybox-static openssl ca-certificates cmark-gfm shellcheck postgresql chromium)

fail() {
  echo "setup: $*" >&2
  exit 1
}

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo --non-interactive)
else
  SUDO=()
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get: install them with your package manager."
  if [ "$(id -u)" -ne 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    fail "missing ${missing[*]}: run as root or install sudo."
  fi
  echo "setup: installing ${missing[*]}"
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get update -qq >"$log" 2>&1 ||
    ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    cat "$log" >&2
    fail "apt-get could not install ${missing[*]} (output above)."
  fi
fi

command -v node >/dev/null 2>&1 || fail "node is not installed: install Node.js 20 or later."
command -v npm >/dev/null 2>&1 || fail "npm is not installed: install it with Node.js."

# npm ci deletes node_modules first, so skip it when the installed tree already is the lock file's
# (npm's own record of it, node_modules/.package-lock.json, lists the same packages): keeps the script
# idempotent and cheap, and safe to run while other processes use node_modules.
lock_matches() {
  node -e '
    const fs = require("fs");
    const read = (p) => JSON.parse(fs.readFileSync(p, "utf8")).packages || {};
    const want = read("package-lock.json"), have = read("node_modules/.package-lock.json");
    // Optional packages (binaries for other platforms) are legitimately absent.
    const names = Object.keys(want).filter((k) => k && !want[k].optional && !want[k].extraneous);
    const ok = names.every((k) => have[k] && have[k].version === want[k].version);
    process.exit(ok ? 0 : 1);
  ' 2>/dev/null
}
if [ -f package-lock.json ]; then
  if ! lock_matches; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed (output above)."
  fi
else
  echo "setup: npm install"
  npm install --no-audit --no-fund --loglevel=error || fail "npm install failed (output above)."
fi

echo "setup: ready (buildah $(buildah --version | awk '{print $3}'), node $(node --version))"
