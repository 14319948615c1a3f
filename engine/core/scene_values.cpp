// Numbers, colours and marker names as text: the one parser of each (scene_values.hpp).
#include "core/scene_values.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace gradscape::core {

std::optional<Marker> parseMarkerName(std::string_view name) {
  for (std::size_t i = 0; i < kMarkerNames.size(); ++i)
    if (kMarkerNames[i] == name) return static_cast<Marker>(i);
  return std::nullopt;
}

std::string_view markerName(Marker marker) { return kMarkerNames[static_cast<std::size_t>(marker)]; }

std::string markerNameList() {
  std::string list;
  for (const std::string_view name : kMarkerNames) (list += list.empty() ? "" : ", ") += name;
  return list;
}

std::optional<Rgb> parseHexColor(std::string_view text) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  for (std::size_t i = 1; i < 7; ++i)
    if (digit(text[i]) < 0) return std::nullopt;
  auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(digit(text[i]) * 16 + digit(text[i + 1])); };
  return Rgb{byte(1), byte(3), byte(5)};
}

std::string formatHexColor(Rgb color) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", color.r, color.g, color.b);
  return text;
}

std::optional<double> parseNumber(std::string_view text) {
  // JSON allows white space around a value; a typed value has none.
  if (text.empty() || text.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  const nlohmann::json value = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!value.is_number()) return std::nullopt;
  const double number = value.get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

}  // namespace gradscape::core
