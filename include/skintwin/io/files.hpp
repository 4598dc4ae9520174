#pragma once
// The only place that writes files. Writes go to a temporary name in the same folder and are
// renamed into place, so a killed run never leaves a file that looks complete but is not.
#include <filesystem>
#include <string>
#include <string_view>

namespace skintwin::io {

void write_file_atomic(const std::filesystem::path& path, std::string_view content);
std::string read_text_file(const std::filesystem::path& path);  // throws InputError if unreadable
void ensure_directory(const std::filesystem::path& dir);         // throws InputError on failure

}  // namespace skintwin::io
