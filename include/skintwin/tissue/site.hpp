#pragma once
#include "skintwin/core/named_catalog.hpp"
// Anatomical sites and their layered skin. Thicknesses in micrometres, from the literature
// (data/sites.csv carries the source of every number).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skintwin::tissue {

enum class LayerKind { Epidermis = 0, PapillaryDermis = 1, ReticularDermis = 2, Hypodermis = 3 };
inline constexpr std::size_t kLayerCount = 4;
const char* layer_name(LayerKind kind);  // "epidermis", "papillary_dermis", ...
constexpr bool is_dermis(LayerKind kind) {
  return kind == LayerKind::PapillaryDermis || kind == LayerKind::ReticularDermis;
}

enum class Sex { Female, Male, Unspecified };  // Unspecified: mean of both
const char* sex_name(Sex sex);                          // "female", "male", "unspecified"
std::optional<Sex> sex_from_name(std::string_view name);  // inverse of sex_name; nullopt otherwise

struct Thickness {
  double mean_um = 0.0;
  double sd_um = 0.0;
};

struct LayerThickness {
  Thickness female;
  Thickness male;
  Thickness of(Sex sex) const;  // Unspecified -> mean of female and male, pooled sd
};

struct Site {
  std::string name;          // key used in configs: "cheek", "forehead", ...
  std::string display_name;  // "Cheek (malar)"
  std::string region;        // "face" or "body"
  std::array<LayerThickness, kLayerCount> layers;  // indexed by LayerKind
  std::string sources;       // citations for the numbers
  std::string derivation;    // how values without a direct measurement were derived

  const LayerThickness& layer(LayerKind kind) const { return layers[static_cast<std::size_t>(kind)]; }
  double thickness_um(LayerKind kind, Sex sex) const { return layer(kind).of(sex).mean_um; }
  // Depth from the skin surface of the top of `kind` (0 for the epidermis), and of its bottom.
  double top_um(LayerKind kind, Sex sex) const;
  double bottom_um(LayerKind kind, Sex sex) const { return top_um(kind, sex) + thickness_um(kind, sex); }
  // Epidermis + papillary + reticular dermis: the depth at which fat begins.
  double dermis_bottom_um(Sex sex) const { return bottom_um(LayerKind::ReticularDermis, sex); }
  // Papillary + reticular dermis. The two sublayers come from one dermis figure split by a
  // fixed share, so they vary together: their sds add rather than combine in quadrature.
  Thickness dermis(Sex sex) const;
  // The layer at a depth below the surface (Hypodermis for anything deeper than the dermis).
  LayerKind layer_at(double depth_um, Sex sex) const;
};

class SiteCatalog : public NamedCatalog<Site> {
public:
  explicit SiteCatalog(std::vector<Site> sites) : NamedCatalog(std::move(sites), "site") {}
  const std::vector<Site>& sites() const noexcept { return items(); }
  // `key`: the config key or argument that asked, named in the error for an unknown site.
  const Site& get(const std::string& name, const std::string& key = "site.name") const {
    return NamedCatalog::get(name, key);
  }
};

}  // namespace skintwin::tissue
