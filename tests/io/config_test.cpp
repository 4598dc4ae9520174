#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "skintwin/core/error.hpp"
#include "skintwin/io/config.hpp"
#include "skintwin/io/files.hpp"
#include "scratch_folder.hpp"

namespace skintwin::io {
namespace {

Schema small_schema() {
  Schema s;
  s.add({.key = "device.set_depth_mm", .type = KeyType::Real, .default_value = 1.5, .unit = "mm",
         .meaning = "needle length", .min = 0.25, .max = 3.0});
  s.add({.key = "protocol.passes", .type = KeyType::Integer, .default_value = std::int64_t{3}, .unit = "",
         .meaning = "passes", .min = 1.0, .max = 50.0});
  s.add({.key = "site.name", .type = KeyType::Text, .default_value = std::string{"cheek"}, .meaning = "site"});
  s.add({.key = "site.sex", .type = KeyType::Text, .default_value = std::string{"unspecified"}, .meaning = "sex",
         .choices = {"female", "male", "unspecified"}});
  s.add({.key = "output.fields", .type = KeyType::Boolean, .default_value = false, .meaning = "write fields"});
  return s;
}

Schema list_schema() {
  Schema s = small_schema();
  s.add({.key = "course.set_depth_mm", .type = KeyType::RealList, .default_value = RealList{}, .unit = "mm",
         .meaning = "depths", .min = 0.25, .max = 3.0});
  s.add({.key = "course.passes", .type = KeyType::IntegerList, .default_value = IntegerList{}, .meaning = "passes",
         .min = 1.0, .max = 50.0});
  s.add({.key = "course.devices", .type = KeyType::TextList, .default_value = TextList{}, .meaning = "devices",
         .choices = {"pen-12", "roller-192"}});
  return s;
}

// A Config refers to its schema, so tests resolve against one that outlives them.
const Schema& small() {
  static const Schema schema = small_schema();
  return schema;
}

// Runs `f`, expects an InputError, and returns it so the test can inspect the key and message.
template <class F>
InputError expect_input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an InputError";
  return InputError("none");
}

TEST(Config, DefaultsThenFileThenOverrides) {
  const Schema schema = small_schema();
  const Config defaults = Config::resolve_text(schema, "", "empty");
  EXPECT_DOUBLE_EQ(defaults.real("device.set_depth_mm"), 1.5);
  EXPECT_EQ(defaults.origin("device.set_depth_mm").source, "default");

  const Config from_file = Config::resolve_text(schema, "[device]\nset_depth_mm = 1.0\n[protocol]\npasses = 4\n", "a.toml");
  EXPECT_DOUBLE_EQ(from_file.real("device.set_depth_mm"), 1.0);
  EXPECT_EQ(from_file.integer("protocol.passes"), 4);
  EXPECT_EQ(from_file.origin("protocol.passes").source, "a.toml");

  const Config overridden =
      Config::resolve_text(schema, "[device]\nset_depth_mm = 1.0\n", "a.toml", {"device.set_depth_mm=2", "site.name=forehead"});
  EXPECT_DOUBLE_EQ(overridden.real("device.set_depth_mm"), 2.0);
  EXPECT_EQ(overridden.text("site.name"), "forehead");
  EXPECT_EQ(overridden.origin("device.set_depth_mm").source, "--set");
}

TEST(Config, LaterFilesWinOverEarlierOnes) {
  const auto dir = test::scratch_folder("config_test");
  write_file_atomic(dir / "base.toml", "[device]\nset_depth_mm = 0.5\n[protocol]\npasses = 2\n");
  write_file_atomic(dir / "more.toml", "[device]\nset_depth_mm = 0.75\n");
  const Schema schema = small_schema();
  const Config c = Config::resolve(schema, {dir / "base.toml", dir / "more.toml"}, {});
  EXPECT_DOUBLE_EQ(c.real("device.set_depth_mm"), 0.75);
  EXPECT_EQ(c.integer("protocol.passes"), 2);
  std::filesystem::remove_all(dir);
}

TEST(Config, IntegerAcceptedWhereNumberExpected) {
  const Config c = Config::resolve_text(small(), "device.set_depth_mm = 2\n", "x");
  EXPECT_DOUBLE_EQ(c.real("device.set_depth_mm"), 2.0);
}

TEST(ConfigErrors, MalformedTomlReportsLineAndColumn) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "[device]\nset_depth_mm = = 1\n", "bad.toml"); });
  const std::string msg = e.what();
  EXPECT_NE(msg.find("bad.toml:2:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("malformed TOML"), std::string::npos) << msg;
}

TEST(ConfigErrors, UnknownKeySuggestsNearest) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "[device]\nset_dept_mm = 1.0\n", "x.toml"); });
  EXPECT_EQ(e.key(), "device.set_dept_mm");
  EXPECT_NE(std::string(e.what()).find("did you mean 'device.set_depth_mm'"), std::string::npos) << e.what();
}

TEST(ConfigErrors, OutOfRangeNamesKeyValueAndRange) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "", "x", {"device.set_depth_mm=3.5"}); });
  EXPECT_EQ(e.key(), "device.set_depth_mm");
  EXPECT_EQ(e.value(), "3.5");
  EXPECT_NE(e.allowed().find("from 0.25 to 3 mm"), std::string::npos) << e.allowed();
}

TEST(ConfigErrors, NegativeNumberRejected) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "device.set_depth_mm = -1.0\n", "x"); });
  EXPECT_EQ(e.key(), "device.set_depth_mm");
}

TEST(ConfigErrors, NanAndInfinityRejectedFromFileAndCommandLine) {
  for (const char* text : {"device.set_depth_mm = nan\n", "device.set_depth_mm = inf\n", "device.set_depth_mm = -inf\n"}) {
    const auto e = expect_input_error([&] { Config::resolve_text(small(), text, "x"); });
    EXPECT_NE(e.allowed().find("not a finite number"), std::string::npos) << text << ": " << e.what();
  }
  const auto e = expect_input_error([] { Config::resolve_text(small(), "", "x", {"device.set_depth_mm=nan"}); });
  EXPECT_EQ(e.key(), "device.set_depth_mm");
}

TEST(ConfigErrors, ZeroPassesRejected) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "protocol.passes = 0\n", "x"); });
  EXPECT_EQ(e.key(), "protocol.passes");
  EXPECT_EQ(e.value(), "0");
}

TEST(ConfigErrors, WrongTypeNamesExpectedType) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "protocol.passes = 2.5\n", "x.toml"); });
  EXPECT_NE(e.allowed().find("expected integer"), std::string::npos) << e.what();
  const auto e2 = expect_input_error([] { Config::resolve_text(small(), "", "x", {"protocol.passes=many"}); });
  EXPECT_EQ(e2.key(), "protocol.passes");
}

TEST(ConfigErrors, ChoiceSuggestsNearest) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "site.sex = \"femal\"\n", "x"); });
  EXPECT_NE(std::string(e.what()).find("did you mean 'female'"), std::string::npos) << e.what();
}

TEST(ConfigErrors, SetWithoutEqualsSign) {
  const auto e = expect_input_error([] { Config::resolve_text(small(), "", "x", {"device.set_depth_mm"}); });
  EXPECT_EQ(e.key(), "--set");
}

TEST(ConfigErrors, MissingFileNamed) {
  const auto e = expect_input_error([] { Config::resolve(small(), {"/nonexistent/skintwin.toml"}, {}); });
  EXPECT_EQ(e.value(), "/nonexistent/skintwin.toml");
}

TEST(Config, ResolvedTomlRoundTrips) {
  const Schema schema = small_schema();
  const Config c = Config::resolve_text(schema, "", "x", {"device.set_depth_mm=0.75", "output.fields=true", "site.name=neck"});
  const Config again = Config::resolve_text(schema, c.to_toml(), "resolved.toml");
  for (const auto& key : schema.key_names()) EXPECT_EQ(value_to_text(c.value(key)), value_to_text(again.value(key))) << key;
  EXPECT_NE(c.to_toml().find("not a medical device"), std::string::npos);
}

TEST(Config, JsonCarriesEveryKey) {
  const Schema schema = small_schema();
  const auto json = Config::resolve_text(schema, "", "x").to_json();
  for (const auto& key : schema.key_names()) EXPECT_TRUE(json.contains(key)) << key;
}

TEST(ConfigLists, FromFileAndFromSetWithOrWithoutBrackets) {
  const Schema schema = list_schema();
  const Config empty = Config::resolve_text(schema, "", "x");
  EXPECT_TRUE(empty.reals("course.set_depth_mm").empty());
  EXPECT_FALSE(empty.given("course.set_depth_mm"));

  const Config file = Config::resolve_text(
      schema, "[course]\nset_depth_mm = [1, 1.5, 2.25]\npasses = [2, 3]\ndevices = [\"pen-12\", \"roller-192\"]\n", "c.toml");
  EXPECT_EQ(file.reals("course.set_depth_mm"), (RealList{1.0, 1.5, 2.25}));  // integers accepted as numbers
  EXPECT_EQ(file.integers("course.passes"), (IntegerList{2, 3}));
  EXPECT_EQ(file.texts("course.devices"), (TextList{"pen-12", "roller-192"}));
  EXPECT_TRUE(file.given("course.passes"));
  EXPECT_EQ(file.list_size("course.set_depth_mm"), 3u);
  EXPECT_EQ(empty.list_size("course.devices"), 0u);
  EXPECT_THROW((void)file.list_size("protocol.passes"), std::bad_variant_access);

  const Config set = Config::resolve_text(schema, "", "x",
                                          {"course.set_depth_mm=1.5, 2", "course.passes=[4]", "course.devices=pen-12,roller-192"});
  EXPECT_EQ(set.reals("course.set_depth_mm"), (RealList{1.5, 2.0}));
  EXPECT_EQ(set.integers("course.passes"), (IntegerList{4}));
  EXPECT_EQ(set.texts("course.devices"), (TextList{"pen-12", "roller-192"}));
  EXPECT_TRUE(Config::resolve_text(schema, "", "x", {"course.devices="}).texts("course.devices").empty());
  // Brackets around bare words (the shell took the quotes) or around quoted items.
  for (const char* given : {"course.devices=[pen-12, roller-192]", "course.devices=[\"pen-12\", \"roller-192\"]"})
    EXPECT_EQ(Config::resolve_text(schema, "", "x", {given}).texts("course.devices"), (TextList{"pen-12", "roller-192"}))
        << given;
}

TEST(ConfigLists, EachItemIsCheckedAndTheErrorSaysWhich) {
  const Schema schema = list_schema();
  auto e = expect_input_error([&] { Config::resolve_text(schema, "", "x", {"course.set_depth_mm=1.5,9"}); });
  EXPECT_EQ(e.key(), "course.set_depth_mm");
  EXPECT_NE(std::string(e.what()).find("item 2 (9)"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("0.25"), std::string::npos) << e.what();
  e = expect_input_error([&] { Config::resolve_text(schema, "[course]\npasses = [1, 2.5]\n", "c.toml"); });
  EXPECT_EQ(e.key(), "course.passes");
  e = expect_input_error([&] { Config::resolve_text(schema, "[course]\npasses = 2\n", "c.toml"); });
  EXPECT_NE(std::string(e.what()).find("list of integers"), std::string::npos) << e.what();
  e = expect_input_error([&] { Config::resolve_text(schema, "", "x", {"course.devices=pen-12,pen-21"}); });
  EXPECT_NE(std::string(e.what()).find("item 2 (pen-21)"), std::string::npos) << e.what();
  e = expect_input_error([&] { Config::resolve_text(schema, "", "x", {"course.set_depth_mm=[1.5,"}); });
  EXPECT_EQ(e.key(), "course.set_depth_mm");
}

TEST(ConfigLists, ResolvedTomlAndJsonKeepTheLists) {
  const Schema schema = list_schema();
  const Config c = Config::resolve_text(schema, "", "x", {"course.set_depth_mm=0.5,1", "course.devices=roller-192"});
  const Config again = Config::resolve_text(schema, c.to_toml(), "resolved.toml");
  for (const auto& key : schema.key_names()) EXPECT_EQ(value_to_text(c.value(key)), value_to_text(again.value(key))) << key;
  EXPECT_EQ(value_to_text(c.value("course.devices")), "[\"roller-192\"]");
  EXPECT_EQ(c.to_json()["course.set_depth_mm"], nlohmann::json::parse("[0.5, 1.0]"));
}

TEST(Schema, RejectsDuplicateAndInconsistentDefaults) {
  Schema s = small_schema();
  EXPECT_THROW(s.add({.key = "protocol.passes", .type = KeyType::Integer, .default_value = std::int64_t{1}}), std::logic_error);
  EXPECT_THROW(s.add({.key = "x.y", .type = KeyType::Real, .default_value = std::int64_t{1}}), std::logic_error);
  EXPECT_THROW(s.add({.key = "x.z", .type = KeyType::Real, .default_value = 9.0, .min = 0.0, .max = 1.0}), std::logic_error);
}

TEST(Schema, DefaultSchemaIsConsistentAndDocumented) {
  const Schema schema = default_schema();
  ASSERT_FALSE(schema.keys().empty());
  for (const auto& spec : schema.keys()) {
    EXPECT_FALSE(spec.meaning.empty()) << spec.key;
    EXPECT_NE(spec.key.find('.'), std::string::npos) << spec.key << " should live in a table";
  }
  const std::string md = schema_markdown(schema);
  for (const auto& spec : schema.keys()) EXPECT_NE(md.find("`" + spec.key + "`"), std::string::npos) << spec.key;
}

}  // namespace
}  // namespace skintwin::io
