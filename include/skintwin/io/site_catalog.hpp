#pragma once
// The skin-site catalog: data/sites.csv (compiled into the library) or any CSV of the same
// layout, and the choice of site and sex from a resolved config.
#include <string>
#include <string_view>
#include <vector>

#include "skintwin/tissue/site.hpp"

namespace skintwin::io {

class Config;

// The column names of a site CSV, in order (see the comment header of data/sites.csv).
const std::vector<std::string>& site_csv_columns();

// Strict parser: lines starting with '#' and blank lines are skipped; the first other line must
// be the header. Throws InputError naming "<origin>:<line>" and the column on a wrong column
// count, a number that is not finite or not positive (sds may be 0), a malformed name, an
// unknown region, empty sources, a duplicate name or an unterminated quote.
tissue::SiteCatalog parse_site_catalog_csv(std::string_view csv_text, const std::string& origin);

// data/sites.csv as built into the library, parsed once on first use.
const tissue::SiteCatalog& builtin_site_catalog();

struct SiteChoice {
  const tissue::Site* site;  // points into the catalog passed to site_from_config
  tissue::Sex sex;
};

// Reads site.name and site.sex. An unknown site throws InputError("site.name", "'cheeck'",
// "unknown site; did you mean 'cheek'? known: ...").
SiteChoice site_from_config(const Config& config, const tissue::SiteCatalog& catalog);

}  // namespace skintwin::io
