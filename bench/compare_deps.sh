#!/usr/bin/env bash
# make bench-compare only: numpy, PyTorch and OpenBLAS from the distribution's packages, which the
# course itself never needs. Without OpenBLAS, Debian's numpy and PyTorch call the reference BLAS, a
# plain loop nest: comparing with that would flatter the course. PyTorch missing is not fatal (the
# comparison then covers numpy only); numpy missing is.
set -u
PYTHON=${PYTHON:-/usr/bin/python3}
missing=()
"$PYTHON" -c "import numpy" 2>/dev/null || missing+=(python3-numpy)
"$PYTHON" -c "import torch" 2>/dev/null || missing+=(python3-torch)
ls /usr/lib/*/openblas-pthread/libblas.so.3 >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
((${#missing[@]})) || exit 0
cmd="apt-get update -qq && apt-get install -y -q --no-install-recommends ${missing[*]}"
echo "bench-compare needs: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive bash -c "$cmd" >/tmp/course-bench-deps.log 2>&1 || tail -n 5 /tmp/course-bench-deps.log
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo bash -c "DEBIAN_FRONTEND=noninteractive $cmd" || true
else
  echo "Please run:  sudo bash -c '$cmd'"
fi
"$PYTHON" -c "import numpy" 2>/dev/null || { echo "bench-compare: numpy is missing ($PYTHON); install python3-numpy"; exit 1; }
"$PYTHON" -c "import torch" 2>/dev/null || echo "bench-compare: PyTorch is not installable here; comparing with numpy only"
exit 0
