#pragma once
// The only place that writes files. Writes go to a temporary name in the same folder and are
// renamed into place, so a killed run never leaves a file that looks complete but is not.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace skintwin::io {

void write_file_atomic(const std::filesystem::path& path, std::string_view content);
// For writers that need a file name of their own (HDF5): `write_temp` writes the complete file at
// the temporary path it is given; only after it returns is that file renamed to `path`. If it
// throws, the temporary file is removed and the error propagates; if the process dies inside it,
// at most a `*.tmp.<pid>` file is left, never a file under the final name.
void write_file_atomic_with(const std::filesystem::path& path,
                            const std::function<void(const std::filesystem::path& temp_path)>& write_temp);
std::string read_text_file(const std::filesystem::path& path);  // throws InputError if unreadable
void ensure_directory(const std::filesystem::path& dir);         // throws InputError on failure

}  // namespace skintwin::io
