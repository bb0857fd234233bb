# make challenge: the open challenges, one per part of the course (common/challenge.hpp), on the
# student's configurations exercises/challenge_<part>.conf; tools/challenge runs them, each in a process
# of its own with a time limit, prints the table and writes build/challenge/results.tsv (which the
# autograder turns into results.json's leaderboard: docs/INSTRUCTOR_GUIDE.md).
#
# A challenge is a program of its home chapter (chapters/NN_topic/challenge_main.cpp; the rest of its
# code is the chapter's given code) linked like that chapter's binaries (links_NN_topic), except that
# the chapters whose exercises it runs come from exercises/ (challenge/ex/, make challenge) or from
# solutions/ (challenge/sol/: the reference's, which make check-challenge holds to the score recorded
# in the challenge's definition). Its home is the last of those chapters, so it is there as soon as the
# student has done them, and it includes only chapters up to its own (make check-includes).
#
#   make challenge [CH=11]           the challenges whose home chapter is selected (default: all three)
#   make challenge SOLUTIONS=1       the same configurations on the reference solutions
#   make check-challenge             the reference's scores, determinism, the budgets, crash isolation

CHALLENGE_IDS := part1 part2 part3
challenge_home_part1 := 04_gradient_descent
challenge_runs_part1 := 02_random_search 03_hill_climbing 04_gradient_descent
challenge_home_part2 := 11_learning_rate_schedules
challenge_runs_part2 := 10_optimizers 11_learning_rate_schedules
challenge_home_part3 := 15_second_order
challenge_runs_part3 := 15_second_order

CHALLENGES := $(foreach id,$(CHALLENGE_IDS),$(if $(filter $(challenge_home_$(id)),$(SELECTED)),$(id)))
# The student's challenge programs that link chapter $(1)'s exercises (removed when that file is
# recompiled, so that a file that no longer compiles leaves no stale program to score).
challenges_running = $(foreach id,$(CHALLENGE_IDS),$(if $(filter $(1),$(challenge_runs_$(id))),$(OUT)/challenge/ex/$(id)))

# $(1) the challenge, $(2) ex or sol, $(3) where the objects of the chapters it runs come from.
define challenge_rules
$(OUT)/challenge/$(2)/$(1): $(OUT)/obj/chapters/$(challenge_home_$(1))/challenge_main.o \
    $(foreach ch,$(challenge_runs_$(1)),$(OUT)/obj/$(3)/$(ch).o) \
    $(filter-out $(foreach ch,$(challenge_runs_$(1)),$(OUT)/obj/$(SOLUTIONS_DIR)/$(ch).o),$(links_$(challenge_home_$(1))))
	$$(call link)
endef
$(foreach id,$(CHALLENGE_IDS),$(eval $(call challenge_rules,$(id),ex,exercises))$(eval $(call challenge_rules,$(id),sol,$(SOLUTIONS_DIR))))

# The grader's code without its main (for run_process and the reports' formats), as make drill's tool.
$(OUT)/tools/challenge: $(patsubst %.cpp,$(OUT)/obj/%.o,tools/challenge.cpp $(filter-out tools/grade.cpp,$(wildcard tools/grade*.cpp)))
	$(call link)

.PHONY: challenge check-challenge
CHALLENGE_MODE    := $(if $(SOLUTIONS),sol,ex)
CHALLENGE_CONFIGS ?= exercises
CHALLENGE_OUT     ?= build/challenge
challenge: deps $(OUT)/tools/challenge
	@$(OUT)/tools/challenge --challenges '$(subst $(space),$(comma),$(strip $(CHALLENGES)))' \
	  --bin-dir $(OUT)/challenge/$(CHALLENGE_MODE) --config-dir $(CHALLENGE_CONFIGS) --out $(CHALLENGE_OUT) \
	  --build '$(SUBMAKE) -j$(JOBS) -k $(OUT)/challenge/$(CHALLENGE_MODE)/{}' $(CHALLENGE_FLAGS)

# The tests of the harness (config errors, determinism, budgets; tests/challenge/) against the
# solutions, then tools/challenge on the reference programs: their default configurations reproduce
# the recorded scores byte for byte, twice, and a program that crashes, hangs or is misconfigured
# scores nothing and says why (tests/tools/challenge_selftest.sh).
CHALLENGE_TEST := $(OUT)/tests/challenge_test
$(CHALLENGE_TEST): $(patsubst %.cpp,$(OUT)/obj/%.o,$(sort $(wildcard tests/challenge/*.cpp))) $(SUPPORT_OBJ) \
                   $(OUT)/obj/$(SOLUTIONS_DIR)/15_second_order.o $(links_15_second_order)
	$(call link,$(GTEST_LIBS))

check-challenge: $(OUT)/tools/challenge $(CHALLENGE_TEST) $(CHALLENGE_IDS:%=$(OUT)/challenge/sol/%) $(OUT)/tools/grade \
                 $(OUT)/tests/sol/01_loss_landscape_test
	@echo "=== the challenges: the reference's scores, determinism, budgets, crashes, the leaderboard ==="
	@$(CHALLENGE_TEST) --gtest_brief=1
	@sh tests/tools/challenge_selftest.sh $(OUT)/tools/challenge $(OUT)/challenge/sol $(OUT)/challenge-selftest \
	  $(OUT)/tools/grade $(OUT)/tests/sol
