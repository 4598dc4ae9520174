#pragma once
// What `skintwin sites` prints: the catalog as an aligned table or JSON, one site in detail.
// Every report carries skintwin::kNotice.
#include <string>

#include <nlohmann/json.hpp>

#include "skintwin/tissue/site.hpp"

namespace skintwin::cli {

// One row per site: name, region, epidermis, papillary, reticular, dermis total and hypodermis
// as "mean ± sd" in µm for `sex`; the notice is the last line.
std::string site_table_text(const tissue::SiteCatalog& catalog, tissue::Sex sex);

// Every layer for female, male and unspecified sex, the depth of each layer boundary, the
// sources and the derivation, then the notice.
std::string site_detail_text(const tissue::Site& site);

nlohmann::json site_json(const tissue::Site& site);                   // includes "notice"
nlohmann::json site_catalog_json(const tissue::SiteCatalog& catalog);  // includes "notice"

}  // namespace skintwin::cli
