#include "skintwin/model/parameters.hpp"

namespace skintwin::model {

HealingParameters default_healing_parameters() { return HealingParameters{}; }

void validate(const HealingParameters& parameters) { healing_parameter_table().validate(parameters); }

}  // namespace skintwin::model
