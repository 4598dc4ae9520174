#pragma once
// Per-layer parameters in a descriptor table (core/parameter_table.hpp): an array indexed by
// tissue::LayerKind becomes one row per layer, keyed "<name>.<layer_name>" (e.g.
// "baselines.fibroblasts.papillary_dermis"), with the symbol "<symbol> (E|P|R|H)" and each layer's
// own kind of source, citation and note.
#include <array>
#include <cstddef>
#include <string>

#include "skintwin/core/parameter_table.hpp"
#include "skintwin/tissue/site.hpp"

namespace skintwin::tissue {

// The kind, source and note of one layer's value.
struct LayerSource {
  SourceKind kind = SourceKind::Estimate;
  std::string source;
  std::string note = {};
};

// "papillary dermis" for LayerKind::PapillaryDermis.
std::string readable_layer_name(std::size_t layer);

// common: name, symbol, unit, meaning and range shared by the layers (the meaning gets " in the
// <layer>"). array: a generic lambda giving the per-layer member, e.g.
//   [](auto& p) -> auto& { return p.baselines.fibroblasts; }
template <class Params, class Array>
void add_per_layer(ParameterTable<Params>& table, const ParameterInfo& common,
                   const std::array<LayerSource, kLayerCount>& sources, Array array) {
  static constexpr std::array<const char*, kLayerCount> kLetter{"E", "P", "R", "H"};
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    table.add({.name = common.name + "." + layer_name(static_cast<LayerKind>(l)),
               .symbol = common.symbol + " (" + kLetter[l] + ")",
               .unit = common.unit,
               .meaning = common.meaning + " in the " + readable_layer_name(l),
               .range = common.range,
               .kind = sources[l].kind,
               .source = sources[l].source,
               .note = sources[l].note},
              [array, l](auto& p) -> auto& { return array(p)[l]; });
  }
}

}  // namespace skintwin::tissue
