// The same key twice in --set is an error naming the key; a file value overridden by --set is not.
#include <gtest/gtest.h>

#include <string>

#include "skintwin/core/error.hpp"
#include "skintwin/io/config.hpp"

namespace skintwin::io {
namespace {

TEST(ConfigSetTwice, SameKeyTwiceInSetIsAnError) {
  const Schema schema = default_schema();
  try {
    Config::resolve(schema, {}, {"device.set_depth_mm=1.0", "protocol.passes=2", "device.set_depth_mm=2.0"});
    FAIL() << "device.set_depth_mm given twice was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.key(), "device.set_depth_mm");
    EXPECT_EQ(e.value(), "'2.0'");
    EXPECT_NE(e.allowed().find("twice"), std::string::npos) << e.what();
    EXPECT_NE(e.allowed().find("'1.0'"), std::string::npos) << "names the first value: " << e.what();
  }
}

TEST(ConfigSetTwice, SetStillOverridesTheFileAndDifferentKeysCombine) {
  const Schema schema = default_schema();
  const Config config = Config::resolve_text(schema, "[device]\nset_depth_mm = 1.0\n", "file.toml",
                                             {"device.set_depth_mm=2.0", "protocol.passes=2"});
  EXPECT_DOUBLE_EQ(config.real("device.set_depth_mm"), 2.0);
  EXPECT_EQ(config.integer("protocol.passes"), 2);
}

}  // namespace
}  // namespace skintwin::io
