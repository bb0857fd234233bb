// The command line every chapter program shares: --help, --seed, --out, --quick, plus the program's
// own flags, declared with their type, default, allowed range and one line of help.
//
//   const course::Program program{"04_gradient_descent", "Gradient descent on a 2-D quadratic.",
//       {course::Flag::real("lr", 0.1, "learning rate", 1e-6, 10.0)}};
//   int main(int argc, char** argv) {
//       return course::run_main(argc, argv, program, [](const course::Args& args) {
//           double lr = args.real("lr"); ...
//       });
//   }
//
// Flags are written `--lr 0.1` or `--lr=0.1`; negative values work either way (`--start=-1.5,-1.5`).
// A bad flag prints one line naming it and what is allowed, then the usage, and exits with status 2.
// The same flags can also come from a configuration file (parse_config): the challenges' files.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace course {

struct Flag {
    enum class Kind { Integer, Real, Text, Switch, Point, Choice };
    std::string name;        // without the leading dashes
    Kind kind = Kind::Text;
    std::string default_value;
    std::string help;
    double low = 0.0;        // allowed range for Integer and Real (inclusive)
    double high = 0.0;
    std::vector<std::string> choices;  // allowed values for Choice

    static Flag integer(std::string name, std::int64_t default_value, std::string help, std::int64_t low,
                        std::int64_t high);
    static Flag real(std::string name, double default_value, std::string help, double low, double high);
    static Flag text(std::string name, std::string default_value, std::string help);
    static Flag on_off(std::string name, std::string help);  // a switch: present means true
    // A point "x,y" (or any number of comma-separated coordinates, each within [low, high]).
    static Flag point(std::string name, std::string default_value, std::string help, double low, double high);
    static Flag choice(std::string name, std::string default_value, std::string help,
                       std::vector<std::string> choices);
};

struct Program {
    std::string name;         // e.g. "01_loss_landscape"
    std::string description;  // one or two sentences for --help
    std::vector<Flag> flags;  // the program's own flags; --help/--seed/--out/--quick are added
};

class Args {
public:
    std::uint64_t seed() const;
    const std::string& out() const;  // the directory figures are written to
    bool quick() const;              // a small, fast run for `make check`

    std::int64_t integer(const std::string& name) const;
    double real(const std::string& name) const;
    const std::string& text(const std::string& name) const;
    bool on(const std::string& name) const;
    std::vector<double> point(const std::string& name) const;
    bool given(const std::string& name) const;  // whether the user set it (not just its default)

private:
    friend Args parse_args(const std::vector<std::string>& argv, const Program& program);
    friend Args parse_config(const std::string& text, const std::string& file, const Program& program);
    const std::string& raw(const std::string& name) const;
    std::map<std::string, std::string> values_;
    std::map<std::string, bool> given_;
    std::vector<Flag> flags_;
};

// Parses argv[1..]; throws UsageError for an unknown flag, a missing value or a value out of range,
// and HelpRequested for --help.
Args parse_args(const std::vector<std::string>& argv, const Program& program);
std::string usage(const Program& program);

// A configuration file of the program's own flags (never --seed, --out, --quick or --help), one
// `name = value` a line:
//
//     # the optimizer of chapter 10        ← a comment: from # to the end of the line
//     optimizer = adam
//     weight_decay = 1e-4                  ← PyTorch's underscore may stand for the flag's dash
//     amsgrad = true                       ← a switch is true or false
//
// Values are checked as on the command line. Throws UsageError with one line "FILE:LINE: ..." that
// names the key and what is allowed, for a line without '=', an unknown key (with the nearest known
// one, or the list), a key given twice or a bad value. args.given(name) says which keys the file set.
Args parse_config(const std::string& text, const std::string& file, const Program& program);

struct HelpRequested {};

// Parses the command line and runs body, turning every failure into one line on stderr:
// a usage error → the line, the usage, status 2; any other error → the line, status 1.
int run_main(int argc, char** argv, const Program& program, const std::function<void(const Args&)>& body);

}  // namespace course
