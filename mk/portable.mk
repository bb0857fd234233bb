# The course on the machines students own, proved on this one (docs/QUICK_START.md lists the systems):
#
#   make check-portable   both of these, one after the other:
#   make check-libc++     1. the whole `make check` with clang++ and libc++, the pairing of Apple's
#                            toolchain on macOS (GoogleTest built here against libc++ from Debian's
#                            googletest sources: the libstdc++ build cannot link with it); with
#                            SANITIZE=1 under AddressSanitizer and UndefinedBehaviorSanitizer (what CI
#                            runs: one build proves clang, libc++ and the sanitizers at once);
#   make check-x86-64     2. a plain x86-64 build without AVX (ARCH=-march=x86-64, the SSE2 of 2003): the
#                            library's tests pass and the quick figures are byte for byte those of the
#                            native build (run make check first), so the matrix kernel's narrow fallback
#                            computes the same numbers all through training (a stronger check than the
#                            chapters' tests, whose tolerances would let a reordered sum pass, and half
#                            the build: the chapters' test files are not compiled again)
#   make check-aarch64    the tests on arm64, cross-compiled with Debian's aarch64 toolchain and run under
#                         qemu-user (about 20 minutes on two cores, so not in CI; when either is
#                         missing it prints the apt-get line that installs them)
.PHONY: check-portable check-libc++ check-x86-64 check-aarch64

GTEST_SRC ?= /usr/src/googletest/googletest
build/gtest-libc++/libgtest.a:
	@test -f $(GTEST_SRC)/src/gtest-all.cc || { echo "check-portable: needs Debian's googletest sources: sudo apt-get install googletest libc++-dev libc++abi-dev"; exit 2; }
	@mkdir -p $(@D)
	@echo "  CXX  GoogleTest against libc++"
	$(Q)clang++ -std=c++20 -stdlib=libc++ -O1 -isystem $(GTEST_SRC)/include -I$(GTEST_SRC) -c $(GTEST_SRC)/src/gtest-all.cc -o $(@D)/gtest-all.o
	$(Q)rm -f $@ && ar rcs $@ $(@D)/gtest-all.o

# Figure 04's lower panels plot measured wall time ("varies per run"): no two runs draw them alike.
MEASURED_FIGURES := 04_all_methods_comparison.png
NATIVE_FIGURES   := build/$(notdir $(firstword $(CXX)))-werror/check-figures
PLAIN_FIGURES    := build/$(notdir $(firstword $(CXX)))-x86-64-werror/check-figures
check-portable: deps
	+@$(SUBMAKE) check-libc++
	+@$(SUBMAKE) check-x86-64

check-libc++: deps build/gtest-libc++/libgtest.a
	@echo "=== make check with clang++ and libc++ (as on macOS)$(if $(filter 1,$(SANITIZE)), under the sanitizers) ==="
	+@$(SUBMAKE) check CXX=clang++ STDLIB=libc++

check-x86-64: deps
	@echo "=== a plain x86-64 without AVX: the library's tests pass, the figures are the native build's ==="
	+@$(SUBMAKE) $(PAR) WERROR=1 ARCH=-march=x86-64 check-library check-figures
	@if [ -d $(NATIVE_FIGURES) ]; then \
	  differ=0; for f in $(NATIVE_FIGURES)/*.png; do n=$$(basename $$f); \
	    case " $(MEASURED_FIGURES) " in *" $$n "*) continue;; esac; \
	    cmp -s $$f $(PLAIN_FIGURES)/$$n || { echo "  $$n differs between $(ARCH) and -march=x86-64"; differ=1; }; done; \
	  [ $$differ = 0 ] && echo "  the quick figures of -march=x86-64 and $(ARCH) are byte-identical (but $(MEASURED_FIGURES), which plots wall time)"; \
	  exit $$differ; \
	else echo "  (no native check-figures to compare with: run make check first)"; fi

# arm64: Debian's cross compiler, GoogleTest cross-built from its sources, the stb and gtest headers
# (architecture-independent) seen through a folder of links, and every test binary run under qemu.
AARCH64_CXX ?= aarch64-linux-gnu-g++
AARCH64_OUT := build/aarch64
check-aarch64: deps
	@command -v $(AARCH64_CXX) >/dev/null && command -v qemu-aarch64 >/dev/null || { \
	  echo "check-aarch64 needs: sudo apt-get install g++-aarch64-linux-gnu qemu-user googletest"; exit 2; }
	@mkdir -p $(AARCH64_OUT)/include $(AARCH64_OUT)/gtest
	@ln -sfn /usr/include/stb $(AARCH64_OUT)/include/stb; ln -sfn /usr/include/gtest $(AARCH64_OUT)/include/gtest
	@test -f $(AARCH64_OUT)/gtest/libgtest.a || { echo "  CXX  GoogleTest for aarch64"; \
	  $(AARCH64_CXX) -std=c++20 -O1 -isystem $(GTEST_SRC)/include -I$(GTEST_SRC) -c $(GTEST_SRC)/src/gtest-all.cc \
	    -o $(AARCH64_OUT)/gtest/gtest-all.o && ar rcs $(AARCH64_OUT)/gtest/libgtest.a $(AARCH64_OUT)/gtest/gtest-all.o; }
	+@$(SUBMAKE) $(PAR) CXX=$(AARCH64_CXX) ARCH= STB_DIR=$(AARCH64_OUT)/include LDFLAGS=-L$(AARCH64_OUT)/gtest \
	  OUT=$(AARCH64_OUT)/out $(AARCH64_OUT)/out/tests/common_test $(SELECTED:%=$(AARCH64_OUT)/out/tests/sol/%_test)
	@failed=0; for t in $(AARCH64_OUT)/out/tests/common_test $(SELECTED:%=$(AARCH64_OUT)/out/tests/sol/%_test); do \
	  if QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 $$t --gtest_brief=1 >$$t.log 2>&1; then \
	    echo "  $$(basename $$t): $$(grep -o '[0-9]* tests from' $$t.log | head -1 | cut -d' ' -f1) tests pass on aarch64"; \
	  else echo "  $$(basename $$t) FAILS on aarch64: $$t.log"; tail -n 15 $$t.log; failed=1; fi; done; exit $$failed
