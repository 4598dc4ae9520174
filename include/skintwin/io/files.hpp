#pragma once
// The only place that writes files. Writes go to a temporary name in the same folder and are
// renamed into place, so a killed run never leaves a file that looks complete but is not.
// Every write, flush, close, rename, create or remove that fails throws OutputError naming the
// path and the reason ("disk full (No space left on device)"); the temporary file is removed
// and a previous file under the final name is left as it was.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace skintwin::io {

// Writes `content` to "<path>.tmp.<pid>", flushes it to the disk (fsync), closes it and renames
// it to `path`, checking each step.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);
// For writers that need a file name of their own: `write_temp` writes the complete file at
// the temporary path it is given; only after it returns is that file renamed to `path`. If it
// throws, the temporary file is removed and the error propagates (a std::filesystem error as an
// OutputError); if the process dies inside it, at most a `*.tmp.<pid>` file is left, never a
// file under the final name.
void write_file_atomic_with(const std::filesystem::path& path,
                            const std::function<void(const std::filesystem::path& temp_path)>& write_temp);
std::string read_text_file(const std::filesystem::path& path);  // throws InputError if unreadable
void ensure_directory(const std::filesystem::path& dir);         // throws OutputError on failure
// Removes a file if it is there; false if there was none. Anything else -> OutputError.
bool remove_file(const std::filesystem::path& path);
// "disk full (No space left on device)": the reason part of an OutputError for an errno value.
std::string describe_write_error(int errnum);

}  // namespace skintwin::io
