# make check: the whole contract, with warnings as errors, in its own build folder. The build runs in
# parallel (make -j); the checks run one after another so that their output reads in order.
# check-challenge is mk/challenge.mk's.
.PHONY: check check-library check-perf check-grader check-solutions check-stubs check-figures check-includes check-docs

check: deps
	+@$(SUBMAKE) $(PAR) WERROR=1 all
	+@$(SUBMAKE) WERROR=1 check-library
	+@$(SUBMAKE) WERROR=1 check-perf
	+@$(SUBMAKE) WERROR=1 check-grader
	+@$(SUBMAKE) WERROR=1 check-solutions
	+@$(SUBMAKE) WERROR=1 check-stubs
	+@$(SUBMAKE) WERROR=1 check-mutant-catalogue
	+@$(SUBMAKE) WERROR=1 check-figures
	+@$(SUBMAKE) WERROR=1 check-includes
	+@$(SUBMAKE) WERROR=1 check-docs
	+@$(SUBMAKE) WERROR=1 check-challenge
	@echo "make check: all good ($(CONFIG)-werror)"

check-library: $(OUT)/tests/common_test
	@echo "=== the shared library's tests ==="
	@$(OUT)/tests/common_test --gtest_brief=1

check-perf: $(PERF_TEST)
	@echo "=== a training step allocates nothing once it has started ==="
	@$(PERF_TEST) --gtest_brief=1

# The self-test's fixture: plain -O1 with the system's libstdc++ and GoogleTest whatever the build's
# toolchain flags (no sanitizer, no libc++), built once per build folder and in parallel, one object per
# file (it was one serial compile of the whole library on every make check).
GRADE_FIXTURE     := $(OUT)/grade-fixture/fixture_test
FIXTURE_SOURCES   := tests/tools/fixture/fixture_test.cpp tests/support/teach.cpp tests/support/test_main.cpp \
                     $(wildcard common/*.cpp)
FIXTURE_OBJECTS   := $(FIXTURE_SOURCES:%.cpp=$(OUT)/grade-fixture/%.o)
$(OUT)/grade-fixture/%.o: %.cpp
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CXX  $< (grader fixture)")
	$(Q)$(CXX) -std=c++20 -O1 -I. -MMD -MP -c $< -o $@
$(GRADE_FIXTURE): $(FIXTURE_OBJECTS)
	$(if $(Q),@echo "  LINK $@")
	$(Q)$(CXX) $^ -lgtest -pthread -o $@
-include $(FIXTURE_OBJECTS:.o=.d)

# The grader's own promise: a crash, hang or exception costs one test, and the rest are still graded.
# Its fixture is built without sanitizers: the self-test checks the exact crash wording.
# Then the failure pictures' promise, on chapter 10's real tests: an Adam whose bias correction runs one
# step ahead (1 − βᵗ⁺¹, the step counted twice) draws 10.6's trajectory picture and the scoreboard lists it; the reference
# solution draws none.
PICTURES_CHECK := $(OUT)/grade-pictures
check-grader: $(OUT)/tools/grade $(OUT)/tools/pngcheck $(GRADE_FIXTURE) $(PICTURES_CHECK)/wrong/10_optimizers_test $(OUT)/tests/sol/10_optimizers_test
	@echo "=== the grader survives crashing, hanging and throwing tests ==="
	@sh tests/tools/grade_selftest.sh $(OUT)/tools/grade $(OUT)/grade-selftest $(GRADE_FIXTURE)
	@echo "=== a failing test draws what went wrong; a passing one draws nothing ==="
	@sh tests/tools/pictures_selftest.sh $(OUT)/tools/grade $(OUT)/tools/pngcheck $(PICTURES_CHECK)/wrong \
	  $(OUT)/tests/sol $(PICTURES_CHECK)/run

# Chapter 10's tests linked with a wrong Adam: the reference with t + 1 in both bias corrections (compiled
# like a catalogued wrong version, mk/mutants.mk).
$(PICTURES_CHECK)/wrong/10_optimizers_test: solutions/10_optimizers.cpp mk/checks.mk $(OUT)/obj/tests/10_optimizers_test.o $(SUPPORT_OBJ) \
    $(links_10_optimizers) $(OUT)/flags-edit.txt $(pch_edit)
	@mkdir -p $(@D)
	@sed 's/bias_correction(beta\([12]\), state.step)/bias_correction(beta\1, state.step + 1)/' $< >$(PICTURES_CHECK)/wrong_adam.cpp
	@test "$$(grep -c 'bias_correction(beta[12], state.step + 1)' $(PICTURES_CHECK)/wrong_adam.cpp)" = 2 || \
	  { echo "check-grader: solutions/10_optimizers.cpp no longer has adam_step's two bias_correction(betaN, state.step)"; exit 1; }
	$(if $(Q),@echo "  CXX  $(PICTURES_CHECK)/wrong_adam.cpp")
	$(Q)$(MUTANT_COMPILE) $(call use_pch,edit,course) -Wno-unused-parameter -c $(PICTURES_CHECK)/wrong_adam.cpp -o $(PICTURES_CHECK)/wrong_adam.o
	$(Q)$(CXX) $(LDFLAGS) -o $@ $(OUT)/obj/tests/10_optimizers_test.o $(SUPPORT_OBJ) $(PICTURES_CHECK)/wrong_adam.o \
	  $(links_10_optimizers) $(GTEST_LIBS) $(LDLIBS)

check-solutions: $(OUT)/tools/grade $(SELECTED:%=$(OUT)/tests/sol/%_test)
	@echo "=== every chapter's tests pass on the reference solutions ==="
	@$(OUT)/tools/grade --mode=solutions --bin-dir $(OUT)/tests/sol --chapters $(SELECTED_LIST) --out $(OUT)/grade-solutions

check-stubs: $(OUT)/tools/grade $(SELECTED:%=$(OUT)/tests/ex/%_test)
	@echo "=== every exercise's tests fail on its untouched stub ==="
	@$(OUT)/tools/grade --mode=stubs --bin-dir $(OUT)/tests/ex --chapters $(SELECTED_LIST) --out $(OUT)/grade-stubs

# The plot library checks each figure's layout as it draws it (a legend over data, colliding tick
# labels, text cut off at the edge) and reports to $COURSE_FIGURE_CHECK; pngcheck fails on every one.
FIGURE_REPORT := $(OUT)/check-figures-layout.txt
check-figures: $(OUT)/tools/pngcheck $(OUT)/tools/docs $(SELECTED:%=$(OUT)/bin/sol/%)
	@echo "=== every chapter program runs in quick mode and writes valid, cleanly laid out figures ==="
	@rm -rf $(OUT)/check-figures $(FIGURE_REPORT)
	@printf '%s\n' $(SELECTED) | xargs -P $(JOBS) -I{} sh -c 'COURSE_FIGURE_CHECK=$(FIGURE_REPORT) $(OUT)/bin/sol/{} --quick \
	  --out $(OUT)/check-figures > $(OUT)/check-{}.log 2>&1 && echo "  {} ran" || { echo "{} --quick failed:"; tail -n 20 $(OUT)/check-{}.log; exit 255; }'
	@shopt -s nullglob; pngs=($(OUT)/check-figures/*.png); \
	  if (( $${#pngs[@]} )); then \
	    sh tests/tools/pngcheck_selftest.sh $(OUT)/tools/pngcheck "$${pngs[0]}" $(OUT)/pngcheck-selftest && \
	    $(OUT)/tools/pngcheck --layout $(FIGURE_REPORT) "$${pngs[@]}"; fi
	@$(OUT)/tools/docs figures --written $(OUT)/check-figures --chapters $(SELECTED_LIST)

# A chapter includes only its own and earlier chapters' headers.
check-includes:
	@echo "=== chapters include only earlier chapters ==="
	@tools/check_includes.sh

# The course's package (docs/): the generated files are current and every relative link resolves,
# including the links between docs/DERIVATIONS.md and the chapter READMEs.
check-docs: $(OUT)/tools/docs
	@echo "=== the docs are current and their links resolve ==="
	@$(OUT)/tools/docs generate --check
	@$(OUT)/tools/docs links
