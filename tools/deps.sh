#!/usr/bin/env bash
# make deps: finds what the build needs and installs what is missing (Debian/Ubuntu, with apt-get),
# or prints the exact command to run. Needed: GoogleTest, the stb headers, a TrueType font (DejaVu
# Sans; figures fall back to a built-in bitmap font without it), and Debian's dataset-fashion-mnist
# (chapter 14's images; its program says how to install it when missing, or takes --data DIR).
# With BENCH=1 also Google Benchmark.
# With OPTIONAL=1 (an explicit `make deps`, and `make watch`) also inotify-tools, for `make watch`:
# installed if that can be done without asking, never an error (watch polls without it).
set -u
CXX=${CXX:-g++}

have_header() { echo "#include <$1>" | $CXX -std=c++20 -x c++ -E - >/dev/null 2>&1; }
have_font() {
  for f in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/TTF/DejaVuSans.ttf \
           /usr/share/fonts/dejavu/DejaVuSans.ttf /Library/Fonts/DejaVuSans.ttf \
           /opt/homebrew/share/fonts/DejaVuSans.ttf "${COURSE_FONT:-/nonexistent}"; do
    [ -f "$f" ] && return 0
  done
  return 1
}

missing=()
have_header gtest/gtest.h || missing+=(libgtest-dev)
have_header stb/stb_image_write.h || missing+=(libstb-dev)
have_font || missing+=(fonts-dejavu-core)
# Chapter 14 reads Fashion-MNIST from the package's folder (or from --data DIR, which no check can see).
if command -v apt-get >/dev/null 2>&1 && [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  missing+=(dataset-fashion-mnist)
fi
if [ "${BENCH:-0}" = 1 ]; then have_header benchmark/benchmark.h || missing+=(libbenchmark-dev); fi

# Installs the optional packages when root or passwordless sudo can, quietly; reports, never fails.
install_optional() {
  [ "${OPTIONAL:-0}" = 1 ] && ! command -v inotifywait >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || return 0
  local cmd="apt-get update -qq && apt-get install -y -q --no-install-recommends inotify-tools"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || {
      echo "Optional, for make watch (it polls every second without it): sudo apt-get install inotify-tools"
      return 0
    }
    sudo="sudo"
  fi
  echo "Installing the optional inotify-tools (for make watch)"
  $sudo env DEBIAN_FRONTEND=noninteractive bash -c "$cmd" >/tmp/course-deps-optional.log 2>&1 ||
    echo "make deps: could not install inotify-tools (/tmp/course-deps-optional.log); make watch will poll instead"
  return 0
}

((${#missing[@]})) || { install_optional; exit 0; }

echo "The course needs: ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  cmd="apt-get update -qq && apt-get install -y -q --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "Installing them: $cmd"
    export DEBIAN_FRONTEND=noninteractive
    bash -c "$cmd" >/tmp/course-deps.log 2>&1 || { tail -n 20 /tmp/course-deps.log; echo "make deps: apt-get failed (log above)"; exit 1; }
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Installing them with sudo: $cmd"
    sudo bash -c "DEBIAN_FRONTEND=noninteractive $cmd" || exit 1
  else
    echo "Please run:  sudo bash -c '$cmd'"
    exit 1
  fi
elif command -v brew >/dev/null 2>&1; then
  echo "On macOS: brew install googletest google-benchmark; then put the stb headers where the compiler"
  echo "finds them as <stb/...>: git clone https://github.com/nothings/stb \$(brew --prefix)/include/stb"
  echo "and install DejaVu Sans (brew install --cask font-dejavu) or set COURSE_FONT to a .ttf file."
  exit 1
else
  echo "Install GoogleTest, the stb headers (as <stb/stb_image_write.h>) and DejaVu Sans with your package manager."
  exit 1
fi
# Check again: a package that installed but left the header missing should fail here, not in the build.
have_header gtest/gtest.h && have_header stb/stb_image_write.h || { echo "make deps: headers still missing after install"; exit 1; }
install_optional
echo "make deps: all installed"
