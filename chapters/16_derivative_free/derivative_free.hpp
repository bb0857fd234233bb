// Chapter 16 — derivative-free optimization: methods that need only f(x), never ∇f.
#pragma once

#include "chapters/16_derivative_free/bayesian_optimization.hpp"
