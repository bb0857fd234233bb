// Chapter 19, given code: synthetic sentiment — short "reviews" whose label depends on word order through
// a negation (see lecture.hpp).
#include <array>
#include <stdexcept>
#include <string>

#include "chapters/19_recurrent_networks/lecture.hpp"

namespace course::recurrent {

namespace {

const std::array<const char*, kVocabulary> kWords{
    "the",   "movie", "plot",  "actor", "scene", "story",  "music",    "ending", "film",  "cast",
    "script", "set",  "camera", "good", "great", "superb", "lovely",   "fun",    "moving", "bad",
    "awful", "dull",  "boring", "weak", "silly",  "not"};

int polarity(std::size_t token) {
    if (token >= kFirstPositive && token < kFirstNegative) return 1;
    if (token >= kFirstNegative && token < kNot) return -1;
    return 0;
}

}  // namespace

// Per position: 8% a negated polar word ("not" + a word, two tokens), 25% a polar word, 27% a neutral
// word, 40% the filler. The label counts each polar word ±1, flipped after "not".
TokenData make_sentiment(std::size_t n, std::size_t T, Rng& rng) {
    if (n == 0 || T < 2) throw std::invalid_argument("make_sentiment: want n ≥ 1 and T ≥ 2");
    TokenData data{Matrix(n, T), Matrix(n, 1)};
    for (std::size_t r = 0; r < n; ++r) {
        int score = 0;
        do {
            score = 0;
            for (std::size_t t = 0; t < T; ++t) {
                const double u = rng.uniform();
                std::size_t token = 0;
                if (u < 0.08 && t + 1 < T) {
                    data.X(r, t) = static_cast<double>(kNot);
                    ++t;
                    token = kFirstPositive + rng.index(2 * kPolar);
                    score -= polarity(token);
                } else if (u < 0.33) {
                    token = kFirstPositive + rng.index(2 * kPolar);
                    score += polarity(token);
                } else if (u < 0.60) {
                    token = 1 + rng.index(kNeutral);
                }
                data.X(r, t) = static_cast<double>(token);
            }
        } while (score == 0);
        data.Y(r, 0) = score > 0 ? 1.0 : 0.0;
    }
    return data;
}

double negation_flip_share(const TokenData& data) {
    std::size_t differ = 0;
    for (std::size_t r = 0; r < data.X.rows(); ++r) {
        int count = 0;
        for (std::size_t t = 0; t < data.X.cols(); ++t) count += polarity(static_cast<std::size_t>(data.X(r, t)));
        const bool positive = data.Y(r, 0) > 0.5;
        differ += count == 0 || (count > 0) != positive;
    }
    return static_cast<double>(differ) / static_cast<double>(data.X.rows());
}

std::string review_text(const Matrix& X, std::size_t row) {
    std::string text;
    for (std::size_t t = 0; t < X.cols(); ++t) {
        if (t) text += ' ';
        text += kWords[static_cast<std::size_t>(X(row, t))];
    }
    return text;
}

}  // namespace course::recurrent
