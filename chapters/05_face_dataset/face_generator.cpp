// Chapter 05, given code: the synthetic face generator.
//
// A tiny ray caster. The head is an ellipsoid; the nose and the two ears are small ellipsoids stuck to
// it; hair, eyes, brows and mouth are painted on the head's surface. For every pixel near the head we
// shoot the camera's ray (orthographic: straight along the view axis z) into the head frame, find where
// it meets each ellipsoid, keep the nearest surfaces, shade them with one light, and blend the edges
// by how close the ray passes to each silhouette. Working in the head frame makes the pose nearly
// free: the 3-D model never moves; the rays are turned the other way, by Rᵀ.
//
// Everything random comes from one course::Rng per face, split from the seed's generator in order, so
// a data set is the same on every machine and its first k faces do not depend on how many follow.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "common/random.hpp"

namespace course::face_dataset {

namespace {

using Mat3 = std::array<std::array<double, 3>, 3>;

double dot(const Vec3& a, const Vec3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }
// 0 below lo, 1 above hi, a smooth cubic in between: a soft edge.
double smoothstep(double lo, double hi, double v) {
    const double t = clamp01((v - lo) / (hi - lo));
    return t * t * (3 - 2 * t);
}

// The head frame → view frame rotation R = R_z(roll) · R_y(yaw) · R_x(pitch) (see face_dataset.hpp).
Mat3 pose_rotation(double yaw_deg, double pitch_deg, double roll_deg) {
    const double k = std::numbers::pi / 180.0;
    const double cy = std::cos(yaw_deg * k), sy = std::sin(yaw_deg * k);
    const double cp = std::cos(pitch_deg * k), sp = std::sin(pitch_deg * k);
    const double cr = std::cos(roll_deg * k), sr = std::sin(roll_deg * k);
    const Mat3 yaw_pitch{{{cy, -sy * sp, sy * cp}, {0, cp, sp}, {-sy, -cy * sp, cy * cp}}};
    Mat3 r{};
    for (int j = 0; j < 3; ++j) {
        r[0][j] = cr * yaw_pitch[0][j] - sr * yaw_pitch[1][j];
        r[1][j] = sr * yaw_pitch[0][j] + cr * yaw_pitch[1][j];
        r[2][j] = yaw_pitch[2][j];
    }
    return r;
}

// An axis-aligned ellipsoid of the head frame, and what a ray found on it.
struct Ellipsoid {
    Vec3 center, radii;
};
struct Hit {
    double coverage = 0;  // how much of the pixel the silhouette covers, 0..1
    double depth = 0;     // view z of the surface point (larger is nearer the camera)
    Vec3 point;           // surface point in the head frame
};

// The ray o + t·d (head frame) against the ellipsoid. In the ellipsoid's unit coordinates
// q(t) = (o + t·d − c)/r the surface is |q(t)|² = 1, a quadratic a·t² + 2β·t + γ = 0 with a = |e|²,
// β = q₀·e, γ = |q₀|² − 1 (e = d/r). Its minimum over t, m = |q₀|² − β²/a, is the silhouette's own
// quadratic form: the ray meets the ellipsoid iff m < 1. The front hit is the larger root (the camera
// looks down −z). Outside the silhouette we keep the closest point, so edge pixels still get a colour,
// and turn the distance (√m − 1)·radius·scale, roughly in pixels, into a soft coverage.
// Every ray of a face has the same direction d, so what depends on d and the part alone (e, a, the
// edge's width) is worked out once per face and part, in a RayTarget, not once per pixel.
struct RayTarget {
    const Ellipsoid* part;
    Vec3 e;             // d / r
    double a;           // |e|²
    double edge_px;     // the part's smaller half-axis across the image, in pixels
    double reach2;      // beyond m = reach² the coverage is 0
};

RayTarget aim(const Ellipsoid& ell, const Vec3& d, double scale) {
    RayTarget target{&ell, {d.x / ell.radii.x, d.y / ell.radii.y, d.z / ell.radii.z}, 0, 0, 0};
    target.a = dot(target.e, target.e);
    target.edge_px = std::min({ell.radii.x, ell.radii.y}) * scale;
    const double reach = 1.0 + 0.5 / target.edge_px;  // beyond √m = reach the coverage is 0: skip the roots
    target.reach2 = reach * reach;
    return target;
}

Hit cast(const RayTarget& target, const Vec3& o, const Vec3& d) {
    const Ellipsoid& ell = *target.part;
    const Vec3 q0{(o.x - ell.center.x) / ell.radii.x, (o.y - ell.center.y) / ell.radii.y,
                  (o.z - ell.center.z) / ell.radii.z};
    const Vec3& e = target.e;
    const double a = target.a, beta = dot(q0, e), q2 = dot(q0, q0);
    const double m = q2 - beta * beta / a;
    Hit hit;
    if (m >= target.reach2) return hit;
    hit.coverage = clamp01(0.5 - (std::sqrt(std::max(m, 0.0)) - 1.0) * target.edge_px);
    if (hit.coverage <= 0) return hit;
    const double t = (-beta + std::sqrt(std::max(beta * beta - a * (q2 - 1.0), 0.0))) / a;
    hit.depth = t;
    hit.point = {o.x + t * d.x, o.y + t * d.y, o.z + t * d.z};
    return hit;
}

// The 3-D model, in head units (the head is about one unit in radius).
const Ellipsoid kHead{{0, 0, 0}, {0.82, 1.0, 0.92}};
const Ellipsoid kNose{{0, -0.12, 0.88}, {0.14, 0.26, 0.3}};
const Ellipsoid kLeftEar{{-0.82, -0.02, -0.08}, {0.14, 0.24, 0.14}};
const Ellipsoid kRightEar{{0.82, -0.02, -0.08}, {0.14, 0.24, 0.14}};

// One person under one light: the colours and proportions that differ between faces.
struct Appearance {
    double skin = 0.72, hair = 0.16, eyes = 0.06, lips = 0.32;
    double background = 0.32, background_slope = 0.0;  // a gentle left-to-right gradient
    double hairline = 0.1;                              // larger: less hair
    double eye_dx = 0.34;                               // half the distance between the eyes
    Vec3 light{-0.35, 0.45, 0.82};                      // towards the light, view frame, unit length
};

struct Placement {
    double yaw = 0, pitch = 0, roll = 0;
    double cx = 16, cy = 16, scale = 10.0;
};

// A soft-edged ellipse painted on the front of the head, centred at (x0, y0) of the unit sphere's
// x–y coordinates with half-axes ax, ay: 1 inside, 0 outside, about a pixel of blur between.
// Most of the face is far from any one feature: when the point is more than 2 + 1/k half-axes away
// along x or along y alone (k = min(ax, ay)·scale, the blur's width), ρ − 1 > 1 + 1/k and the clamp
// below gives 0 anyway. The test, written without a division, skips the two divisions and the root.
double painted(double ux, double uy, double x0, double y0, double ax, double ay, double scale) {
    const double k = std::min(ax, ay) * scale;
    if (std::abs(ux - x0) * k > ax * (2 * k + 1) || std::abs(uy - y0) * k > ay * (2 * k + 1)) return 0.0;
    const double dx = (ux - x0) / ax, dy = (uy - y0) / ay;
    const double rho = std::sqrt(dx * dx + dy * dy);
    return clamp01(0.5 - (rho - 1.0) * std::min(ax, ay) * scale);
}

// The colour of the head's surface at a head-frame point, before lighting: skin, hair on top and at
// the back (where the point's direction is close to the hair axis, tilted back 30°), and the face.
double head_albedo(const Vec3& p, const Appearance& look, double scale) {
    const Vec3 u{p.x / kHead.radii.x, p.y / kHead.radii.y, p.z / kHead.radii.z};
    const double top = u.y * 0.87 - u.z * 0.5 - look.hairline;  // u · (0, cos 30°, −sin 30°): crown
    const double back = std::min(0.55 - u.z, u.y + 0.3);          // the back and the sides above the ears
    const double hair = smoothstep(-0.06, 0.06, std::max(top, back));
    double albedo = look.skin + (look.hair - look.skin) * hair;
    const double front = smoothstep(0.15, 0.35, u.z);  // features only on the face
    if (front <= 0) return albedo;
    const double eyes = std::max(painted(u.x, u.y, -look.eye_dx, 0.2, 0.15, 0.1, scale),
                                 painted(u.x, u.y, look.eye_dx, 0.2, 0.15, 0.1, scale));
    const double brows = std::max(painted(u.x, u.y, -look.eye_dx, 0.4, 0.22, 0.07, scale),
                                  painted(u.x, u.y, look.eye_dx, 0.4, 0.22, 0.07, scale));
    const double mouth = painted(u.x, u.y, 0.0, -0.5, 0.3, 0.09, scale);
    albedo += front * brows * (look.hair - albedo);
    albedo += front * eyes * (look.eyes - albedo);
    albedo += front * mouth * (look.lips - albedo);
    return albedo;
}

// Draws one face into pixels[0..1023] (values before brightness, contrast and noise).
void render(const Placement& place, const Appearance& look, double* pixels) {
    const Mat3 r = pose_rotation(place.yaw, place.pitch, place.roll);
    // A view-frame vector v goes to the head frame as Rᵀ·v: the ray direction (0, 0, 1) becomes R's
    // third row, and the view-plane point (X, Y, 0) becomes X·(first row) + Y·(second row).
    const Vec3 ex{r[0][0], r[0][1], r[0][2]}, ey{r[1][0], r[1][1], r[1][2]}, dir{r[2][0], r[2][1], r[2][2]};
    const Vec3& l = look.light;  // the light turns into the head frame the same way: Rᵀ·l
    const Vec3 light{r[0][0] * l.x + r[1][0] * l.y + r[2][0] * l.z, r[0][1] * l.x + r[1][1] * l.y + r[2][1] * l.z,
                     r[0][2] * l.x + r[1][2] * l.y + r[2][2] * l.z};
    for (int row = 0; row < kImageSide; ++row)
        for (int col = 0; col < kImageSide; ++col)
            pixels[row * kImageSide + col] = look.background + look.background_slope * (col - 15.5) / 16.0;

    const std::array<const Ellipsoid*, 4> parts{&kHead, &kNose, &kLeftEar, &kRightEar};
    // Each part's box of pixels: its centre R·c projected, ± its half-extent along the view's x and y,
    // √(Σⱼ (R_ij·r_j)²), plus a pixel and a half for the soft edge. Rays outside it cannot touch it.
    struct Box {
        int col0, col1, row0, row1;
    };
    std::array<Box, 4> boxes{};
    Box all{kImageSide, -1, kImageSide, -1};
    for (int k = 0; k < 4; ++k) {
        const Vec3 c = parts[k]->center, rad = parts[k]->radii;
        const double u = place.cx + place.scale * (r[0][0] * c.x + r[0][1] * c.y + r[0][2] * c.z);
        const double v = place.cy - place.scale * (r[1][0] * c.x + r[1][1] * c.y + r[1][2] * c.z);
        const double hx = place.scale * std::hypot(r[0][0] * rad.x, r[0][1] * rad.y, r[0][2] * rad.z) + 1.5;
        const double hy = place.scale * std::hypot(r[1][0] * rad.x, r[1][1] * rad.y, r[1][2] * rad.z) + 1.5;
        boxes[k] = {std::max(0, static_cast<int>(u - hx)), std::min(kImageSide - 1, static_cast<int>(u + hx)),
                    std::max(0, static_cast<int>(v - hy)), std::min(kImageSide - 1, static_cast<int>(v + hy))};
        all = {std::min(all.col0, boxes[k].col0), std::max(all.col1, boxes[k].col1),
               std::min(all.row0, boxes[k].row0), std::max(all.row1, boxes[k].row1)};
    }
    const int col0 = all.col0, col1 = all.col1, row0 = all.row0, row1 = all.row1;
    const std::array<double, 4> shade_of{1.0, 0.94, 0.88, 0.88};  // nose and ears a little darker
    std::array<RayTarget, 4> targets{};
    for (int k = 0; k < 4; ++k) targets[k] = aim(*parts[k], dir, place.scale);
    for (int row = row0; row <= row1; ++row)
        for (int col = col0; col <= col1; ++col) {
            const double X = (col + 0.5 - place.cx) / place.scale, Y = -(row + 0.5 - place.cy) / place.scale;
            const Vec3 o{X * ex.x + Y * ey.x, X * ex.y + Y * ey.y, X * ex.z + Y * ey.z};
            std::array<std::pair<Hit, int>, 4> hits;
            int n_hits = 0;
            for (int k = 0; k < 4; ++k) {
                const Box& box = boxes[k];
                if (col < box.col0 || col > box.col1 || row < box.row0 || row > box.row1) continue;
                const Hit hit = cast(targets[k], o, dir);
                if (hit.coverage > 0) hits[n_hits++] = {hit, k};
            }
            // Far to near, each surface over what lies behind it (an insertion sort of at most 4).
            for (int h = 1; h < n_hits; ++h)
                for (int g = h; g > 0 && hits[g].first.depth < hits[g - 1].first.depth; --g)
                    std::swap(hits[g], hits[g - 1]);
            double value = pixels[row * kImageSide + col];
            for (int h = 0; h < n_hits; ++h) {
                const auto& [hit, k] = hits[h];
                const Ellipsoid& part = *parts[k];
                Vec3 normal{(hit.point.x - part.center.x) / (part.radii.x * part.radii.x),
                            (hit.point.y - part.center.y) / (part.radii.y * part.radii.y),
                            (hit.point.z - part.center.z) / (part.radii.z * part.radii.z)};
                const double length = std::sqrt(dot(normal, normal));
                const double lambert = std::max(0.0, dot(normal, light) / length);
                const double albedo = k == 0 ? head_albedo(hit.point, look, place.scale) : look.skin * shade_of[k];
                const double colour = albedo * (0.45 + 0.65 * lambert);
                value += hit.coverage * (colour - value);
            }
            pixels[row * kImageSide + col] = value;
        }
}

Appearance draw_appearance(Rng& rng) {
    Appearance look;
    look.skin = rng.uniform(0.55, 0.85);
    look.hair = rng.uniform(0.04, look.skin - 0.3);
    look.eyes = rng.uniform(0.02, 0.12);
    look.lips = look.skin * rng.uniform(0.4, 0.6);
    look.background = rng.uniform(0.1, 0.55);
    look.background_slope = rng.uniform(-0.1, 0.1);
    look.hairline = rng.uniform(0.0, 0.2);
    look.eye_dx = rng.uniform(0.3, 0.38);
    const double lx = rng.uniform(-0.4, 0.4), ly = rng.uniform(0.15, 0.75);
    const double norm = std::sqrt(lx * lx + ly * ly + 1.0);
    look.light = {lx / norm, ly / norm, 1.0 / norm};
    return look;
}

}  // namespace

FaceSet generate_faces(std::size_t n, std::uint64_t seed, const FaceOptions& options) {
    if (options.max_yaw_deg < 0 || options.max_yaw_deg > 89 || options.max_pitch_deg < 0 ||
        options.max_pitch_deg > 89)
        throw std::invalid_argument("generate_faces: max_yaw_deg and max_pitch_deg must lie in [0, 89]");
    FaceSet set{Matrix(n, kPixels), Matrix(n, 2)};
    Rng seeds(seed);
    for (std::size_t i = 0; i < n; ++i) {
        Rng rng = seeds.split();
        Placement place;
        place.yaw = rng.uniform(-options.max_yaw_deg, options.max_yaw_deg);
        place.pitch = rng.uniform(-options.max_pitch_deg, options.max_pitch_deg);
        place.roll = rng.uniform(-options.roll_jitter_deg, options.roll_jitter_deg);
        place.cx = 16 + rng.uniform(-options.shift_jitter_px, options.shift_jitter_px);
        place.cy = 16 + rng.uniform(-options.shift_jitter_px, options.shift_jitter_px);
        place.scale *= 1 + rng.uniform(-options.scale_jitter, options.scale_jitter);
        const Appearance look = options.vary_appearance ? draw_appearance(rng) : Appearance{};
        double* pixels = set.images.row_data(i);
        render(place, look, pixels);
        // The camera: contrast about mid-grey, a brightness offset, then sensor noise.
        const double contrast = 1 + rng.uniform(-options.contrast_jitter, options.contrast_jitter);
        const double brightness = rng.uniform(-options.brightness_jitter, options.brightness_jitter);
        for (std::size_t j = 0; j < kPixels; ++j) {
            const double noise = options.noise_std > 0 ? rng.normal(0.0, options.noise_std) : 0.0;
            pixels[j] = clamp01(0.5 + contrast * (pixels[j] - 0.5) + brightness + noise);
        }
        set.angles(i, 0) = place.yaw;
        set.angles(i, 1) = place.pitch;
    }
    return set;
}

Matrix render_face(double yaw_deg, double pitch_deg) {
    Matrix image(1, kPixels);
    render({.yaw = yaw_deg, .pitch = pitch_deg}, Appearance{}, image.data());
    for (std::size_t j = 0; j < kPixels; ++j) image(0, j) = clamp01(image(0, j));
    return image;
}

}  // namespace course::face_dataset
