#include "common/cli.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <sstream>

#include "common/errors.hpp"

namespace course {

namespace {

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// Whole-number flags print their bounds in full ("[0, 4294967295]", not "[0, 4.29497e+09]").
std::string range_text(const Flag& flag) {
    if (flag.kind == Flag::Kind::Integer)
        return "[" + std::to_string(static_cast<std::int64_t>(flag.low)) + ", " +
               std::to_string(static_cast<std::int64_t>(flag.high)) + "]";
    return "[" + number_text(flag.low) + ", " + number_text(flag.high) + "]";
}

// Parses the whole string as a number, or fails: "0.1x" is not 0.1.
bool parse_real(const std::string& text, double& value) {
    if (text.empty()) return false;
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(value);
}

bool parse_integer(const std::string& text, std::int64_t& value) {
    if (text.empty()) return false;
    char* end = nullptr;
    value = std::strtoll(text.c_str(), &end, 10);
    return end == text.c_str() + text.size();
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, ',')) parts.push_back(part);
    return parts;
}

// `who` names the flag in the message: "--lr" on the command line, "FILE:LINE: lr" in a configuration.
void validate(const Flag& flag, const std::string& value, const std::string& who) {
    switch (flag.kind) {
        case Flag::Kind::Integer: {
            std::int64_t v;
            if (!parse_integer(value, v) || v < flag.low || v > flag.high)
                throw UsageError(who + ": expected a whole number in " + range_text(flag) + ", got '" +
                                 value + "'");
            break;
        }
        case Flag::Kind::Real: {
            double v;
            if (!parse_real(value, v) || v < flag.low || v > flag.high)
                throw UsageError(who + ": expected a number in " + range_text(flag) + ", got '" + value + "'");
            break;
        }
        case Flag::Kind::Point: {
            const auto parts = split_commas(value);
            double v;
            bool ok = parts.size() >= 2;
            for (const auto& p : parts) ok = ok && parse_real(p, v) && v >= flag.low && v <= flag.high;
            if (!ok)
                throw UsageError(who + ": expected comma-separated coordinates like 1.5,-2, each in " +
                                 range_text(flag) + ", got '" + value + "'");
            break;
        }
        case Flag::Kind::Choice: {
            for (const auto& c : flag.choices)
                if (c == value) return;
            std::string allowed;
            for (const auto& c : flag.choices) allowed += (allowed.empty() ? "" : ", ") + c;
            throw UsageError(who + ": expected one of " + allowed + ", got '" + value + "'");
        }
        case Flag::Kind::Text:
            if (value.empty()) throw UsageError(who + ": expected a value, got an empty string");
            break;
        case Flag::Kind::Switch:
            break;
    }
}

std::vector<Flag> all_flags(const Program& program) {
    std::vector<Flag> flags = {
        Flag::integer("seed", 42, "seed of the course's random generator (same seed, same output)", 0,
                      4294967295LL),
        Flag::text("out", "figures", "directory the figures are written to"),
        Flag::on_off("quick", "a small, fast run (what `make check` uses)"),
        Flag::on_off("help", "show this help and exit"),
    };
    flags.insert(flags.end(), program.flags.begin(), program.flags.end());
    return flags;
}

}  // namespace

Flag Flag::integer(std::string name, std::int64_t default_value, std::string help, std::int64_t low,
                   std::int64_t high) {
    return {std::move(name), Kind::Integer, std::to_string(default_value), std::move(help),
            static_cast<double>(low), static_cast<double>(high), {}};
}
Flag Flag::real(std::string name, double default_value, std::string help, double low, double high) {
    return {std::move(name), Kind::Real, number_text(default_value), std::move(help), low, high, {}};
}
Flag Flag::text(std::string name, std::string default_value, std::string help) {
    return {std::move(name), Kind::Text, std::move(default_value), std::move(help), 0, 0, {}};
}
Flag Flag::on_off(std::string name, std::string help) {
    return {std::move(name), Kind::Switch, "false", std::move(help), 0, 0, {}};
}
Flag Flag::point(std::string name, std::string default_value, std::string help, double low, double high) {
    return {std::move(name), Kind::Point, std::move(default_value), std::move(help), low, high, {}};
}
Flag Flag::choice(std::string name, std::string default_value, std::string help,
                  std::vector<std::string> choices) {
    return {std::move(name), Kind::Choice, std::move(default_value), std::move(help), 0, 0, std::move(choices)};
}

std::string usage(const Program& program) {
    std::string text = "usage: " + program.name + " [flags]\n" + program.description + "\n\nflags:\n";
    for (const Flag& flag : all_flags(program)) {
        std::string left = "  --" + flag.name;
        switch (flag.kind) {
            case Flag::Kind::Integer: left += " N"; break;
            case Flag::Kind::Real: left += " X"; break;
            case Flag::Kind::Point: left += " X,Y"; break;
            case Flag::Kind::Text: left += " TEXT"; break;
            case Flag::Kind::Choice: left += " NAME"; break;
            case Flag::Kind::Switch: break;
        }
        if (left.size() < 22) left.resize(22, ' ');
        std::string right = flag.help;
        if (flag.kind == Flag::Kind::Integer || flag.kind == Flag::Kind::Real || flag.kind == Flag::Kind::Point)
            right += ", in " + range_text(flag);
        if (flag.kind == Flag::Kind::Choice) {
            right += ": ";
            for (std::size_t i = 0; i < flag.choices.size(); ++i) right += (i ? ", " : "") + flag.choices[i];
        }
        if (flag.kind != Flag::Kind::Switch && !flag.default_value.empty()) right += " (default " + flag.default_value + ")";
        text += left + " " + right + "\n";
    }
    return text;
}

Args parse_args(const std::vector<std::string>& argv, const Program& program) {
    Args args;
    args.flags_ = all_flags(program);
    for (const Flag& flag : args.flags_) {
        args.values_[flag.name] = flag.default_value;
        args.given_[flag.name] = false;
    }
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word.rfind("--", 0) != 0)
            throw UsageError("unexpected argument '" + word + "': flags start with --");
        std::string name = word.substr(2);
        std::string value;
        bool has_value = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            has_value = true;
        }
        const Flag* flag = nullptr;
        for (const Flag& f : args.flags_)
            if (f.name == name) flag = &f;
        if (!flag) throw UsageError("unknown flag --" + name + " (see --help for the flags this program takes)");
        if (flag->kind == Flag::Kind::Switch) {
            if (has_value) throw UsageError("--" + name + " is a switch and takes no value");
            if (name == "help") throw HelpRequested{};
            value = "true";
        } else if (!has_value) {
            if (i + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
            value = argv[++i];
        }
        validate(*flag, value, "--" + name);
        args.values_[name] = value;
        args.given_[name] = true;
    }
    return args;
}

namespace {

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// How a key is compared when looking for the one a typo meant: case, dashes and underscores aside.
std::string folded(const std::string& key) {
    std::string out;
    for (char c : key)
        if (c != '-' && c != '_') out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

}  // namespace

Args parse_config(const std::string& text, const std::string& file, const Program& program) {
    Args args;
    args.flags_ = all_flags(program);
    for (const Flag& flag : args.flags_) {
        args.values_[flag.name] = flag.default_value;
        args.given_[flag.name] = false;
    }
    std::set<std::string> seen;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string where = file + ":" + std::to_string(number) + ": ";
        const std::string content = trimmed(line.substr(0, line.find('#')));
        if (content.empty()) continue;
        const auto eq = content.find('=');
        if (eq == std::string::npos)
            throw UsageError(where + "expected `key = value`, got '" + content + "'");
        const std::string key = trimmed(content.substr(0, eq));
        const std::string value = trimmed(content.substr(eq + 1));
        std::string name = key;
        for (char& c : name)
            if (c == '_') c = '-';
        const Flag* flag = nullptr;
        for (const Flag& f : program.flags)
            if (f.name == name) flag = &f;
        if (!flag) {
            std::string known, near;
            for (const Flag& f : program.flags) {
                known += (known.empty() ? "" : ", ") + f.name;
                if (folded(f.name) == folded(key)) near = f.name;
            }
            throw UsageError(where + "unknown key '" + key + "'" +
                             (near.empty() ? " (the keys: " + known + ")" : "; did you mean " + near + "?"));
        }
        if (!seen.insert(name).second) throw UsageError(where + name + " is set twice (each key once)");
        if (flag->kind == Flag::Kind::Switch) {
            if (value != "true" && value != "false")
                throw UsageError(where + name + ": expected true or false, got '" + value + "'");
            // `false` is the switch left off, as on a command line that does not name it.
            if (value == "false") continue;
        } else {
            validate(*flag, value, where + name);
        }
        args.values_[name] = value;
        args.given_[name] = true;
    }
    return args;
}

const std::string& Args::raw(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) throw std::logic_error("the program asked for an undeclared flag --" + name);
    return it->second;
}

std::uint64_t Args::seed() const { return static_cast<std::uint64_t>(integer("seed")); }
const std::string& Args::out() const { return raw("out"); }
bool Args::quick() const { return on("quick"); }
std::int64_t Args::integer(const std::string& name) const { return std::strtoll(raw(name).c_str(), nullptr, 10); }
double Args::real(const std::string& name) const { return std::strtod(raw(name).c_str(), nullptr); }
const std::string& Args::text(const std::string& name) const { return raw(name); }
bool Args::on(const std::string& name) const { return raw(name) == "true"; }
bool Args::given(const std::string& name) const {
    raw(name);
    return given_.at(name);
}
std::vector<double> Args::point(const std::string& name) const {
    std::vector<double> coords;
    for (const auto& part : split_commas(raw(name))) coords.push_back(std::strtod(part.c_str(), nullptr));
    return coords;
}

int run_main(int argc, char** argv, const Program& program, const std::function<void(const Args&)>& body) {
    try {
        const Args args = parse_args(std::vector<std::string>(argv + 1, argv + argc), program);
        body(args);
        return 0;
    } catch (const HelpRequested&) {
        std::fputs(usage(program).c_str(), stdout);
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s\n\n%s", program.name.c_str(), e.what(), usage(program).c_str());
        return 2;
    } catch (const DataError& e) {
        std::fprintf(stderr, "%s: %s\n", program.name.c_str(), e.what());
        return 2;
    } catch (const NotImplemented& e) {
        std::fprintf(stderr, "%s: %s\n(or run the reference: make run CH=%.2s SOLUTIONS=1)\n", program.name.c_str(),
                     e.what(), program.name.c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: error: %s\n", program.name.c_str(), e.what());
        return 1;
    }
}

}  // namespace course
