#pragma once
// Sites built by hand for the device tests, with plausible layer thicknesses (um) so that the
// tests do not depend on the site catalog. Cheek: full skin 1.90 (F) / 2.53 (M) mm by 50 MHz
// ultrasound; forehead: dermis 0.86 (F) / 1.17 (M) mm (Meng et al. 2022), fat 2 mm (Iyengar 2018).
#include <string>

#include "skintwin/tissue/site.hpp"

namespace skintwin::test {

inline tissue::Site make_site(std::string name, double epi_f, double pap_f, double ret_f, double fat_f, double epi_m,
                              double pap_m, double ret_m, double fat_m) {
  tissue::Site site;
  site.display_name = name;
  site.name = std::move(name);
  site.region = "face";
  const double female[] = {epi_f, pap_f, ret_f, fat_f};
  const double male[] = {epi_m, pap_m, ret_m, fat_m};
  for (std::size_t i = 0; i < tissue::kLayerCount; ++i) {
    site.layers[i].female = {female[i], 0.1 * female[i]};
    site.layers[i].male = {male[i], 0.1 * male[i]};
  }
  return site;
}

inline tissue::Site cheek() { return make_site("cheek", 50, 200, 1300, 3000, 60, 250, 1750, 3000); }
inline tissue::Site forehead() { return make_site("forehead", 50, 150, 710, 2000, 55, 200, 970, 2000); }

}  // namespace skintwin::test
