// A run's small values written as text: numbers, "#rrggbb" colours, marker names. One definition each, for
// scene files and for edits typed in the viewer, so both accept exactly the same text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gradscape::core {

enum class Marker { circle, square, triangle, diamond, cross };
inline constexpr std::array<std::string_view, 5> kMarkerNames = {"circle", "square", "triangle", "diamond", "cross"};

// "circle" -> Marker::circle; nothing for any other text (names are lower case, as written in scene files).
std::optional<Marker> parseMarkerName(std::string_view name);
std::string_view markerName(Marker marker);
// "circle, square, triangle, diamond, cross": for messages that list the choices.
std::string markerNameList();

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

// "#1f77b4" (either case) -> Rgb; nothing for anything else.
std::optional<Rgb> parseHexColor(std::string_view text);
// Lower case "#rrggbb", as scene files are saved.
std::string formatHexColor(Rgb color);

// A finite number written as JSON writes one ("-1.5e-3"; no "+", ".5", "5.", "inf", hex or spaces), read by
// the parser that reads scene files, so a value typed in the viewer means what it means in a file. Nothing
// for anything else, a number that overflows a double (1e999) included.
std::optional<double> parseNumber(std::string_view text);

}  // namespace gradscape::core
