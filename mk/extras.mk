# The instructor's kit and the measurements: docs, gallery, the Gradescope autograder, the student
# release, the benchmarks and the portability builds.
.PHONY: docs gallery autograder check-autograder student-release bench bench-compare bench-loop

# Also appends to a chapter README that has none the line linking it to its derivations.
docs: $(OUT)/tools/docs
	@$(OUT)/tools/docs generate
	@$(OUT)/tools/docs backlinks --write

# Every figure on one page. Draws them first when figures/ holds none. The pictures of the student's
# failing tests from the last `make test` ($(PICTURES)) come first.
gallery: $(OUT)/tools/docs
	@shopt -s nullglob; pngs=($(FIGURES_DIR)/*.png); (( $${#pngs[@]} )) || $(SUBMAKE) figures
	@$(OUT)/tools/docs gallery --figures $(FIGURES_DIR) --failures $(PICTURES)
	@echo "Open $(FIGURES_DIR)/index.html in a browser."

# The Gradescope autograder (docs/INSTRUCTOR_GUIDE.md). CH=10 or CH=10-12 makes an assignment of
# those chapters; HIDDEN=dir adds dir/NN_topic_test.cpp to chapter NN's tests inside the zip only;
# CHALLENGE_BONUS=N gives N points of extra credit to a challenge that beats the reference (default 0).
AUTOGRADER_ZIP ?= build/autograder.zip
autograder:
	@HIDDEN="$(HIDDEN)" HIDDEN_VISIBILITY="$(HIDDEN_VISIBILITY)" CHAPTERS="$(CH)" CHALLENGE_BONUS="$(CHALLENGE_BONUS)" \
	  tools/autograder/build.sh $(AUTOGRADER_ZIP)

check-autograder: autograder
	@tools/autograder/selftest.sh $(AUTOGRADER_ZIP) build/autograder-selftest

student-release:
	@tools/student_release.sh build/student-release

BENCH_SRC := $(sort $(wildcard bench/*.cpp))
$(OUT)/bench/bench: $(BENCH_SRC:%.cpp=$(OUT)/obj/%.o) $(SOL_OBJ) $(ALL_GIVEN) $(LIBCOURSE)
	$(call link,-lbenchmark -pthread)

bench:
	@BENCH=1 tools/deps.sh
	+@$(SUBMAKE) $(PAR) $(OUT)/bench/bench
	$(OUT)/bench/bench $(BENCH_ARGS)

# The student's loop itself, timed on fresh clones of the last commit (docs/PERFORMANCE.md).
bench-loop:
	@tools/bench_loop.sh $(if $(CH),--chapters "$(CH)")

# The seed's training run, chapter 14's MLP epoch and chapter 18's CNN epoch against numpy and PyTorch
# (bench/README.md). Installs them, with OpenBLAS, from the distribution's packages for this target
# only; COMPARE_ARGS="--rounds 9" passes flags on.
PYTHON ?= /usr/bin/python3
bench-compare:
	@BENCH=1 tools/deps.sh
	@PYTHON=$(PYTHON) bench/compare_deps.sh
	+@$(SUBMAKE) $(PAR) $(OUT)/bench/bench
	$(PYTHON) bench/compare.py --bench $(OUT)/bench/bench $(COMPARE_ARGS)
