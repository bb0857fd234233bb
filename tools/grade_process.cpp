#include "tools/grade_process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace course::grade {

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(10);
constexpr int exec_failed_status = 127;

// Blocks the signals that would end the grader while a child runs, so that they can be noticed in
// the polling loop, the child's group killed, and only then the signal delivered. Blocking rather
// than a handler avoids global state. Signals the grader ignores (SIGINT in a background job) are
// left alone: they would not have ended it.
class InterruptGuard {
public:
    InterruptGuard() {
        sigemptyset(&interrupts_);
        for (int s : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction action {};
            if (sigaction(s, nullptr, &action) == 0 && action.sa_handler != SIG_IGN) sigaddset(&interrupts_, s);
        }
        sigprocmask(SIG_BLOCK, &interrupts_, &previous_);
    }
    ~InterruptGuard() { sigprocmask(SIG_SETMASK, &previous_, nullptr); }  // delivers any pending one
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    bool interrupted() const {
        sigset_t pending;
        sigpending(&pending);
        for (int s : {SIGINT, SIGTERM, SIGHUP}) {
            if (sigismember(&interrupts_, s) && sigismember(&pending, s)) return true;
        }
        return false;
    }
    const sigset_t& previous_mask() const { return previous_; }

private:
    sigset_t interrupts_{};
    sigset_t previous_{};
};

// The environment for the child: ours, with COURSE_RESULTS and COURSE_FAILURE_PICTURES replaced (a
// variable left in the shell never makes `make check` draw).
std::vector<std::string> child_environment(const Launch& launch) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (std::strncmp(*entry, "COURSE_RESULTS=", 15) != 0 && std::strncmp(*entry, "COURSE_FAILURE_PICTURES=", 24) != 0)
            env.emplace_back(*entry);
    }
    if (!launch.results_path.empty()) env.push_back("COURSE_RESULTS=" + launch.results_path);
    if (!launch.pictures_dir.empty()) env.push_back("COURSE_FAILURE_PICTURES=" + launch.pictures_dir);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}

ProcessEnd end_from_status(int status) {
    ProcessEnd end;
    if (WIFSIGNALED(status)) {
        end.kind = ProcessEnd::Kind::signalled;
        end.value = WTERMSIG(status);
    } else {
        end.kind = ProcessEnd::Kind::exited;
        end.value = WEXITSTATUS(status);
    }
    return end;
}

}  // namespace

ProcessEnd run_process(const Launch& launch, const std::function<bool()>& keep_running) {
    if (access(launch.argv.at(0).c_str(), X_OK) != 0) {
        return {ProcessEnd::Kind::could_not_start, 0, launch.argv[0] + ": " + std::strerror(errno)};
    }
    const int log = open(launch.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log < 0) return {ProcessEnd::Kind::could_not_start, 0, launch.log_path + ": " + std::strerror(errno)};
    // The results file is the one file the test process itself opens for writing.
    if (launch.uid >= 0 && !launch.results_path.empty() &&
        chown(launch.results_path.c_str(), static_cast<uid_t>(launch.uid), static_cast<gid_t>(launch.gid)) != 0) {
        close(log);
        return {ProcessEnd::Kind::could_not_start, 0, launch.results_path + ": chown: " + std::strerror(errno)};
    }

    // Everything exec needs is built before fork: the child only calls async-signal-safe functions.
    std::vector<std::string> args = launch.argv;
    std::vector<std::string> env = child_environment(launch);
    std::vector<char*> argv = c_strings(args);
    std::vector<char*> envp = c_strings(env);

    InterruptGuard guard;
    const pid_t pid = fork();
    if (pid < 0) {
        close(log);
        return {ProcessEnd::Kind::could_not_start, 0, std::string("fork: ") + std::strerror(errno)};
    }
    if (pid == 0) {
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, &guard.previous_mask(), nullptr);
        const int null_input = open("/dev/null", O_RDONLY);
        if (null_input >= 0) dup2(null_input, STDIN_FILENO);  // a test waiting on stdin must not hang on it
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
        if (launch.uid >= 0 && (setgroups(0, nullptr) != 0 || setgid(static_cast<gid_t>(launch.gid)) != 0 ||
                                setuid(static_cast<uid_t>(launch.uid)) != 0)) {
            const char message[] = "grade: cannot switch to the unprivileged user for the tests\n";
            [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
            _exit(exec_failed_status);
        }
        execve(argv[0], argv.data(), envp.data());
        const char message[] = "grade: cannot execute the test program\n";
        [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
        _exit(exec_failed_status);
    }
    setpgid(pid, pid);  // also in the parent, so the group exists before we might kill it
    close(log);

    int status = 0;
    for (;;) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) return {ProcessEnd::Kind::could_not_start, 0, std::strerror(errno)};
        const bool interrupted = guard.interrupted();
        if (interrupted || !keep_running()) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            if (interrupted) return {};  // the guard's destructor now delivers the signal and ends the grader
            return {ProcessEnd::Kind::stopped, 0, ""};
        }
        std::this_thread::sleep_for(poll_interval);
    }
    kill(-pid, SIGKILL);  // anything the test left running in the background
    return end_from_status(status);
}

std::string describe_signal(int signal_number) {
    switch (signal_number) {
        case SIGSEGV: return "crashed with SIGSEGV (segmentation fault): an invalid memory access, e.g. an index out of range";
        case SIGABRT: return "aborted (uncaught exception or failed assert)";
        case SIGFPE: return "crashed with SIGFPE (arithmetic error, e.g. integer division by zero)";
        case SIGBUS: return "crashed with SIGBUS (bus error): an invalid memory access";
        case SIGILL: return "crashed with SIGILL (illegal instruction)";
        case SIGKILL: return "was killed (SIGKILL), perhaps for using too much memory";
        default: return "was ended by signal " + std::to_string(signal_number) + " (" + strsignal(signal_number) + ")";
    }
}

}  // namespace course::grade
