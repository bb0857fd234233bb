# The build configuration: which compiler, which flags for which files, where the objects go.
#
# Flags by role. Files are compiled for what they are used for, so that the student's loop (edit an
# exercise, grade it) stays near a second while the training loops keep their speed:
#   common/ chapters/ solutions/ bench/   OPT_FAST: the matrix kernel, the training loops, the figures
#   exercises/                            OPT_EDIT: the one file a student recompiles on every save;
#                                         with debug information, for gdb
#   tests/ tools/                         OPT_TEST: GoogleTest's assertions and the grader need no -O3
# docs/PERFORMANCE.md ("The student's loop") has the measurements behind each choice. Floating-point
# results do not depend on the -O level: -ffp-contract=off keeps every product and sum as written, and
# nothing allows reassociation, so an exercise built at -O1 computes what its solution built at -O3 does.
#
# Overrides: CXX=clang++; CXXFLAGS="..." is added last to every compile (CXXFLAGS="-O0 -g" debugs
# everything); OPT_FAST=, OPT_EDIT=, OPT_TEST= replace one role's level; ARCH= builds for any processor
# of the family (ARCH=-march=x86-64 is the plain x86-64 of 2003, no AVX); SANITIZE=1 adds
# AddressSanitizer and UndefinedBehaviorSanitizer; WERROR=1 makes warnings errors; PCH=0 turns off the
# precompiled headers; V=1 shows the commands.

CXX ?= g++
CXXSTD := -std=c++20
# -Wextra's missing-field-initializers fires on the designated-initializer option structs that the
# course uses like keyword arguments ({.lr = 0.1}); omitting a field there is the point, not a bug.
WARNINGS := -Wall -Wextra -Wno-missing-field-initializers

# What the compiler is, from what it says (Apple's g++ is clang), and which -march it takes:
# -march=native, the vector instructions of this machine (AVX2 or AVX-512 on x86-64, NEON on arm64),
# which the matrix product's kernel is built around (common/matmul.cpp), or -mcpu=native (older Apple
# clang on arm64), or nothing. Asked once: the sub-makes of the grader and the checks inherit the
# answers for the same CXX.
ifneq ($(COURSE_PROBED_CXX),$(CXX))
  COMPILER_KIND := $(if $(findstring clang,$(shell $(CXX) --version 2>/dev/null | head -n 1)),clang,gcc)
  NATIVE_ARCH   := $(shell for f in -march=native -mcpu=native; do \
                     $(CXX) $$f -x c++ -fsyntax-only /dev/null >/dev/null 2>&1 && { echo $$f; break; }; done)
  export COURSE_PROBED_CXX := $(CXX)
  export COMPILER_KIND NATIVE_ARCH
endif
ARCH ?= $(NATIVE_ARCH)

# -ffp-contract=off: no fusing of a·b + c into one FMA behind the code's back (GCC fuses across
# statements, clang within one), so every compiler and vector width computes the same, correctly
# rounded products and sums in the order the code says and prints the same digits; the cost is nil
# here, where multiplies and adds have pipes of their own (docs/PERFORMANCE.md). -fno-trapping-math:
# the course never reads the floating-point exception flags, so a comparison may run on all lanes of
# a vector (results are unchanged). -Wno-restrict, for GCC only: GCC 12 at -O3 warns about a memcpy
# inside std::string that cannot happen (GCC bug 105651).
NUMERICS := -ffp-contract=off -fno-trapping-math $(if $(filter gcc,$(COMPILER_KIND)),-Wno-restrict)
# -O3: the vectoriser at full strength (GCC 12 at -O2 vectorises only loops whose trip count it knows).
# Under the sanitizers -O1, their usual level: instrumented -O3 takes twice as long to compile, and what
# the sanitizers look for (out-of-bounds access, undefined behaviour) does not depend on it.
ifeq ($(SANITIZE),1)
  OPT_FAST ?= -O1
endif
OPT_FAST ?= -O3
OPT_EDIT ?= -Og -g
OPT_TEST ?= -O1

CPPFLAGS += -I. -MMD -MP
LDLIBS   :=
SAN :=
ifeq ($(SANITIZE),1)
  SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g
  LDFLAGS  += -fsanitize=address,undefined
endif
ifeq ($(WERROR),1)
  WARNINGS += -Werror
endif
ifneq ($(V),1)
  Q := @
endif

# macOS with Homebrew: GoogleTest, Google Benchmark and the stb headers live under its prefix
# (/opt/homebrew on Apple silicon, /usr/local on Intel), which Apple's clang does not search.
ifeq ($(shell uname -s 2>/dev/null),Darwin)
  BREW_PREFIX ?= $(shell brew --prefix 2>/dev/null)
  ifneq ($(BREW_PREFIX),)
    CPPFLAGS += -isystem $(BREW_PREFIX)/include
    LDFLAGS  += -L$(BREW_PREFIX)/lib
  endif
endif
# STB_DIR=path: a folder holding stb/stb_image_write.h where no package provides it.
ifneq ($(STB_DIR),)
  CPPFLAGS += -isystem $(STB_DIR)
endif

# STDLIB=libc++: clang++ with LLVM's standard library, the pairing of Apple's toolchain on macOS.
# GoogleTest must then be built against libc++ too (a libstdc++ build cannot link): make check-portable
# builds it from Debian's googletest sources into build/gtest-libc++, or GTEST_LIB_DIR names one.
ifeq ($(STDLIB),libc++)
  STDLIB_FLAGS  := -stdlib=libc++
  GTEST_LIB_DIR ?= build/gtest-libc++
  LDFLAGS       += -stdlib=libc++ -L$(GTEST_LIB_DIR)
endif

# One output folder per configuration, e.g. build/g++, build/clang++-san, build/g++-werror,
# build/clang++-libc++, build/g++-x86-64 (an ARCH other than the native one), build/g++-generic (ARCH=).
ARCH_TAG := $(if $(filter $(strip $(NATIVE_ARCH)),$(strip $(ARCH))),,$(if $(strip $(ARCH)),-$(subst -march=,,$(subst -mcpu=,,$(firstword $(ARCH)))),-generic))
CONFIG := $(notdir $(firstword $(CXX)))$(if $(STDLIB),-$(STDLIB))$(ARCH_TAG)$(if $(filter 1,$(SANITIZE)),-san)$(if $(filter 1,$(WERROR)),-werror)
OUT    := build/$(CONFIG)

BASE_FLAGS    = $(CXXSTD) $(STDLIB_FLAGS) $(WARNINGS) $(NUMERICS) $(ARCH) $(SAN)
COMPILE_FAST  = $(CXX) $(BASE_FLAGS) $(OPT_FAST) $(CXXFLAGS) $(CPPFLAGS)
COMPILE_EDIT  = $(CXX) $(BASE_FLAGS) $(OPT_EDIT) $(CXXFLAGS) $(CPPFLAGS)
COMPILE_TEST  = $(CXX) $(BASE_FLAGS) $(OPT_TEST) $(CXXFLAGS) $(CPPFLAGS)
# For what compiles outside these rules (the grader's self-test fixture): the library's flags.
COMPILE       = $(COMPILE_FAST)

# Each role's exact flags in a stamp file, so that changing them rebuilds that role's objects and
# nothing else.
define flags_stamp
$(shell mkdir -p $(OUT) && echo '$(2) $(LDFLAGS)' | cmp -s - $(OUT)/flags-$(1).txt || echo '$(2) $(LDFLAGS)' > $(OUT)/flags-$(1).txt)
endef
$(call flags_stamp,fast,$(COMPILE_FAST))
$(call flags_stamp,edit,$(COMPILE_EDIT))
$(call flags_stamp,test,$(COMPILE_TEST))

# Precompiled headers (mk/pch/) for the exercises and the tests: g++ only, where they take a second
# off each compile of an exercise file.
# clang++ builds without them, which also proves that every file includes what it uses.
PCH ?= $(if $(filter gcc,$(COMPILER_KIND)),1,0)
pch_of = $(if $(filter 1,$(PCH)),$(OUT)/pch/$(1)/$(2).hpp.gch)
use_pch = $(if $(filter 1,$(PCH)),-include $(OUT)/pch/$(1)/$(2).hpp -Winvalid-pch)
