#!/usr/bin/env bash
# Installs what building and testing srooter needs, and does nothing when all of it is there:
# Debian packages (C libraries, pkg-config, minisign for interop tests, openssl for a test certificate) and a Python virtual
# environment for the interop checks (under .build/, from Tests/InteropTests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libsodium-dev libarchive-dev libsqlite3-dev pkg-config minisign openssl universal-ctags)
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

venv=".build/venv"
requirements="Tests/InteropTests/requirements.txt"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "deps: preparing the Python environment for interop tests in $venv"
  mkdir -p .build
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$stamp"
fi
