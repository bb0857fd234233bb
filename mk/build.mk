# How the course is built: objects by role (mk/config.mk), the library, each chapter's given code as an
# archive of its own, and per chapter four binaries: the program and the tests, each in solution mode
# (every chapter on the reference solutions) and in exercise mode (this chapter's exercises).
#
# What a chapter links. Chapter NN includes only chapters up to NN (make check-includes), so its
# binaries link its own code, the solutions of the chapters before it, the given code of NN down to 01
# (in that order, so that each archive finds what it uses in the ones after it) and the library. A
# student's first `make test CH=01` therefore compiles chapter 01 and the library, not the course.

.DELETE_ON_ERROR:

CHAPTERS     := $(sort $(notdir $(wildcard chapters/[0-9][0-9]_*)))
# The longest compile first (stb_image's implementation), so that a parallel first build does not end
# on it alone.
COMMON_SRC   := common/plot/stb_image.cpp $(filter-out common/plot/stb_image.cpp,$(sort $(wildcard common/*.cpp common/*/*.cpp)))
COMMON_OBJ   := $(COMMON_SRC:%.cpp=$(OUT)/obj/%.o)
LIBCOURSE    := $(OUT)/lib/libcourse.a
SUPPORT_OBJ  := $(patsubst %.cpp,$(OUT)/obj/%.o,$(sort $(wildcard tests/support/*.cpp)))
COMMON_TESTS := $(patsubst %.cpp,$(OUT)/obj/%.o,$(sort $(wildcard tests/common/*_test.cpp)))
TOOLS        := grade pngcheck plot_gallery docs mutants drill challenge make_example_table
# A student release (make student-release) ships without solutions/: every chapter then links the
# student's own exercises of the chapters before it (the Makefile says which targets need solutions/).
SOLUTIONS_DIR := $(if $(wildcard solutions/*.cpp),solutions,exercises)
SOL_OBJ      := $(CHAPTERS:%=$(OUT)/obj/$(SOLUTIONS_DIR)/%.o)
# A chapter's programs (main.cpp, and challenge_main.cpp where a challenge lives: mk/challenge.mk) stay
# out of its archive.
given_obj     = $(patsubst %.cpp,$(OUT)/obj/%.o,$(filter-out %/main.cpp %/challenge_main.cpp,$(sort $(wildcard chapters/$(1)/*.cpp))))
given_lib     = $(OUT)/lib/given/$(1).a
GTEST_LIBS   := -lgtest -pthread

# --- objects -----------------------------------------------------------------------------------------
pch_edit := $(call pch_of,edit,course)
pch_test := $(call pch_of,test,tests)

# The library, the given code and the solutions go without a precompiled header: at -O3 it saves
# little (the optimiser's time dominates), and GCC 12 then reports false stringop-overflow warnings
# inside <string> that it otherwise knows to be system code.
$(OUT)/obj/%.o: %.cpp $(OUT)/flags-fast.txt
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE_FAST) -c $< -o $@
# The reference optimizers' elementwise loops take a square root per entry. With errno on, GCC guards
# each one with a branch and a call of sqrt for negative inputs, and a loop with a branch does not
# vectorise; the course never reads errno, and the root itself is the same correctly rounded one (the
# figures of chapters 13, 14, 17 and 18, whose Adam this is, stay byte-identical; chapter 13 ran
# Adam for a quarter of its time).
$(OUT)/obj/solutions/10_optimizers.o: NUMERICS += -fno-math-errno
# Under the sanitizers the matrix kernel keeps -O3 (at -O1 the operators of its small vector type stay
# function calls) and its stack is not instrumented (ASan's red zones around the tile's accumulators
# force them out of registers into memory). Its reads and writes of matrices are still checked, and
# the library's tests hold it to the naive loop. Chapter 14's quick run under the sanitizers took 219 s
# before, chapter 17's 80 s (47 s now).
ifeq ($(SANITIZE),1)
$(OUT)/obj/common/matmul.o: OPT_FAST := -O3 $(if $(filter gcc,$(COMPILER_KIND)),--param=asan-stack=0,-mllvm -asan-stack=0)
endif

# A student's exercise file. Its binaries go first: if it no longer compiles, no stale binary of the
# old code is left to be graded or run. Stubs keep their named, documented parameters, unused yet.
$(OUT)/obj/exercises/%.o: exercises/%.cpp $(OUT)/flags-edit.txt $(pch_edit)
	@mkdir -p $(@D)
	@rm -f $(OUT)/tests/ex/$*_test $(OUT)/bin/ex/$* $(call challenges_running,$*)
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE_EDIT) $(call use_pch,edit,course) -Wno-unused-parameter -c $< -o $@

$(OUT)/obj/tests/%.o: tests/%.cpp $(OUT)/flags-test.txt $(pch_test)
	@mkdir -p $(@D)
	@rm -f $(OUT)/tests/ex/$*  $(OUT)/tests/sol/$*
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE_TEST) $(call use_pch,test,tests) -c $< -o $@

$(OUT)/obj/tools/%.o: tools/%.cpp $(OUT)/flags-test.txt
	@mkdir -p $(@D)
	$(if $(Q),@echo "  CXX  $<")
	$(Q)$(COMPILE_TEST) -c $< -o $@

# The precompiled headers, one per role, built with exactly that role's flags (GCC uses a .gch only
# then). The header is copied beside its .gch, which is where `-include` looks for it.
define pch_rule
$(OUT)/pch/$(1)/$(2).hpp.gch: mk/pch/$(2).hpp $(OUT)/flags-$(1).txt
	@mkdir -p $$(@D)
	$$(if $(Q),@echo "  PCH  $(2).hpp ($(1))")
	$(Q)cp mk/pch/$(2).hpp $(OUT)/pch/$(1)/$(2).hpp
	$(Q)$$($(3)) -x c++-header $(OUT)/pch/$(1)/$(2).hpp -o $$@
endef
$(eval $(call pch_rule,edit,course,COMPILE_EDIT))
$(eval $(call pch_rule,test,tests,COMPILE_TEST))

# --- libraries ----------------------------------------------------------------------------------------
define archive
@mkdir -p $(@D)
$(Q)rm -f $@.tmp && ar rcs $@.tmp $^ && mv $@.tmp $@
endef

$(LIBCOURSE): $(COMMON_OBJ)
	$(archive)

define given_rules
$(call given_lib,$(1)): $(call given_obj,$(1))
	$$(archive)
endef
$(foreach ch,$(CHAPTERS),$(eval $(call given_rules,$(ch))))

define link
@mkdir -p $(@D)
$(if $(Q),@echo "  LINK $@")
$(Q)$(CXX) $(LDFLAGS) $(LINKER) -o $@ $^ $(1) $(LDLIBS)
endef

# The grader (tools/grade*.cpp) needs nothing of the course's library, so `make hint` on a fresh
# checkout compiles only these files; the docs and catalogue tools read the exercises.md files with it.
GRADER_OBJ := $(patsubst %.cpp,$(OUT)/obj/%.o,$(wildcard tools/grade*.cpp))
$(OUT)/tools/grade: $(GRADER_OBJ)
	$(call link)
$(GRADER_OBJ): | $(OUT)/grader-note
$(OUT)/grader-note:
	@mkdir -p $(@D) && echo "Building the grader (once)..." && touch $@
$(OUT)/tools/docs: $(patsubst %.cpp,$(OUT)/obj/%.o,tools/docs.cpp $(wildcard tools/docs_*.cpp) tools/grade_catalogue.cpp tools/grade_text.cpp tools/mutants_catalogue.cpp)
	$(call link)
$(OUT)/tools/mutants: $(patsubst %.cpp,$(OUT)/obj/%.o,tools/mutants.cpp tools/mutants_catalogue.cpp tools/grade_catalogue.cpp tools/grade_text.cpp)
	$(call link)
$(OUT)/tools/%: $(OUT)/obj/tools/%.o $(LIBCOURSE)
	$(call link)

# --- binaries -----------------------------------------------------------------------------------------
$(OUT)/tests/common_test: $(COMMON_TESTS) $(SUPPORT_OBJ) $(LIBCOURSE)
	$(call link,$(GTEST_LIBS))

# Every chapter's code at once: the allocation test (it replaces the global operator new, so it is a
# program of its own) and the benchmarks.
ALL_GIVEN := $(foreach ch,$(shell echo $(CHAPTERS) | tr ' ' '\n' | sort -r),$(call given_lib,$(ch)))
PERF_TEST := $(OUT)/tests/perf_test
$(PERF_TEST): $(OUT)/obj/tests/perf/allocation_test.o $(SUPPORT_OBJ) $(SOL_OBJ) $(ALL_GIVEN) $(LIBCOURSE)
	$(call link,$(GTEST_LIBS))

# $(1) the chapter, $(2) the solutions of the chapters before it, $(3) the given archives from it down.
define chapter_rules
$(OUT)/bin/sol/$(1): $(OUT)/obj/chapters/$(1)/main.o $(OUT)/obj/$(SOLUTIONS_DIR)/$(1).o $(2) $(3) $(LIBCOURSE)
	$$(call link)
$(OUT)/bin/ex/$(1): $(OUT)/obj/chapters/$(1)/main.o $(OUT)/obj/exercises/$(1).o $(2) $(3) $(LIBCOURSE)
	$$(call link)
$(OUT)/tests/sol/$(1)_test: $(OUT)/obj/tests/$(1)_test.o $(SUPPORT_OBJ) $(OUT)/obj/$(SOLUTIONS_DIR)/$(1).o $(2) $(3) $(LIBCOURSE)
	$$(call link,$(GTEST_LIBS))
$(OUT)/tests/ex/$(1)_test: $(OUT)/obj/tests/$(1)_test.o $(SUPPORT_OBJ) $(OUT)/obj/exercises/$(1).o $(2) $(3) $(LIBCOURSE)
	$$(call link,$(GTEST_LIBS))
endef
EARLIER :=
GIVEN_DOWN :=
# links_NN_topic: what chapter NN's binaries link besides their own objects (make check-mutants uses it).
$(foreach ch,$(CHAPTERS),$(eval GIVEN_DOWN := $(call given_lib,$(ch)) $(GIVEN_DOWN))$(eval links_$(ch) := $(EARLIER) $(GIVEN_DOWN) $(LIBCOURSE))$(eval $(call chapter_rules,$(ch),$(EARLIER),$(GIVEN_DOWN)))$(eval EARLIER += $(OUT)/obj/$(SOLUTIONS_DIR)/$(ch).o))

-include $(shell find $(OUT) -name '*.d' 2>/dev/null)
