#!/usr/bin/env bash
# Installs what building and testing srooter needs, and does nothing when all of it is there:
# Debian packages (C libraries, pkg-config, minisign for interop tests, openssl for a test certificate, binutils for `strip`) and the Python virtual
# environments for the interop checks and the real agents (under .build/ or $SROOTER_PYTHON_ENVS, from the hashed locks in Tests/InteropTests/).
# --system installs only the Debian packages (what the build needs), --python only the environments
# (what the tests need: `make test` installs them while it builds).
set -euo pipefail
cd "$(dirname "$0")/.."
part=${1:-all}
case "$part" in
  all | --system | --python) ;;
  *) echo "usage: $0 [--system | --python]" >&2; exit 2 ;;
esac

install_debian_packages() {
  apt_packages=(libsodium-dev libarchive-dev libsqlite3-dev pkg-config minisign openssl universal-ctags binutils)
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)

  missing=()
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "deps: installing Debian packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Python environments for the interop tests, each installed from a lock with every package's hash
# (scripts/lock-python.sh writes the locks from the pins): .build/venv holds the SDKs and the real
# agents Claude Code and Codex; aider gets its own, as its exact pins conflict with the SDKs'.
# A stamp (the lock's sha256) makes a second run do nothing.
install_locked() {
  local venv=$1 requirements=$2
  local lock="${requirements%.txt}.lock.txt"
  local pin name
  while read -r pin; do
    name=$(printf '%s' "${pin%%==*}" | sed -E 's/\[.*\]//; s/[-_.]+/-/g' | tr 'A-Z' 'a-z')
    if ! grep -Fqx "$name==${pin#*==} \\" "$lock"; then
      echo "deps: $requirements pins $pin, which $lock lacks: run scripts/lock-python.sh" >&2
      exit 2
    fi
  done < <(grep -Eo '^[][A-Za-z0-9._,-]+==[^ #]+' "$requirements")
  local stamp="$venv/.lock.sha256"
  local want
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "deps: installing $lock into $venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv --clear "$venv"
    local started=$SECONDS
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    echo "$want" > "$stamp"
    echo "deps: $venv ready in $((SECONDS - started)) s"
  fi
}

[ "$part" = --python ] || install_debian_packages
if [ "$part" != --system ]; then
  envs=${SROOTER_PYTHON_ENVS:-.build}
  install_locked "$envs/venv" Tests/InteropTests/requirements.txt
  install_locked "$envs/aider-venv" Tests/InteropTests/aider-requirements.txt
fi
