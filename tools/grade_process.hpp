// Running a test binary as a child process that cannot take the grader down with it: its own
// process group (so a test that forks is killed whole), its output into a log file, a watchdog that
// the caller polls, and Ctrl-C forwarded as a kill of the group rather than leaving an orphan that
// spins forever.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace course::grade {

struct Launch {
    std::vector<std::string> argv;  // argv[0] is the program's path
    std::string log_path;           // stdout and stderr are appended here
    std::string results_path;       // exported as COURSE_RESULTS; empty for none
    int uid = -1, gid = -1;         // the user and group to run as (needs root); -1 for the grader's own
    std::string pictures_dir;       // exported as COURSE_FAILURE_PICTURES; empty for none
};

struct ProcessEnd {
    enum class Kind { exited, signalled, stopped, could_not_start };
    Kind kind = Kind::could_not_start;
    int value = 0;  // the exit status, or the signal number
    std::string error;  // why it could not start
};

// Runs the program to its end. keep_running is called every few milliseconds while it runs; when it
// returns false the whole process group is killed and the end is Kind::stopped. If the grader
// itself is interrupted (SIGINT, SIGTERM, SIGHUP), the child's group is killed first and the grader
// then dies of the same signal.
ProcessEnd run_process(const Launch& launch, const std::function<bool()>& keep_running);

// "crashed with SIGSEGV (segmentation fault)" and the like, for a signal that ended a test.
std::string describe_signal(int signal_number);

}  // namespace course::grade
