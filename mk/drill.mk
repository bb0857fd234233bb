# make drill [EX=10.6 | CH=10], make drill done, make drill cancel: an exercise already passed, written
# again from memory against the clock (tools/drill.cpp says how it picks one and what it records).
#
# The drill copy .drill/NN_topic.cpp is built the way make check-mutants builds a wrong version
# (mk/mutants.mk): compiled with the exercises' flags and precompiled header, linked with chapter NN's
# tests and what its binaries link (links_NN_topic), into $(DRILL_OUT)/bin/NN_topic_test, where the
# grader finds it. The record and the copies live in .drill/, which make clean and make reset leave alone.

DRILL_DIR := .drill
DRILL     := $(OUT)/tools/drill
DRILL_OUT := $(OUT)/drill

# make check-grader tests it too (tests/tools/drill_selftest.sh, run by grade_selftest.sh).
check-grader: $(DRILL)
$(DRILL): $(patsubst %.cpp,$(OUT)/obj/%.o,$(wildcard tools/drill*.cpp) $(filter-out tools/grade.cpp,$(wildcard tools/grade*.cpp)))
	$(call link)

# `make drill done` and `make drill cancel`: the second word is the drill's action, not a target.
ifneq ($(filter drill,$(MAKECMDGOALS)),)
  DRILL_ACTION := $(filter-out drill,$(MAKECMDGOALS))
  ifneq ($(filter-out done cancel,$(DRILL_ACTION))$(word 2,$(DRILL_ACTION)),)
    $(error make drill takes done or cancel after it, not '$(DRILL_ACTION)': make drill [EX=10.6 | CH=10], make drill done, make drill cancel)
  endif
  ifneq ($(DRILL_ACTION),)
    $(DRILL_ACTION): drill ; @:
  endif
endif

.PHONY: drill drill-guard
drill: deps $(DRILL)
	@$(DRILL) $(or $(DRILL_ACTION),start) --dir $(DRILL_DIR) --out build/drill \
	  $(if $(EX),--exercise $(EX),$(if $(CH),--chapters $(SELECTED_LIST))) \
	  --bin-dir $(OUT)/tests/ex --build '$(SUBMAKE) -j$(JOBS) -k $(OUT)/tests/ex/{}_test' \
	  $(if $(word 2,$(SELECTED)),--prepare '$(SUBMAKE) -j$(JOBS) -k $(LIBCOURSE) $(SUPPORT_OBJ)') \
	  --drill-bin-dir $(DRILL_OUT)/bin --drill-build '$(SUBMAKE) -j$(JOBS) -k $(DRILL_OUT)/bin/{}_test'

# While exercise EX is being drilled, make hint and make solution refuse it. A student who has never
# drilled (no record) pays nothing for the check, not even the drill tool's build.
DRILLING := $(and $(EX),$(wildcard $(DRILL_DIR)/record.tsv))
hint solution: drill-guard
drill-guard: $(if $(DRILLING),$(DRILL))
	@$(if $(DRILLING),$(DRILL) guard $(EX) --dir $(DRILL_DIR) --for 'make $(firstword $(filter hint solution,$(MAKECMDGOALS)))')

.SECONDEXPANSION:
$(DRILL_OUT)/%.o: $(DRILL_DIR)/%.cpp $(OUT)/flags-edit.txt $(pch_edit)
	@mkdir -p $(@D)
	@rm -f $(DRILL_OUT)/bin/$*_test
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE_EDIT) $(call use_pch,edit,course) -Wno-unused-parameter -c $< -o $@

$(DRILL_OUT)/bin/%_test: $(OUT)/obj/tests/%_test.o $(SUPPORT_OBJ) $(DRILL_OUT)/%.o $$(links_$$*)
	$(call link,$(GTEST_LIBS))
