// Tests of common/records: exact round trips (text and doubles bit for bit), what counts as recorded,
// the listing of a study, and a clear DataError for every kind of corrupt or missing file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "common/errors.hpp"
#include "common/random.hpp"
#include "common/records.hpp"

namespace fs = std::filesystem;
using course::records::Config;
using course::records::Metrics;

namespace {

// A fresh, empty folder per test (removed at the end), unique to this process and test.
class Folder {
public:
    Folder() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::path(::testing::TempDir()) /
                ("records_test_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(path_);
    }
    ~Folder() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }

private:
    fs::path path_;
};

std::string slurp(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

void spill(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// The DataError's message, or "" when none was thrown.
template <typename Read>
std::string data_error(Read read) {
    try {
        read();
    } catch (const course::DataError& error) {
        return error.what();
    }
    return "";
}

const Metrics small_metrics{{"epoch", "loss"}, {{1, 0.5}, {2, 0.25}}};

}  // namespace

TEST(Records, ConfigRoundTripsTextExactlyAndInOrder) {
    Folder folder;
    const Config config{{"optimizer", "adam"},
                        {"lr", "0.001"},
                        {"width", "32"},
                        {"tricky \"name\"", "back\\slash, tab\there\nnew line"},
                        {"unicode", "η = 3 · é"},
                        {"control", std::string("bell\x07", 5)},
                        {"not a number", "1e"},
                        {"leading zero", "007"},
                        {"negative", "-2.5E-3"},
                        {"empty", ""}};
    course::records::write_run(folder / "run", config, small_metrics);
    EXPECT_EQ(course::records::read_config(folder / "run"), config);
}

TEST(Records, ConfigIsJsonWithNumbersUnquoted) {
    Folder folder;
    course::records::write_run(folder / "run", {{"lr", "0.01"}, {"name", "sgd"}, {"odd", "1."}}, small_metrics);
    const std::string json = slurp(folder / "run/config.json");
    EXPECT_NE(json.find("\"lr\": 0.01"), std::string::npos) << "a JSON number is written as written:\n" << json;
    EXPECT_NE(json.find("\"name\": \"sgd\""), std::string::npos) << "a word is a quoted string:\n" << json;
    EXPECT_NE(json.find("\"odd\": \"1.\""), std::string::npos) << "'1.' is not JSON's number grammar:\n" << json;
    EXPECT_EQ(json.front(), '{');
    EXPECT_EQ(json.substr(json.size() - 2), "}\n");
}

TEST(Records, MetricsReadBackBitForBit) {
    Folder folder;
    course::Rng rng(17);
    Metrics metrics{{"a", "b", "c"}, {}};
    metrics.rows.push_back({0.1, 1.0 / 3.0, -0.0});
    metrics.rows.push_back({std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest()});
    metrics.rows.push_back({std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 1e-300});
    for (int i = 0; i < 200; ++i)
        metrics.rows.push_back({rng.normal(), std::exp(rng.uniform(-700, 700)), rng.uniform() * 1e-9});
    course::records::write_run(folder / "run", {{"k", "v"}}, metrics);
    const Metrics back = course::records::read_metrics(folder / "run");
    ASSERT_EQ(back.columns, metrics.columns);
    ASSERT_EQ(back.rows.size(), metrics.rows.size());
    for (std::size_t r = 0; r < metrics.rows.size(); ++r)
        for (std::size_t c = 0; c < 3; ++c)
            EXPECT_EQ(std::bit_cast<std::uint64_t>(back.rows[r][c]), std::bit_cast<std::uint64_t>(metrics.rows[r][c]))
                << "row " << r << " column " << c << ": wrote " << metrics.rows[r][c] << ", read " << back.rows[r][c];
    // NaN survives as a NaN (its payload is not promised).
    course::records::write_run(folder / "nan", {}, {{"x"}, {{std::nan("")}}});
    EXPECT_TRUE(std::isnan(course::records::read_metrics(folder / "nan").rows.at(0).at(0)));
}

TEST(Records, EmptyConfigAndNoRowsAreFine) {
    Folder folder;
    course::records::write_run(folder / "run", {}, {{"epoch"}, {}});
    EXPECT_TRUE(course::records::is_recorded(folder / "run"));
    EXPECT_TRUE(course::records::read_config(folder / "run").empty());
    const Metrics back = course::records::read_metrics(folder / "run");
    EXPECT_EQ(back.columns, std::vector<std::string>{"epoch"});
    EXPECT_TRUE(back.rows.empty());
}

TEST(Records, WriteMakesParentsLeavesNoTemporariesAndReplaces) {
    Folder folder;
    const std::string run = folder / "study/deeper/run";
    EXPECT_FALSE(course::records::is_recorded(run));
    course::records::write_run(run, {{"lr", "0.1"}}, small_metrics);
    EXPECT_TRUE(course::records::is_recorded(run));
    int files = 0;
    for (const auto& entry : fs::directory_iterator(run)) {
        ++files;
        EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << "left behind: " << entry.path();
    }
    EXPECT_EQ(files, 2) << "a run folder holds config.json and metrics.csv";
    course::records::write_run(run, {{"lr", "0.2"}}, {{"step"}, {{7}}});
    EXPECT_EQ(course::records::read_config(run), (Config{{"lr", "0.2"}}));
    EXPECT_EQ(course::records::read_metrics(run).rows, (std::vector<std::vector<double>>{{7}}));
}

TEST(Records, BadInputIsRefusedBeforeAnythingIsWritten) {
    Folder folder;
    const std::string run = folder / "run";
    EXPECT_THROW(course::records::write_run(run, {{"", "x"}}, small_metrics), std::invalid_argument);
    EXPECT_THROW(course::records::write_run(run, {{"a", "1"}, {"a", "2"}}, small_metrics), std::invalid_argument);
    EXPECT_THROW(course::records::write_run(run, {}, {{"a,b"}, {}}), std::invalid_argument);
    EXPECT_THROW(course::records::write_run(run, {}, {{}, {}}), std::invalid_argument);
    EXPECT_THROW(course::records::write_run(run, {}, {{"a", "b"}, {{1, 2}, {3}}}), std::invalid_argument);
    EXPECT_FALSE(fs::exists(run)) << "a refused record must not create its folder";
}

TEST(Records, HalfWrittenRunsAreNotRecorded) {
    Folder folder;
    // Killed after the metrics were renamed into place but before config.json was: not recorded.
    spill(folder / "a/metrics.csv", "epoch\n1\n");
    EXPECT_FALSE(course::records::is_recorded(folder / "a"));
    // Killed while writing config.json's temporary.
    spill(folder / "b/metrics.csv", "epoch\n1\n");
    spill(folder / "b/config.json.tmp", "{\"lr\": 0.");
    EXPECT_FALSE(course::records::is_recorded(folder / "b"));
    // A config alone (metrics missing) is no record either.
    spill(folder / "c/config.json", "{}");
    EXPECT_FALSE(course::records::is_recorded(folder / "c"));
    EXPECT_FALSE(course::records::is_recorded(folder / "never"));
}

TEST(Records, ListRunsIsSortedAndSkipsIncompleteFoldersAndFiles) {
    Folder folder;
    EXPECT_TRUE(course::records::list_runs(folder / "no such study").empty());
    for (const char* name : {"lr=0.1", "b", "a", "lr=0.01"})
        course::records::write_run(folder / name, {{"name", name}}, small_metrics);
    spill(folder / "half/metrics.csv", "epoch\n");
    spill(folder / "stray.txt", "not a run");
    EXPECT_EQ(course::records::list_runs(folder.str()), (std::vector<std::string>{"a", "b", "lr=0.01", "lr=0.1"}));
}

TEST(Records, MissingFilesNameTheFile) {
    Folder folder;
    const std::string config_error = data_error([&] { course::records::read_config(folder / "ghost"); });
    EXPECT_NE(config_error.find("ghost/config.json"), std::string::npos) << "got: " << config_error;
    EXPECT_NE(config_error.find("missing"), std::string::npos) << "got: " << config_error;
    const std::string metrics_error = data_error([&] { course::records::read_metrics(folder / "ghost"); });
    EXPECT_NE(metrics_error.find("ghost/metrics.csv"), std::string::npos) << "got: " << metrics_error;
}

TEST(Records, CorruptConfigsThrowDataErrorNamingFileAndProblem) {
    Folder folder;
    const std::pair<const char*, const char*> cases[] = {
        {"", "'{'"},
        {"{\"lr\": 0.1", "expected ',' or '}'"},
        {"{\"lr\": 0.1,}", "quoted key"},
        {"{\"lr\" 0.1}", "':'"},
        {"{\"lr\": 0.1} extra", "after the closing"},
        {"{\"lr\": \"unterminated}", "not closed"},
        {"{\"lr\": [1, 2]}", "flat"},
        {"{\"lr\": 01}", "is not a JSON"},
        {"{\"lr\": nan}", "is not a JSON"},
        {"{\"a\": 1, \"a\": 2}", "twice"},
        {"{\"a\": \"\\q\"}", "unknown escape"},
        {"{\"a\": \"\\u12\"}", "four hex digits"},
        {"{\"a\": \"\\ud800\"}", "surrogate"},
    };
    for (const auto& [text, problem] : cases) {
        spill(folder / "run/config.json", text);
        const std::string message = data_error([&] { course::records::read_config(folder / "run"); });
        EXPECT_NE(message.find("run/config.json"), std::string::npos) << "config.json holding [" << text << "]: " << message;
        EXPECT_NE(message.find(problem), std::string::npos)
            << "config.json holding [" << text << "] should say \"" << problem << "\", said: " << message;
    }
}

TEST(Records, JsonWrittenByOtherToolsReads) {
    Folder folder;
    spill(folder / "run/config.json",
          "\r\n{ \"a\":\"caf\\u00e9\", \"b\" : true,\"c\":null,\t\"d\": -1.5e+2, \"e\": \"\\ud83d\\ude00\\/\" }\n");
    EXPECT_EQ(course::records::read_config(folder / "run"),
              (Config{{"a", "café"}, {"b", "true"}, {"c", "null"}, {"d", "-1.5e+2"}, {"e", "😀/"}}));
}

TEST(Records, CorruptMetricsThrowDataErrorNamingFileLineAndProblem) {
    Folder folder;
    const std::pair<const char*, const char*> cases[] = {
        {"", "empty"},
        {"epoch,loss\n1,0.5\n2,0.2", "line 3: the last line does not end"},
        {"epoch,loss\n1,0.5\n2\n", "line 3: has 1 fields, the header has 2"},
        {"epoch,loss\n1,0.5,9\n", "line 2: has 3 fields"},
        {"epoch,loss\n1,abc\n", "column loss: \"abc\" is not a number"},
        {"epoch,loss\n1,0.5x\n", "\"0.5x\" is not a number"},
        {"epoch,loss\n1,\n", "\"\" is not a number"},
        {"epoch,,loss\n", "empty column name"},
    };
    for (const auto& [text, problem] : cases) {
        spill(folder / "run/metrics.csv", text);
        const std::string message = data_error([&] { course::records::read_metrics(folder / "run"); });
        EXPECT_NE(message.find("run/metrics.csv"), std::string::npos) << "metrics.csv holding [" << text << "]: " << message;
        EXPECT_NE(message.find(problem), std::string::npos)
            << "metrics.csv holding [" << text << "] should say \"" << problem << "\", said: " << message;
    }
    spill(folder / "crlf/metrics.csv", "epoch,loss\r\n1,0.5\r\n");
    EXPECT_EQ(course::records::read_metrics(folder / "crlf").columns, (std::vector<std::string>{"epoch", "loss"}));
}
