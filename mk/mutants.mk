# make check-mutants [CH=NN]: the catalogue of wrong versions (tests/mutants/NN_topic.md) against the
# tests. Each wrong version is the chapter's solution with one student bug patched in; it is compiled
# in place of the chapter's exercises, and the exercise's own tests must fail on it ("caught"). A
# wrong version declared "Equivalent:" must pass them instead. tools/mutants_catalogue.hpp has the
# format; docs/INSTRUCTOR_GUIDE.md says how to add one.
#
# The wrong versions run in parallel (make -j), each in its own folder under $(MUTANTS_DIR):
# NN_topic/KK/solution.cpp (written by `mutants write` only when it changed, so a second run redoes
# only what changed: a new entry, a changed test, a changed solution), its build.log, grade.log and
# the verdict: killed, survived, or broken (did not compile or link: an entry to mend).

MUTANTS_DIR := $(OUT)/mutants
MUTANTS     := $(OUT)/tools/mutants
# A wrong version compiles with the exercises' flags and precompiled header, but a warning is not an
# error (a dropped statement leaves a variable unused: still a bug the tests must catch) and no debug
# information is written (a third of the compile time; the PCH built with -g serves without it). So
# `make check-mutants WERROR=1` reuses the objects of `make check`.
MUTANT_COMPILE = $(filter-out -g -Werror,$(COMPILE_EDIT))

# Every catalogue parses and applies to its solution, with at least two wrong versions per exercise
# that the tests must catch. Fast (nothing is compiled), so plain `make check` runs it.
check-mutant-catalogue: $(MUTANTS)
	@echo "=== the catalogue of student bugs applies to the solutions ==="
	@$(MUTANTS) lint --chapters $(SELECTED_LIST)

check-mutants: deps $(MUTANTS) $(OUT)/tools/grade
	@echo "=== every catalogued student bug fails its exercise's tests ==="
	@$(MUTANTS) lint --min 0 --chapters $(SELECTED_LIST)
	@$(MUTANTS) write --chapters $(SELECTED_LIST) --out $(MUTANTS_DIR)
	+@$(SUBMAKE) $(PAR) -k mutant-verdicts MUTANT_VERDICTS="$$(tr '\n' ' ' <$(MUTANTS_DIR)/targets)" || true
	@$(MUTANTS) report --chapters $(SELECTED_LIST) --dir $(MUTANTS_DIR); status=$$?; \
	  $(MUTANTS) lint --chapters $(SELECTED_LIST) >/dev/null || status=1; exit $$status

.PHONY: check-mutants check-mutant-catalogue mutant-verdicts
mutant-verdicts: $(MUTANT_VERDICTS)

# One wrong version: compile it as the chapter's exercises, link the chapter's tests with it, grade
# the exercise it belongs to. The grader's exit status says it all: 0 every test passed (survived),
# 1 a test failed, crashed or hung (killed).
mutant_chapter = $(firstword $(subst /, ,$(patsubst $(MUTANTS_DIR)/%,%,$(1))))
.SECONDEXPANSION:
$(MUTANTS_DIR)/%/verdict: $(MUTANTS_DIR)/%/solution.cpp $(MUTANTS_DIR)/%/id $(OUT)/tools/grade $(SUPPORT_OBJ) \
    $$(OUT)/obj/tests/$$(call mutant_chapter,$$@)_test.o $$(links_$$(call mutant_chapter,$$@)) $(OUT)/flags-edit.txt $(pch_edit)
	@d=$(@D); ch=$(call mutant_chapter,$@); id=$$(cat $$d/id); rm -rf $$d/bin $$d/grade; mkdir -p $$d/bin; \
	if ! $(MUTANT_COMPILE) $(call use_pch,edit,course) -Wno-unused-parameter -c $$d/solution.cpp -o $$d/solution.o >$$d/build.log 2>&1; then \
	  echo "broken: it does not compile" >$@; echo "  $$id $*: does not compile"; exit 0; fi; \
	if ! $(CXX) $(LDFLAGS) -o $$d/bin/$${ch}_test $(OUT)/obj/tests/$${ch}_test.o $(SUPPORT_OBJ) $$d/solution.o \
	    $(links_$(call mutant_chapter,$@)) $(GTEST_LIBS) $(LDLIBS) >>$$d/build.log 2>&1; then \
	  echo "broken: it does not link" >$@; echo "  $$id $*: does not link"; exit 0; fi; \
	$(OUT)/tools/grade --mode=student --bin-dir $$d/bin --exercise $$id --out $$d/grade --test-timeout 10 \
	  --chapter-timeout 60 >$$d/grade.log 2>&1; status=$$?; \
	rm -f $$d/bin/$${ch}_test $$d/solution.o $$d/solution.d; \
	case $$status in 0) echo survived >$@;; 1) echo killed >$@;; *) echo "broken: the grader stopped ($$status)" >$@;; esac; \
	echo "  $$id $*: $$(cat $@)"
