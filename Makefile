# The course's one build entry point. Plain GNU make, out-of-tree build in build/.
#
# The student loop:
#   make progress         one line per chapter (exercises done, points) and the next exercise to do
#   make test [CH=04]     grade your exercises: a scoreboard, build/grade/results.json, junit.xml, and
#                         pictures of what went wrong in build/grade/failures/ (listed at the end)
#   make test EX=10.6     grade one exercise (exit status 1 until it passes; at a terminal only with STRICT=1)
#   make hint EX=10.6     what the exercise asks and its first hint; LEVEL=2, LEVEL=3 for the next ones
#   make watch [CH=10]    grade again each time you save a file under exercises/ (Ctrl-C leaves)
#   make reset EX=10.6    put that exercise's stub back (asks first, keeps a backup; YES=1 skips asking)
#   make solution EX=10.6 the reference code of an exercise, once yours passes
#   make drill [EX=10.6]  write a passed exercise again from memory, timed; make drill done grades it
#   make challenge        the open challenges (extra credit): your exercises/challenge_part*.conf scored
#                         against the reference [CH=11 for one part]
#   make run CH=04 ARGS="--lr 0.1" [SOLUTIONS=1]    run one chapter program
#
# For everyone:
#   make figures          run every chapter on the reference solutions, write figures/
#   make check            what CI runs: warnings are errors, solutions pass, stubs fail, figures valid,
#                         chapters include only earlier chapters, the bug catalogue applies, the
#                         challenges' reference scores hold (make check-challenge)
#   make deps             install what is missing (Debian/Ubuntu, Fedora, Arch, macOS), or print the command
#   make gallery          figures/index.html: every figure with its caption and chapter (runs figures if none)
#   make docs             regenerate docs/EXERCISES.md and INDEX's chapter table; link READMEs to their derivations
#   make check-mutants    every catalogued student bug (tests/mutants/) fails its exercise's tests [CH=NN]
#   make autograder       build/autograder.zip for Gradescope [CH=10 or CH=10-12] (docs/INSTRUCTOR_GUIDE.md)
#   make check-autograder unpack that zip into a fake /autograder and grade the stubs (0) and solutions (all)
#   make student-release  build/student-release/: the course without solutions/, for a class
#   make bench            Google Benchmark programs (BENCH_ARGS="--benchmark_filter=MatMul")
#   make bench-loop       the student's loop timed on fresh clones (first build, edit-to-grade, figures)
#   make bench-compare    the seed's run and the ch14/ch18 epochs against numpy and PyTorch (installs them)
#   make check-portable   the build with libc++ (as on macOS) and for a plain x86-64 without AVX
#                         (make check-libc++ [SANITIZE=1], make check-x86-64: one each, as CI runs them)
#
# Overrides: CXX=clang++, CXXFLAGS="-O0 -g", SANITIZE=1 (AddressSanitizer + UBSan), ARCH=-march=x86-64,
# PCH=0, V=1 (show commands); mk/config.mk explains them. Each combination of compiler and checks
# builds into its own folder under build/, so switching between them never mixes objects.

.DEFAULT_GOAL := help
SHELL := /bin/bash
include mk/config.mk
include mk/build.mk

ifeq ($(SOLUTIONS_DIR),exercises)
  ifneq ($(filter figures gallery check check-% solution autograder student-release bench%,$(MAKECMDGOALS)),)
    $(error This is a student release, without solutions/: `make $(MAKECMDGOALS)` needs the reference solutions. Here       make test, make progress, make hint, make watch and make run CH=NN work, each on your own code)
  endif
endif

# EX=10.6 names one exercise, and with it its chapter; CH=4, 04 or 04_gradient_descent a chapter,
# CH=10-12 or CH=10,12 several (an assignment of make autograder).
ifneq ($(EX),)
  override CH := $(firstword $(subst ., ,$(EX)))
endif
CH_NUMBERS := $(if $(CH),$(shell echo '$(CH)' | tr ', ' '\n\n' | awk -F- '/^[0-9]+-[0-9]+$$/ { for (k = $$1; k <= $$2; ++k) \
                printf "%02d\n", k; next } /^[0-9]+$$/ { printf "%02d\n", $$1; next } { print }'))
SELECTED := $(if $(CH),$(foreach n,$(CH_NUMBERS),$(filter $(firstword $(subst _, ,$(n)))_%,$(CHAPTERS))),$(CHAPTERS))
ifneq ($(CH),)
  ifeq ($(strip $(SELECTED)),)
    $(error CH=$(CH) names no chapter of this course: CH takes 1 to $(words $(CHAPTERS)), e.g. CH=4 or CH=10-12)
  endif
endif
comma := ,
space := $(subst ,, )
SELECTED_LIST = $(subst $(space),$(comma),$(strip $(SELECTED)))

# The builds that the contract targets start run in parallel on every core unless make -j was given.
JOBS ?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
PAR  := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS))
SUBMAKE = $(MAKE) --no-print-directory

.PHONY: help all deps figures test progress watch reset solution run hint clean compile_commands.json

help:
	@awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' Makefile
	@echo "Chapters: $(CHAPTERS)"

# An explicit `make deps` (and `make watch`) also installs the optional inotify-tools when it can.
# Other targets look once per build folder, then trust the stamp (`make deps` always looks again).
deps:
	@if [ -n "$(filter deps watch,$(MAKECMDGOALS))" ] || [ ! -f $(OUT)/deps.ok ]; then \
	  $(if $(filter deps watch,$(MAKECMDGOALS)),OPTIONAL=1) tools/deps.sh && mkdir -p $(OUT) && touch $(OUT)/deps.ok; fi

# Everything, or with CH=NN the library, the tools and that chapter's four binaries.
all: $(LIBCOURSE) $(TOOLS:%=$(OUT)/tools/%) $(OUT)/tests/common_test $(PERF_TEST) \
     $(SELECTED:%=$(OUT)/bin/sol/%) $(SELECTED:%=$(OUT)/bin/ex/%) \
     $(SELECTED:%=$(OUT)/tests/sol/%_test) $(SELECTED:%=$(OUT)/tests/ex/%_test)

FIGURES_DIR ?= figures
figures: deps
	+@$(SUBMAKE) $(PAR) $(SELECTED:%=$(OUT)/bin/sol/%)
	@tools/run_figures.sh $(OUT)/bin/sol $(FIGURES_DIR) $(JOBS) $(SELECTED) -- $(ARGS)
	@echo "Figures are in $(FIGURES_DIR)/:"; ls $(FIGURES_DIR)

# Grading builds each chapter just before it grades it, so the scoreboard grows a chapter at a time
# and a chapter that does not compile shows its first error and scores zero while the rest count.
# The exit status: 0 when every graded exercise passes, 1 when one fails, 2 when grading itself broke.
# At a terminal a failing exercise is a grade to read, not a broken tool, so make then reports success
# (no "make: *** Error 1" under every scoreboard); scripts, CI and autograders (no terminal) get the 1.
# STRICT=1 asks for the 1 at a terminal too, STRICT=0 never.
GRADE_OUT := build/grade$(if $(EX),/ex-$(EX))
GRADE      = $(OUT)/tools/grade --bin-dir $(OUT)/tests/ex --chapters $(SELECTED_LIST) $(GRADE_FLAGS) \
             $(if $(word 2,$(SELECTED)),--prepare '$(SUBMAKE) -j$(JOBS) -k $(LIBCOURSE) $(SUPPORT_OBJ)') \
             --build '$(SUBMAKE) -j$(JOBS) -k $(OUT)/tests/ex/{}_test'
graded     = status=$$?; [ $$status = 0 ] || { [ $$status = 1 ] && \
             { [ "$(STRICT)" = 0 ] || { [ "$(STRICT)" != 1 ] && [ -t 1 ]; }; }; }
# Its first build is a parallel sub-make: the eight files compile two at a time (a make without -j
# would compile them one after another before the first grade). Later it is a plain prerequisite,
# which costs no second make on every `make test`.
grader: $(if $(wildcard $(OUT)/tools/grade),$(OUT)/tools/grade,grader-first-build)
grader-first-build:
	+@$(SUBMAKE) $(PAR) $(if $(Q),-s) $(OUT)/tools/grade
.PHONY: grader grader-first-build

# A failing test with a picture of what went wrong draws it into $(PICTURES) (tests/support/picture.hpp);
# the scoreboard ends with their list.
PICTURES := build/grade/failures
test: deps grader
	@mkdir -p $(GRADE_OUT); $(GRADE) --mode=student --out $(GRADE_OUT) --pictures $(PICTURES) $(if $(EX),--exercise $(EX)); $(graded)

progress: deps grader
	@mkdir -p build/grade; $(GRADE) --mode=progress --out build/grade; $(graded)

watch: deps
	@tools/watch.sh $(SUBMAKE) test

reset:
	@test -n "$(EX)" || { echo 'make reset needs an exercise id: make reset EX=10.6'; exit 2; }
	@YES="$(YES)" tools/reset.sh $(EX)

# The reference of an exercise, only once the student's own code passes it.
solution: deps grader
	@test -n "$(EX)" || { echo 'make solution needs an exercise id: make solution EX=10.6'; exit 2; }
	@mkdir -p $(GRADE_OUT)
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
	@test -n "$(CH)" -a "$(words $(SELECTED))" = 1 || { echo 'make run needs one chapter: make run CH=04 ARGS="--lr 0.1"'; exit 2; }
	+@$(SUBMAKE) $(PAR) $(OUT)/bin/$(if $(SOLUTIONS),sol,ex)/$(SELECTED)
	$(OUT)/bin/$(if $(SOLUTIONS),sol,ex)/$(SELECTED) $(ARGS)

hint: grader
	@test -n "$(EX)" || { echo 'make hint needs an exercise id: make hint EX=4.2'; exit 2; }
	@$(OUT)/tools/grade --hint $(EX) $(if $(LEVEL),--level $(LEVEL)) --chapters-dir chapters

include mk/checks.mk
include mk/mutants.mk
include mk/drill.mk
include mk/challenge.mk
include mk/extras.mk
include mk/portable.mk

compile_commands.json:
	@command -v bear >/dev/null || { echo "bear is not installed (compile_flags.txt already serves clangd)"; exit 2; }
	bear --output compile_commands.json -- $(SUBMAKE) -B all

clean:
	rm -rf build
