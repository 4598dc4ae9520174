#include "skintwin/tissue/layer_parameters.hpp"

namespace skintwin::tissue {

std::string readable_layer_name(std::size_t layer) {
  std::string name = layer_name(static_cast<LayerKind>(layer));
  for (char& c : name)
    if (c == '_') c = ' ';
  return name;
}

}  // namespace skintwin::tissue
