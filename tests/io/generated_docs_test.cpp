// docs/model.md's parameter tables and docs/config.md's key table are generated from the code's
// descriptor tables and schema. These tests fail when a document is stale; run
// scripts/update_docs.sh (it sets SKINTWIN_UPDATE_DOCS=1 and runs them) to regenerate.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "skintwin/io/config.hpp"
#include "skintwin/io/files.hpp"
#include "skintwin/io/parameter_config.hpp"

namespace skintwin::io {
namespace {

namespace fs = std::filesystem;

bool updating() {
  const char* v = std::getenv("SKINTWIN_UPDATE_DOCS");
  return v != nullptr && std::string(v) == "1";
}

fs::path doc(const char* name) { return fs::path(SKINTWIN_SOURCE_DIR) / "docs" / name; }

std::string begin_marker(const std::string& prefix) {
  return "<!-- generated: parameter table " + prefix + " (scripts/update_docs.sh) -->\n";
}
constexpr const char* kEndMarker = "<!-- end of generated table -->";

// Where the generated text of one table lies between its markers.
struct Section {
  bool found = false;
  std::size_t begin = 0;  // first character after the begin marker
  std::size_t end = 0;    // position of the end marker
};

Section find_section(const std::string& text, const std::string& prefix) {
  const std::string marker = begin_marker(prefix);
  const auto b = text.find(marker);
  if (b == std::string::npos) return {};
  const auto e = text.find(kEndMarker, b);
  if (e == std::string::npos) return {};
  return {true, b + marker.size(), e};
}

TEST(GeneratedDocs, ModelParameterTablesMatchTheCode) {
  std::string text = read_text_file(doc("model.md"));
  bool changed = false;
  for (const auto& table : parameter_tables_markdown()) {
    const Section s = find_section(text, table.prefix);
    ASSERT_TRUE(s.found) << "docs/model.md has no generated table for '" << table.prefix << "': add the markers\n"
                         << begin_marker(table.prefix) << kEndMarker;
    const std::string current = text.substr(s.begin, s.end - s.begin);
    if (current == table.markdown) continue;
    if (updating()) {
      text.replace(s.begin, s.end - s.begin, table.markdown);
      changed = true;
    } else {
      ADD_FAILURE() << "docs/model.md: the '" << table.prefix
                    << "' parameter table is stale; run scripts/update_docs.sh";
    }
  }
  if (changed) write_file_atomic(doc("model.md"), text);
}

TEST(GeneratedDocs, ConfigKeyTableMatchesTheSchema) {
  std::string text = read_text_file(doc("config.md"));
  const std::string table = schema_markdown(default_schema());
  if (text.find(table) != std::string::npos) return;
  const std::string header = "| key | type | default | unit |";
  const auto b = text.find(header);
  ASSERT_NE(b, std::string::npos) << "docs/config.md has no key table";
  if (!updating()) {
    ADD_FAILURE() << "docs/config.md is stale: run scripts/update_docs.sh";
    return;
  }
  // The table runs to the first line that is not a table row.
  std::size_t e = b;
  while (e < text.size() && text[e] == '|') {
    const auto nl = text.find('\n', e);
    e = nl == std::string::npos ? text.size() : nl + 1;
  }
  text.replace(b, e - b, table);
  write_file_atomic(doc("config.md"), text);
}

}  // namespace
}  // namespace skintwin::io
