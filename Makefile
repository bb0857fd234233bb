# The course's one build entry point. Plain GNU make, out-of-tree build in build/.
#
# The student loop:
#   make progress         one line per chapter (exercises done, points) and the next exercise to do
#   make test [CH=04]     grade your exercises: a scoreboard, build/grade/results.json, junit.xml
#   make test EX=10.6     grade one exercise; exit status 0 when it passes
#   make hint EX=10.6     what the exercise asks and its first hint; LEVEL=2, LEVEL=3 for the next ones
#   make watch [CH=10]    grade again each time you save a file under exercises/ (Ctrl-C leaves)
#   make reset EX=10.6    put that exercise's stub back (asks first, keeps a backup; YES=1 skips asking)
#   make solution EX=10.6 the reference code of an exercise, once yours passes
#   make run CH=04 ARGS="--lr 0.1" [SOLUTIONS=1]    run one chapter program
#
# For everyone:
#   make figures          run every chapter on the reference solutions, write figures/
#   make check            what CI runs: warnings are errors, solutions pass, stubs fail, figures valid,
#                         chapters include only earlier chapters
#   make deps             install what is missing (Debian/Ubuntu), or print the command
#   make gallery          figures/index.html: every figure with its caption and chapter (runs figures if none)
#   make docs             regenerate docs/EXERCISES.md and INDEX's chapter table; link READMEs to their derivations
#   make autograder       build/autograder.zip for Gradescope (docs/INSTRUCTOR_GUIDE.md); HIDDEN=dir adds tests
#   make check-autograder unpack that zip into a fake /autograder and grade the stubs (0) and solutions (all)
#   make bench            Google Benchmark programs (BENCH_ARGS="--benchmark_filter=MatMul")
#   make bench-compare    the seed's run and the ch14/ch18 epochs against numpy and PyTorch (installs them)
#   make compile_commands.json    for clangd completion in your editor (uses bear)
#
# Overrides: CXX=clang++, CXXFLAGS="-O0 -g", SANITIZE=1 (AddressSanitizer + UBSan), V=1 (show commands).
# Each combination of compiler and flags builds into its own folder under build/, so switching between
# them never mixes objects.

.DEFAULT_GOAL := help
SHELL := /bin/bash

CXX      ?= g++
# -march=native: the vector instructions of this machine (AVX2 or AVX-512), which the matrix product's
# kernel is built around (common/matmul.cpp). -ffp-contract=off: no fusing of a·b + c into one FMA
# behind the code's back (GCC fuses across statements, clang within one), so every compiler and
# vector width computes the same, correctly rounded products and sums in the order the code says and
# prints the same digits; the cost is nil here, where multiplies and adds have pipes of their own
# (docs/PERFORMANCE.md). -fno-trapping-math: the course never reads the floating-point exception
# flags, so a comparison may run on all lanes of a vector (results are unchanged). -O3: the vectoriser
# at full strength (GCC 12 at -O2 vectorises only loops whose trip count it knows). -Wno-restrict, for
# GCC only: GCC 12 at -O3 warns about a memcpy inside std::string that cannot happen (GCC bug 105651).
CXXFLAGS ?= -O3 -march=native -ffp-contract=off -fno-trapping-math -g $(if $(findstring clang,$(CXX)),,-Wno-restrict)
CXXSTD   := -std=c++20
# -Wextra's missing-field-initializers fires on the designated-initializer option structs that the
# course uses like keyword arguments ({.lr = 0.1}); omitting a field there is the point, not a bug.
WARNINGS := -Wall -Wextra -Wno-missing-field-initializers
CPPFLAGS += -I. -MMD -MP
LDLIBS   :=
ifeq ($(SANITIZE),1)
  CXXFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  LDFLAGS  += -fsanitize=address,undefined
endif
ifeq ($(WERROR),1)
  WARNINGS += -Werror
endif
ifneq ($(V),1)
  Q := @
endif

# One output folder per configuration, e.g. build/g++, build/clang++-san, build/g++-werror.
CONFIG := $(notdir $(firstword $(CXX)))$(if $(filter 1,$(SANITIZE)),-san)$(if $(filter 1,$(WERROR)),-werror)
OUT    := build/$(CONFIG)
COMPILE = $(CXX) $(CXXSTD) $(WARNINGS) $(CXXFLAGS) $(CPPFLAGS)

# --- sources ---------------------------------------------------------------------------------------
CHAPTERS     := $(sort $(notdir $(wildcard chapters/[0-9][0-9]_*)))
COMMON_SRC   := $(sort $(wildcard common/*.cpp common/*/*.cpp))
COMMON_OBJ   := $(COMMON_SRC:%.cpp=$(OUT)/obj/%.o)
LIBCOURSE    := $(OUT)/lib/libcourse.a
SUPPORT_OBJ  := $(patsubst %.cpp,$(OUT)/obj/%.o,$(sort $(wildcard tests/support/*.cpp)))
COMMON_TESTS := $(patsubst %.cpp,$(OUT)/obj/%.o,$(sort $(wildcard tests/common/*_test.cpp)))
TOOLS        := grade pngcheck plot_gallery docs
GIVEN_OBJ    := $(patsubst %.cpp,$(OUT)/obj/%.o,$(filter-out %/main.cpp,$(sort $(wildcard chapters/*/*.cpp))))
# Given chapter code goes into an archive, so a binary links only the pieces it uses: a test binary
# does not pull in a chapter's figure-drawing helpers, and a break there cannot stop other tests linking.
LIBGIVEN     := $(OUT)/lib/libgiven.a
SOL_OBJ       = $(CHAPTERS:%=$(OUT)/obj/solutions/%.o)
ex_links      = $(OUT)/obj/exercises/$(1).o $(filter-out $(OUT)/obj/solutions/$(1).o,$(SOL_OBJ))

# EX=10.6 names one exercise, and with it its chapter.
ifneq ($(EX),)
  override CH := $(firstword $(subst ., ,$(EX)))
endif
# CH=4 or CH=04 or CH=04_gradient_descent selects chapters; empty means all.
CH_PAD   = $(if $(filter 1 2 3 4 5 6 7 8 9,$(CH)),0$(CH),$(CH))
SELECTED = $(if $(CH),$(filter $(firstword $(subst _, ,$(CH_PAD)))_%,$(CHAPTERS)),$(CHAPTERS))
comma := ,
space := $(subst ,, )
SELECTED_LIST = $(subst $(space),$(comma),$(strip $(SELECTED)))

GTEST_LIBS := -lgtest -pthread

# The builds that the contract targets start run in parallel on every core unless make -j was given.
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
PAR  := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS))

# --- compile rules -----------------------------------------------------------------------------------
# Every object depends on a stamp of the exact flags, so changing CXXFLAGS rebuilds what it must.
FLAGS_STAMP := $(OUT)/flags.txt
$(shell mkdir -p $(OUT) && echo '$(COMPILE) $(LDFLAGS)' | cmp -s - $(FLAGS_STAMP) || echo '$(COMPILE) $(LDFLAGS)' > $(FLAGS_STAMP))

$(OUT)/obj/%.o: %.cpp $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE) -c $< -o $@

# Stubs keep their named, documented parameters, which they do not use yet.
$(OUT)/obj/exercises/%.o: exercises/%.cpp $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE) -Wno-unused-parameter -c $< -o $@

$(LIBCOURSE): $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@.tmp && ar rcs $@.tmp $^ && mv $@.tmp $@

$(LIBGIVEN): $(GIVEN_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@.tmp && ar rcs $@.tmp $^ && mv $@.tmp $@

$(OUT)/tools/%: $(OUT)/obj/tools/%.o $(LIBCOURSE)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The grader is split over tools/grade*.cpp. It needs nothing of the course's library, so `make hint`
# on a fresh checkout compiles only these files.
$(OUT)/tools/grade: $(patsubst %.cpp,$(OUT)/obj/%.o,$(wildcard tools/grade*.cpp))
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The docs tool (tools/docs*.cpp) reads the exercise catalogues with the grader's own parser.
$(OUT)/tools/docs: $(patsubst %.cpp,$(OUT)/obj/%.o,tools/docs.cpp $(wildcard tools/docs_*.cpp) tools/grade_catalogue.cpp tools/grade_text.cpp)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUT)/tests/common_test: $(COMMON_TESTS) $(SUPPORT_OBJ) $(LIBCOURSE)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(GTEST_LIBS) $(LDLIBS)

# The allocation test replaces the global operator new, so it is a program of its own.
PERF_TEST := $(OUT)/tests/perf_test
$(PERF_TEST): $(OUT)/obj/tests/perf/allocation_test.o $(SUPPORT_OBJ) $(SOL_OBJ) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $(@D)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(GTEST_LIBS) $(LDLIBS)

# Per chapter: the program and the tests, each in solution mode (every chapter's solutions) and in
# exercise mode (this chapter's exercises, every other chapter's solutions).
define chapter_rules
$(OUT)/bin/sol/$(1): $(OUT)/obj/chapters/$(1)/main.o $(SOL_OBJ) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $$(@D)
	$$(if $(Q),@echo "  LINK $$@")
	$(Q)$(CXX) $(LDFLAGS) -o $$@ $$^ $(LDLIBS)
$(OUT)/bin/ex/$(1): $(OUT)/obj/chapters/$(1)/main.o $(call ex_links,$(1)) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $$(@D)
	$$(if $(Q),@echo "  LINK $$@")
	$(Q)$(CXX) $(LDFLAGS) -o $$@ $$^ $(LDLIBS)
$(OUT)/tests/sol/$(1)_test: $(OUT)/obj/tests/$(1)_test.o $(SUPPORT_OBJ) $(SOL_OBJ) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $$(@D)
	$$(if $(Q),@echo "  LINK $$@")
	$(Q)$(CXX) $(LDFLAGS) -o $$@ $$^ $(GTEST_LIBS) $(LDLIBS)
$(OUT)/tests/ex/$(1)_test: $(OUT)/obj/tests/$(1)_test.o $(SUPPORT_OBJ) $(call ex_links,$(1)) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $$(@D)
	$$(if $(Q),@echo "  LINK $$@")
	$(Q)$(CXX) $(LDFLAGS) -o $$@ $$^ $(GTEST_LIBS) $(LDLIBS)
endef
$(foreach ch,$(CHAPTERS),$(eval $(call chapter_rules,$(ch))))

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)

# --- the contract --------------------------------------------------------------------------------------
.PHONY: help all deps figures test progress watch reset solution check run hint bench bench-compare clean \
        compile_commands.json check-library check-perf check-grader check-solutions check-stubs check-figures \
        check-includes check-docs docs gallery autograder check-autograder

help:
	@awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' Makefile
	@echo "Chapters: $(CHAPTERS)"

# An explicit `make deps` (and `make watch`) also installs the optional inotify-tools when it can.
deps:
	@$(if $(filter deps watch,$(MAKECMDGOALS)),OPTIONAL=1) tools/deps.sh

# Everything, or with CH=NN the library, the tools and that chapter's four binaries.
all: $(LIBCOURSE) $(TOOLS:%=$(OUT)/tools/%) $(OUT)/tests/common_test $(PERF_TEST) \
     $(SELECTED:%=$(OUT)/bin/sol/%) $(SELECTED:%=$(OUT)/bin/ex/%) \
     $(SELECTED:%=$(OUT)/tests/sol/%_test) $(SELECTED:%=$(OUT)/tests/ex/%_test)

FIGURES_DIR ?= figures
figures: deps
	@$(MAKE) --no-print-directory $(PAR) $(SELECTED:%=$(OUT)/bin/sol/%)
	@set -e; for ch in $(SELECTED); do \
	  echo "=== $$ch ==="; \
	  $(OUT)/bin/sol/$$ch --out $(FIGURES_DIR) $(ARGS); \
	done
	@echo "Figures are in $(FIGURES_DIR)/:"; ls $(FIGURES_DIR)

# Grading keeps going when one chapter does not compile: that chapter scores zero, the rest count.
# A chapter that no longer compiles must not grade its old binary, so the binaries are linked afresh.
GRADE_OUT := build/grade$(if $(EX),/ex-$(EX))
GRADE     := $(OUT)/tools/grade --bin-dir $(OUT)/tests/ex --chapters $(SELECTED_LIST)
build_exercises = rm -f $(SELECTED:%=$(OUT)/tests/ex/%_test); \
	$(MAKE) --no-print-directory $(PAR) -k $(OUT)/tools/grade $(SELECTED:%=$(OUT)/tests/ex/%_test) $(1) || true; \
	test -x $(OUT)/tools/grade || { echo "The grader did not build (see above)."; exit 2; }

test: deps
	@$(call build_exercises)
	@$(GRADE) --mode=student --out $(GRADE_OUT) $(if $(EX),--exercise $(EX))

# The compiler's output goes to a log: progress prints only its table.
progress: deps
	@mkdir -p build/grade
	@$(call build_exercises,>build/grade/progress-build.log 2>&1)
	@$(GRADE) --mode=progress --out build/grade
	@if grep -qE 'error:|\*\*\*' build/grade/progress-build.log; then \
	  echo "(what the compiler said: build/grade/progress-build.log, or make test CH=NN)"; fi

watch: deps
	@tools/watch.sh $(MAKE) --no-print-directory test

reset:
	@test -n "$(EX)" || { echo 'make reset needs an exercise id: make reset EX=10.6'; exit 2; }
	@YES="$(YES)" tools/reset.sh $(EX)

# The reference of an exercise, only once the student's own code passes it.
solution: deps
	@test -n "$(EX)" || { echo 'make solution needs an exercise id: make solution EX=10.6'; exit 2; }
	@mkdir -p $(GRADE_OUT)
	@$(call build_exercises,>$(GRADE_OUT)/build.log 2>&1)
	@$(GRADE) --mode=student --out $(GRADE_OUT) --exercise $(EX) >$(GRADE_OUT)/scoreboard.txt 2>&1; status=$$?; \
	  if [ $$status = 2 ]; then cat $(GRADE_OUT)/scoreboard.txt; exit 2; fi; \
	  if [ $$status != 0 ]; then \
	    echo "make solution: exercise $(EX) does not pass on your code yet, so its reference stays hidden."; \
	    echo "make test EX=$(EX) shows what fails; make hint EX=$(EX) helps."; exit 1; fi
	@file=$$(ls solutions/$(firstword $(subst _, ,$(SELECTED)))_*.cpp) && \
	  lines=$$(tools/exercise_block.sh $$file $(EX) --lines) && \
	  echo "Exercise $(EX) passes on your code. The reference, $$file lines $${lines/ /-}:" && echo && \
	  tools/exercise_block.sh $$file $(EX)

run:
	@test -n "$(CH)" -a -n "$(SELECTED)" || { echo 'make run needs a chapter: make run CH=04 ARGS="--lr 0.1"'; exit 2; }
	@$(MAKE) --no-print-directory $(OUT)/bin/$(if $(SOLUTIONS),sol,ex)/$(SELECTED)
	$(OUT)/bin/$(if $(SOLUTIONS),sol,ex)/$(SELECTED) $(ARGS)

hint: $(OUT)/tools/grade
	@test -n "$(EX)" || { echo 'make hint needs an exercise id: make hint EX=4.2'; exit 2; }
	@$(OUT)/tools/grade --hint $(EX) $(if $(LEVEL),--level $(LEVEL)) --chapters-dir chapters

# make check: the whole contract, with warnings as errors, in its own build folder. The build runs in
# parallel (make -j); the checks run one after another so their output reads in order.
check: deps
	@$(MAKE) --no-print-directory $(PAR) WERROR=1 all
	@$(MAKE) --no-print-directory WERROR=1 check-library
	@$(MAKE) --no-print-directory WERROR=1 check-perf
	@$(MAKE) --no-print-directory WERROR=1 check-grader
	@$(MAKE) --no-print-directory WERROR=1 check-solutions
	@$(MAKE) --no-print-directory WERROR=1 check-stubs
	@$(MAKE) --no-print-directory WERROR=1 check-figures
	@$(MAKE) --no-print-directory WERROR=1 check-includes
	@$(MAKE) --no-print-directory WERROR=1 check-docs
	@echo "make check: all good ($(CONFIG)-werror)"

check-library: $(OUT)/tests/common_test
	@echo "=== the shared library's tests ==="
	@$(OUT)/tests/common_test --gtest_brief=1

check-perf: $(PERF_TEST)
	@echo "=== a training step allocates nothing once it has started ==="
	@$(PERF_TEST) --gtest_brief=1

# The grader's own promise: a crash, hang or exception costs one test, and the rest are still graded.
# Its fixture is built without sanitizers: the self-test checks the exact crash wording.
check-grader: $(OUT)/tools/grade
	@echo "=== the grader survives crashing, hanging and throwing tests ==="
	@CXX="$(CXX)" CXXFLAGS="-O1" LDFLAGS="" sh tests/tools/grade_selftest.sh $(OUT)/tools/grade $(OUT)/grade-selftest

check-solutions: $(OUT)/tools/grade $(SELECTED:%=$(OUT)/tests/sol/%_test)
	@echo "=== every chapter's tests pass on the reference solutions ==="
	@$(OUT)/tools/grade --mode=solutions --bin-dir $(OUT)/tests/sol --chapters $(SELECTED_LIST) --out $(OUT)/grade-solutions

check-stubs: $(OUT)/tools/grade $(SELECTED:%=$(OUT)/tests/ex/%_test)
	@echo "=== every exercise's tests fail on its untouched stub ==="
	@$(OUT)/tools/grade --mode=stubs --bin-dir $(OUT)/tests/ex --chapters $(SELECTED_LIST) --out $(OUT)/grade-stubs

check-figures: $(OUT)/tools/pngcheck $(OUT)/tools/docs $(SELECTED:%=$(OUT)/bin/sol/%)
	@echo "=== every chapter program runs in quick mode and writes valid figures ==="
	@rm -rf $(OUT)/check-figures
	@set -e; for ch in $(SELECTED); do \
	  $(OUT)/bin/sol/$$ch --quick --out $(OUT)/check-figures > $(OUT)/check-$$ch.log 2>&1 \
	    || { echo "$$ch --quick failed:"; tail -n 20 $(OUT)/check-$$ch.log; exit 1; }; \
	  echo "  $$ch ran"; \
	done
	@shopt -s nullglob; pngs=($(OUT)/check-figures/*.png); \
	  if (( $${#pngs[@]} )); then $(OUT)/tools/pngcheck "$${pngs[@]}"; fi
	@$(OUT)/tools/docs figures --written $(OUT)/check-figures --chapters $(SELECTED_LIST)

# Issue 13: a chapter includes only its own and earlier chapters' headers.
check-includes:
	@echo "=== chapters include only earlier chapters ==="
	@tools/check_includes.sh

# The course's package (docs/): the generated files are current and every relative link resolves,
# including the links between docs/DERIVATIONS.md and the chapter READMEs.
check-docs: $(OUT)/tools/docs
	@echo "=== the docs are current and their links resolve ==="
	@$(OUT)/tools/docs generate --check
	@$(OUT)/tools/docs links

# Also appends to a chapter README that has none the line linking it to its derivations.
docs: $(OUT)/tools/docs
	@$(OUT)/tools/docs generate
	@$(OUT)/tools/docs backlinks --write

# Every figure on one page. Draws them first when figures/ holds none.
gallery: $(OUT)/tools/docs
	@shopt -s nullglob; pngs=($(FIGURES_DIR)/*.png); (( $${#pngs[@]} )) || $(MAKE) --no-print-directory figures
	@$(OUT)/tools/docs gallery --figures $(FIGURES_DIR)
	@echo "Open $(FIGURES_DIR)/index.html in a browser."

# The Gradescope autograder (docs/INSTRUCTOR_GUIDE.md). HIDDEN=dir: dir/NN_topic_test.cpp files are
# compiled into chapter NN's tests inside the zip only.
AUTOGRADER_ZIP ?= build/autograder.zip
autograder:
	@HIDDEN="$(HIDDEN)" tools/autograder/build.sh $(AUTOGRADER_ZIP)

check-autograder: autograder
	@tools/autograder/selftest.sh $(AUTOGRADER_ZIP) build/autograder-selftest

BENCH_SRC := $(sort $(wildcard bench/*.cpp))
$(OUT)/bench/bench: $(BENCH_SRC:%.cpp=$(OUT)/obj/%.o) $(SOL_OBJ) $(LIBGIVEN) $(LIBCOURSE)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lbenchmark -pthread $(LDLIBS)

bench:
	@BENCH=1 tools/deps.sh
	@$(MAKE) --no-print-directory $(OUT)/bench/bench
	$(OUT)/bench/bench $(BENCH_ARGS)

# The seed's training run, chapter 14's MLP epoch and chapter 18's CNN epoch against numpy and PyTorch
# (bench/README.md). Installs them, with OpenBLAS,
# from the distribution's packages for this target only; COMPARE_ARGS="--rounds 9" passes flags on.
PYTHON ?= /usr/bin/python3
bench-compare:
	@BENCH=1 tools/deps.sh
	@PYTHON=$(PYTHON) bench/compare_deps.sh
	@$(MAKE) --no-print-directory $(OUT)/bench/bench
	$(PYTHON) bench/compare.py --bench $(OUT)/bench/bench $(COMPARE_ARGS)

compile_commands.json:
	@command -v bear >/dev/null || { echo "bear is not installed: sudo apt-get install bear"; exit 2; }
	bear --output compile_commands.json -- $(MAKE) --no-print-directory -B all

clean:
	rm -rf build
