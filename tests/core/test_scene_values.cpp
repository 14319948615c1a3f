// Numbers, colours and marker names as text: one parser each, and the number parser agrees with scene files.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/scene.hpp"
#include "core/scene_values.hpp"

namespace gradscape::core {
namespace {

// What a scene file makes of `text` as a start coordinate: the number, or nothing when it is rejected.
std::optional<double> numberInASceneFile(const std::string& text) {
  try {
    return parseScene(R"({"surface": "saddle", "runs": [{"start": [)" + text + R"(, 0]}]})", "scene.json").runs[0].start[0];
  } catch (const Error&) {
    return std::nullopt;
  }
}

TEST(SceneValues, ANumberIsWhatASceneFileAccepts) {
  const char* const texts[] = {"0", "-0", "1", "-1.5", "0.01", "1e-3", "1E+3", "2.5e10", "123456789012345678901234567890",
                               "1e-400", "1e999", "-1e999", "+1", ".5", "5.", "01", "0x10", "inf", "nan", "NaN", "1e",
                               "--1", "1,5", "1 ", " 1", "", "one", "true", "null", "[1]", "1/2", "0.1.2"};
  int accepted = 0;
  for (const char* text : texts) {
    SCOPED_TRACE(std::string("'") + text + "'");
    const std::optional<double> typed = parseNumber(text);
    // White space around a JSON value is legal in a file but is not a number typed on its own.
    if (std::string(text).find(' ') != std::string::npos) {
      EXPECT_FALSE(typed);
      continue;
    }
    EXPECT_EQ(typed, numberInASceneFile(text));
    accepted += typed.has_value();
  }
  EXPECT_EQ(accepted, 10) << "0 -0 1 -1.5 0.01 1e-3 1E+3 2.5e10 the 30 digits and 1e-400 (underflows to 0)";
  EXPECT_EQ(parseNumber("0.1"), 0.1);
  EXPECT_EQ(parseNumber("123456789012345678901234567890"), 1.2345678901234568e29);
}

TEST(SceneValues, HexColorsBothCasesAndNothingElse) {
  EXPECT_EQ(parseHexColor("#1f77B4"), (Rgb{0x1f, 0x77, 0xb4}));
  EXPECT_EQ(parseHexColor("#000000"), (Rgb{0, 0, 0}));
  for (const char* text : {"red", "#fff", "#1f77b4 ", "1f77b4", "#1f77bg", "#-1f77b", "#+1f77b", "#1f77b45", ""})
    EXPECT_FALSE(parseHexColor(text)) << text;
  EXPECT_EQ(formatHexColor(Rgb{255, 0, 16}), "#ff0010");
  EXPECT_EQ(parseHexColor(formatHexColor(Rgb{1, 2, 254})), (Rgb{1, 2, 254}));
}

TEST(SceneValues, MarkerNamesRoundTrip) {
  for (const std::string_view name : kMarkerNames) {
    const std::optional<Marker> marker = parseMarkerName(name);
    ASSERT_TRUE(marker) << name;
    EXPECT_EQ(markerName(*marker), name);
  }
  EXPECT_FALSE(parseMarkerName("Circle"));
  EXPECT_FALSE(parseMarkerName("star"));
  EXPECT_EQ(markerNameList(), "circle, square, triangle, diamond, cross");
}

}  // namespace
}  // namespace gradscape::core
