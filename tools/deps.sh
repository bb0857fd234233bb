#!/usr/bin/env bash
# make deps: finds what the build needs and installs what is missing, or prints the exact commands.
# Needed: GoogleTest, the stb headers (as <stb/stb_image_write.h>), a TrueType font (DejaVu Sans;
# figures fall back to a built-in bitmap font without it), and Fashion-MNIST for chapter 14 (its
# program says how to get it when missing, or takes --data DIR). With BENCH=1 also Google Benchmark.
# With OPTIONAL=1 (an explicit `make deps`, and `make watch`) also inotify-tools, for `make watch`:
# installed if that can be done without asking, never an error (watch polls without it).
#
# Systems: Debian and Ubuntu (apt-get, also under WSL on Windows), Fedora (dnf), Arch (pacman) and
# macOS (Homebrew). Where a system has no package for the stb headers, they come from a clone of
# stb's repository into a folder that `make STB_DIR=...` names (docs/QUICK_START.md).
set -u
CXX=${CXX:-g++}

have_header() { echo "#include <$1>" | $CXX -std=c++20 -x c++ -E ${STB_DIR:+-isystem "$STB_DIR"} ${BREW_INCLUDE:+-isystem "$BREW_INCLUDE"} - >/dev/null 2>&1; }
have_font() {
  for f in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/TTF/DejaVuSans.ttf \
           /usr/share/fonts/dejavu/DejaVuSans.ttf /usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf \
           /Library/Fonts/DejaVuSans.ttf "$HOME/Library/Fonts/DejaVuSans.ttf" \
           /opt/homebrew/share/fonts/DejaVuSans.ttf "${COURSE_FONT:-/nonexistent}"; do
    [ -f "$f" ] && return 0
  done
  return 1
}

# The system, and its names for what the course needs: gtest stb font benchmark inotify.
system=unknown
if [ "$(uname -s 2>/dev/null)" = Darwin ]; then
  system=macos
elif [ -r /etc/os-release ]; then
  . /etc/os-release
  case " ${ID:-} ${ID_LIKE:-} " in
    *" debian "*|*" ubuntu "*) system=debian ;;
    *" fedora "*|*" rhel "*) system=fedora ;;
    *" arch "*) system=arch ;;
  esac
fi
case $system in
  debian) gtest=libgtest-dev stb=libstb-dev font=fonts-dejavu-core bench=libbenchmark-dev inotify=inotify-tools
          install="apt-get update -qq && apt-get install -y -q --no-install-recommends" ;;
  fedora) gtest=gtest-devel stb="" font=dejavu-sans-fonts bench=google-benchmark-devel inotify=inotify-tools
          install="dnf install -y" ;;
  arch)   gtest=gtest stb="" font=ttf-dejavu bench=benchmark inotify=inotify-tools
          install="pacman -S --needed --noconfirm" ;;
  macos)  gtest=googletest stb="" font=font-dejavu bench=google-benchmark inotify=""
          BREW_INCLUDE=$(brew --prefix 2>/dev/null)/include; install="brew install" ;;
esac

missing=() manual=()
have_header gtest/gtest.h || missing+=("${gtest:-GoogleTest}")
if ! have_header stb/stb_image_write.h; then
  if [ -n "${stb:-}" ]; then missing+=("$stb"); else manual+=(stb); fi
fi
have_font || missing+=("${font:-DejaVu Sans}")
# Chapter 14 reads Fashion-MNIST from Debian's package folder (or from --data DIR, which no check can see).
if [ "$system" = debian ] && [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  missing+=(dataset-fashion-mnist)
fi
if [ "${BENCH:-0}" = 1 ]; then have_header benchmark/benchmark.h || missing+=("${bench:-Google Benchmark}"); fi

stb_instructions() {
  echo "The stb headers have no package here. Clone them once and point the build at them:"
  echo "  git clone --depth 1 https://github.com/nothings/stb ~/stb-src && mkdir -p ~/stb/stb && cp ~/stb-src/*.h ~/stb/stb/"
  echo "  then build with STB_DIR=\$HOME/stb, e.g. make test STB_DIR=\$HOME/stb (or export STB_DIR=\$HOME/stb)"
}

# Runs a command as root: directly, with passwordless sudo, or not at all (returns 1).
as_root() {
  if [ "$system" = macos ] || [ "$(id -u)" = 0 ]; then bash -c "$1"; return; fi
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 2
  sudo bash -c "$1"
}

# Installs the optional packages when that needs no question; reports, never fails.
install_optional() {
  [ "${OPTIONAL:-0}" = 1 ] && [ -n "${inotify:-}" ] && ! command -v inotifywait >/dev/null 2>&1 || return 0
  echo "Installing the optional $inotify (for make watch; it polls every second without it)"
  as_root "DEBIAN_FRONTEND=noninteractive $install $inotify" >/tmp/course-deps-optional.log 2>&1 ||
    echo "make deps: $inotify not installed (sudo $install $inotify); make watch will poll instead"
  return 0
}

if ((${#missing[@]} == 0 && ${#manual[@]} == 0)); then install_optional; exit 0; fi

if [ "$system" = unknown ]; then
  echo "The course needs: ${missing[*]} ${manual[*]}"
  echo "Install GoogleTest, the stb headers (as <stb/stb_image_write.h>) and DejaVu Sans with your package manager."
  exit 1
fi
if ((${#missing[@]})); then
  cmd="$install ${missing[*]}"
  [ "$system" = macos ] && [[ " ${missing[*]} " == *" font-dejavu "* ]] &&
    cmd="$install ${missing[*]/font-dejavu/} && brew install --cask font-dejavu"
  echo "The course needs: ${missing[*]}"
  echo "Installing them: $cmd"
  as_root "DEBIAN_FRONTEND=noninteractive $cmd" >/tmp/course-deps.log 2>&1
  case $? in
    0) ;;
    2) echo "Please run:  sudo bash -c '$cmd'"; exit 1 ;;
    *) tail -n 20 /tmp/course-deps.log; echo "make deps: the install failed (log above: /tmp/course-deps.log)"; exit 1 ;;
  esac
fi
if ((${#manual[@]})); then stb_instructions; exit 1; fi
# Check again: a package that installed but left the header missing should fail here, not in the build.
have_header gtest/gtest.h && have_header stb/stb_image_write.h || { echo "make deps: headers still missing after install"; exit 1; }
install_optional
echo "make deps: all installed"
