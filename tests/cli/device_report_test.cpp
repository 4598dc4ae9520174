// Text and JSON reports of `skintwin devices`, checked on the built-in catalog.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/device_report.hpp"
#include "skintwin/io/device_catalog.hpp"

namespace skintwin::cli {
namespace {

using io::builtin_device_catalog;

TEST(DeviceReport, TableAndJsonListEveryDevice) {
  const auto& catalog = builtin_device_catalog();
  const std::string table = device_table_text(catalog);
  const auto json = device_catalog_json(catalog);
  EXPECT_NE(table.find("not a medical device"), std::string::npos);
  ASSERT_EQ(json["devices"].size(), catalog.devices().size());
  for (std::size_t i = 0; i < catalog.devices().size(); ++i) {
    const auto& d = catalog.devices()[i];
    EXPECT_NE(table.find(d.name), std::string::npos);
    EXPECT_EQ(json["devices"][i]["name"], d.name);
    EXPECT_EQ(json["devices"][i]["needle_count"], d.needle_count());
    EXPECT_NE(device_detail_text(d).find(d.sources), std::string::npos);
  }
}

}  // namespace
}  // namespace skintwin::cli
