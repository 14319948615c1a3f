// Reading scene JSON with errors that name the file and JSON path: shared by scene.cpp and the files
// that read newer run keys (scene_run_keys.cpp).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/number_format.hpp"
#include "core/printable.hpp"

namespace gradscape::core::json_reading {

using Json = nlohmann::json;

// Walks a parsed document, remembering where it is so every error names its JSON path.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    // Keys, names and file names come from the user: keep the message one printable line.
    if (path.empty()) throw Error(printableText(origin_ + ": " + what));
    throw Error(printableText(origin_ + ": " + path + ": " + what));
  }

  const Json& object(const Json& value, const std::string& path) const {
    if (!value.is_object()) fail(path, "expected an object, got " + describe(value));
    return value;
  }

  // Rejects keys other than `allowed`, naming the first unknown one.
  void onlyKeys(const Json& object, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, unused] : object.items()) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key == name;
      if (!known) {
        std::string list;
        for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
        fail(join(path, key), "unknown key (expected one of: " + list + ")");
      }
    }
  }

  double number(const Json& value, const std::string& path) const {
    if (!value.is_number()) fail(path, "expected a number, got " + describe(value));
    const double v = value.get<double>();
    if (!std::isfinite(v)) fail(path, "expected a finite number");
    return v;
  }

  std::int64_t wholeNumber(const Json& value, const std::string& path, std::int64_t min, std::int64_t max) const {
    if (value.is_number_integer()) {
      if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max))
        fail(path, "must be at most " + std::to_string(max) + " (got " + std::to_string(value.get<std::uint64_t>()) + ")");
      const std::int64_t v = value.get<std::int64_t>();
      if (v < min) fail(path, "must be at least " + std::to_string(min) + " (got " + std::to_string(v) + ")");
      if (v > max) fail(path, "must be at most " + std::to_string(max) + " (got " + std::to_string(v) + ")");
      return v;
    }
    const double v = number(value, path);
    if (v != std::floor(v)) fail(path, "expected a whole number, got " + formatShortest(v));
    if (v < static_cast<double>(min)) fail(path, "must be at least " + std::to_string(min) + " (got " + formatShortest(v) + ")");
    if (v > static_cast<double>(max)) fail(path, "must be at most " + std::to_string(max) + " (got " + formatShortest(v) + ")");
    return static_cast<std::int64_t>(v);
  }

  bool boolean(const Json& value, const std::string& path) const {
    if (!value.is_boolean()) fail(path, "expected true or false, got " + describe(value));
    return value.get<bool>();
  }

  const std::string& string(const Json& value, const std::string& path) const {
    if (!value.is_string()) fail(path, "expected a string, got " + describe(value));
    return value.get_ref<const std::string&>();
  }

  std::array<double, 2> pair(const Json& value, const std::string& path) const {
    if (!value.is_array() || value.size() != 2) fail(path, "expected 2 numbers");
    return {number(value[0], path + "[0]"), number(value[1], path + "[1]")};
  }

  static std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }
  static std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  static std::string describe(const Json& value) {
    switch (value.type()) {
      case Json::value_t::null: return "null";
      case Json::value_t::object: return "an object";
      case Json::value_t::array: return "an array";
      case Json::value_t::string: return "a string";
      case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float: return "a number";
      default: return "an unsupported value";
    }
  }

 private:
  std::string origin_;
};

// Keeps integral values integral in saved files ("start": [1, 0], not [1.0, 0.0]).
inline nlohmann::ordered_json jsonNumber(double value) {
  if (value == std::floor(value) && std::fabs(value) < 9.0e15) return nlohmann::ordered_json(static_cast<std::int64_t>(value));
  return nlohmann::ordered_json(value);
}

}  // namespace gradscape::core::json_reading
