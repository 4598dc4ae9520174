#pragma once
// A list of items looked up by their `name` member (sites, devices), with the project's error
// for an unknown name: the key that asked, the name given, the nearest known one and the list.
#include <string>
#include <utility>
#include <vector>

#include "skintwin/core/error.hpp"
#include "skintwin/core/text.hpp"

namespace skintwin {

template <class Item>
class NamedCatalog {
public:
  NamedCatalog() = default;
  NamedCatalog(std::vector<Item> items, std::string kind) : items_(std::move(items)), kind_(std::move(kind)) {}

  const std::vector<Item>& items() const noexcept { return items_; }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& item : items_) out.push_back(item.name);
    return out;
  }

  const Item* find(const std::string& name) const {
    for (const auto& item : items_)
      if (item.name == name) return &item;
    return nullptr;
  }

  // Throws InputError naming `key`, the unknown name, the nearest known name and the list.
  const Item& get(const std::string& name, const std::string& key) const {
    if (const Item* item = find(name)) return *item;
    const auto known = names();
    throw InputError(key, "'" + name + "'", "unknown " + kind_ + "; " + allowed_names_hint(name, known));
  }

private:
  std::vector<Item> items_;
  std::string kind_;
};

}  // namespace skintwin
