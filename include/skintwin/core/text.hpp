#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace skintwin {

// Edit distance (insertions, deletions, substitutions), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name`, if it is close enough to be a plausible typo
// (distance <= max(2, len/3)) or `name` is a prefix/substring of it.
std::optional<std::string> nearest_name(std::string_view name, std::span<const std::string> candidates);

// "unknown site 'cheeck'; did you mean 'cheek'? known: a, b, c" style hint text: the suggestion
// (if any) followed by the full list.
std::string allowed_names_hint(std::string_view name, std::span<const std::string> candidates);

}  // namespace skintwin
