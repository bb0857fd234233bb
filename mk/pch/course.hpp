// The standard headers that nearly every file of the course includes, compiled once per build
// configuration into a precompiled header (g++ only: mk/config.mk). It changes nothing in meaning: each
// file still includes what it uses (the clang++ build, which does not use it, proves that); it only
// saves every file from parsing the same 60,000 lines of the standard library again.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>
