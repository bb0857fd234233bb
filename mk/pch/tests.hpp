// The course's precompiled header for the test files: the standard headers of mk/pch/course.hpp and
// GoogleTest, whose header alone is ~1 s of parsing per test file.

#include "mk/pch/course.hpp"

#include <gtest/gtest.h>
