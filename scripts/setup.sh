#!/usr/bin/env bash
# Fresh Debian 12 machine -> dependencies installed, skintwin built, one example run end to end.
# Run as root (or with sudo available). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git
  libfmt-dev libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libhdf5-dev
  liblapack-dev
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "==> configuring and building (preset: ci)"
cmake --preset ci >/dev/null
cmake --build --preset ci

echo "==> example: skintwin punctures examples/pen_12_cheek.toml"
./build/ci/bin/skintwin punctures examples/pen_12_cheek.toml -o build/example-run
echo "==> done: the skintwin binary is build/ci/bin/skintwin; run the tests with ./scripts/test.sh"
