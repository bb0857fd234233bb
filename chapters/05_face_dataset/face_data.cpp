// Chapter 05, given code: slicing a data set, and the preparation that chapters 07–09 share.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "chapters/05_face_dataset/face_dataset.hpp"

namespace course::face_dataset {

FaceSet subset(const FaceSet& set, std::size_t first, std::size_t count) {
    if (first + count > set.size())
        throw std::out_of_range("subset: rows [" + std::to_string(first) + ", " + std::to_string(first + count) +
                                ") of a set of " + std::to_string(set.size()));
    FaceSet out;
    copy_rows(set.images, first, count, out.images);
    copy_rows(set.angles, first, count, out.angles);
    return out;
}

FaceData make_face_data(std::size_t n, std::uint64_t seed, const FaceOptions& options) {
    FaceData data;
    data.split = split_dataset(generate_faces(n, seed, options), 0.15, 0.15, seed + 1);
    data.normalizer = fit_normalizer(data.split.train);
    return data;
}

// Skin is brighter than the hair and the background: weight each pixel by how far it is above 0.45.
LineData face_centroid_feature(const FaceSet& set) {
    LineData data;
    for (std::size_t i = 0; i < set.size(); ++i) {
        double weighted_column = 0.0, total = 0.0;
        for (int r = 0; r < kImageSide; ++r)
            for (int c = 0; c < kImageSide; ++c) {
                const double w = std::max(0.0, set.images(i, static_cast<std::size_t>(r * kImageSide + c)) - 0.45);
                weighted_column += w * c;
                total += w;
            }
        data.x.push_back(total > 0.0 ? weighted_column / total : 0.5 * (kImageSide - 1));
        data.y.push_back(set.angles(i, 0));
    }
    return data;
}

}  // namespace course::face_dataset
