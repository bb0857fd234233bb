// Given: the parameter list's checks and the state buffers every step function prepares.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "common/errors.hpp"

namespace course::optimizers {

// Called every step, so the messages are built only when something is wrong.
void check_parameters(const ParameterList& params, const char* who) {
    for (std::size_t p = 0; p < params.size(); ++p) {
        const Parameter& parameter = params[p];
        const auto where = [&] { return std::string(who) + ": parameter " + std::to_string(p); };
        if (parameter.value == nullptr || parameter.grad == nullptr)
            throw std::invalid_argument(where() + " has no " + (parameter.value ? "gradient" : "value") + " matrix");
        if (!parameter.value->same_shape(*parameter.grad))
            throw ShapeError(where() + " is " + parameter.value->shape() + " but its gradient is " +
                             parameter.grad->shape());
    }
}

bool prepare_buffers(std::vector<Matrix>& buffers, const ParameterList& params, const char* who, double fill) {
    check_parameters(params, who);
    if (buffers.empty()) {
        buffers.reserve(params.size());
        for (const Parameter& parameter : params) buffers.emplace_back(parameter.value->rows(), parameter.value->cols(), fill);
        return true;
    }
    if (buffers.size() != params.size())
        throw ShapeError(std::string(who) + ": the state holds " + std::to_string(buffers.size()) +
                         " buffers but " + std::to_string(params.size()) +
                         " parameters came (pass the same list every step, or reset the state)");
    for (std::size_t p = 0; p < params.size(); ++p)
        if (!buffers[p].same_shape(*params[p].value))
            throw ShapeError(std::string(who) + ": parameter " + std::to_string(p) + " is " + params[p].value->shape() +
                             " but its state buffer is " + buffers[p].shape());
    return false;
}

ParameterList parameters_of(std::vector<Var>& parameters) {
    ParameterList list;
    for (Var& v : parameters) list.push_back({&v.value(), &v.grad()});
    return list;
}

}  // namespace course::optimizers
