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
    FaceSet out{Matrix(count, set.images.cols()), Matrix(count, set.angles.cols())};
    std::copy_n(set.images.row_data(first), count * set.images.cols(), out.images.data());
    std::copy_n(set.angles.row_data(first), count * set.angles.cols(), out.angles.data());
    return out;
}

FaceData make_face_data(std::size_t n, std::uint64_t seed, const FaceOptions& options) {
    FaceData data;
    data.split = split_dataset(generate_faces(n, seed, options), 0.15, 0.15, seed + 1);
    data.normalizer = fit_normalizer(data.split.train);
    return data;
}

}  // namespace course::face_dataset
