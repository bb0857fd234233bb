// Tests that grade chapter 05 (in progress).
#include <gtest/gtest.h>

#include "chapters/05_face_dataset/face_dataset.hpp"

namespace fd = course::face_dataset;

TEST(Chapter05Data, ShapesAndDeterminism) {
    const auto a = fd::generate_faces(8, 1), b = fd::generate_faces(8, 1);
    EXPECT_EQ(a.images.rows(), 8u);
    EXPECT_EQ(a.images.cols(), 1024u);
    EXPECT_EQ(a.angles.cols(), 2u);
    EXPECT_TRUE(a.images == b.images) << "the same seed must give the same faces";
}
