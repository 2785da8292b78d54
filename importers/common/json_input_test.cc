// Tests for importers/common/json_input.h: the first-bytes check (white space, byte order
// mark), the nesting bound and where it falls, ParseJson's values and its error messages
// (syntax errors with their byte offset, number overflow, too deep), and JsonTypeName.
#include "importers/common/json_input.h"

#include <gtest/gtest.h>

#include <string>

#include "core/text.h"
#include "importers/importer.h"

namespace graphgen {
namespace {

// A UTF-8 byte order mark.
std::string Bom() { return "\xEF\xBB\xBF"; }

TEST(LooksLikeJsonObject, AnOpeningBracePastWhiteSpace) {
  EXPECT_TRUE(LooksLikeJsonObject("{"));
  EXPECT_TRUE(LooksLikeJsonObject("{\"format\": \"graph-model\"}"));
  EXPECT_TRUE(LooksLikeJsonObject(" \t\r\n {"));
  EXPECT_TRUE(LooksLikeJsonObject(Bom() + "{"));
  EXPECT_TRUE(LooksLikeJsonObject(Bom() + "\n  {"));
}

TEST(LooksLikeJsonObject, AnythingElseIsNot) {
  EXPECT_FALSE(LooksLikeJsonObject(""));
  EXPECT_FALSE(LooksLikeJsonObject("   \n"));
  EXPECT_FALSE(LooksLikeJsonObject(Bom()));
  EXPECT_FALSE(LooksLikeJsonObject("[{}]"));
  EXPECT_FALSE(LooksLikeJsonObject("\"{\""));
  EXPECT_FALSE(LooksLikeJsonObject("// {"));
  EXPECT_FALSE(LooksLikeJsonObject("\v{"));                // not JSON white space
  EXPECT_FALSE(LooksLikeJsonObject("\xEF\xBB{"));          // half a byte order mark
  EXPECT_FALSE(LooksLikeJsonObject(Bom() + Bom() + "{"));  // the mark once only
  EXPECT_FALSE(LooksLikeJsonObject(std::string("\0{", 2)));
  EXPECT_FALSE(LooksLikeJsonObject("\x0a\x05\x0a\x01"));  // protobuf bytes
}

TEST(MaxJsonDepth, GrowsWithTheNestingLimit) {
  ImportOptions options;
  EXPECT_EQ(MaxJsonDepth(options), 64 + 8 * 32);
  options.max_nesting_depth = 0;
  EXPECT_EQ(MaxJsonDepth(options), 64);
  options.max_nesting_depth = 100;
  EXPECT_EQ(MaxJsonDepth(options), 864);
}

TEST(ParseJson, ParsesADocument) {
  auto j = ParseJson(" {\"a\": [1, 2.5, \"x\", true, null], \"b\": {}}\n", ImportOptions());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(j->dump(), "{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}");
}

TEST(ParseJson, ByteOrderMarkIsSkipped) {
  auto j = ParseJson(Bom() + "{\"a\": 1}", ImportOptions());
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ((*j)["a"], 1);
}

TEST(ParseJson, ScalarsAndArraysAreDocumentsToo) {
  auto n = ParseJson("42", ImportOptions());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 42);
  auto a = ParseJson("[]", ImportOptions());
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->is_array());
}

// `levels` arrays, one inside the other, around `inner`.
std::string Nested(int levels, const std::string& inner) {
  return std::string(levels, '[') + inner + std::string(levels, ']');
}

TEST(ParseJson, ValuesUpToMaxJsonDepthLevelsDeepAreAccepted) {
  ImportOptions options;
  options.max_nesting_depth = 0;  // 64 levels
  EXPECT_TRUE(ParseJson(Nested(64, "1"), options).ok());
  EXPECT_TRUE(ParseJson(Nested(64, ""), options).ok());
  std::string objects;
  for (int i = 0; i < 64; ++i) objects += "{\"k\":";
  objects += "1" + std::string(64, '}');
  EXPECT_TRUE(ParseJson(objects, options).ok());
}

TEST(ParseJson, DeeperIsALimitErrorNamingTheFlag) {
  ImportOptions options;
  options.max_nesting_depth = 0;
  const auto too_deep = ParseJson(Nested(65, "1"), options);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_EQ(too_deep.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(too_deep.status().message(),
            "JSON nests deeper than 64 levels (raise it with --max-depth)");
  EXPECT_EQ(ParseJson(Nested(66, ""), options).status().code(), StatusCode::kLimitExceeded);
  std::string objects;
  for (int i = 0; i < 65; ++i) objects += "{\"k\":";
  objects += "1" + std::string(65, '}');
  EXPECT_EQ(ParseJson(objects, options).status().code(), StatusCode::kLimitExceeded);
}

TEST(ParseJson, HostileNestingStopsEarlyWithoutClosingBrackets) {
  const auto j = ParseJson(std::string(1'000'000, '['), ImportOptions());
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(j.status().message(), "JSON nests deeper than 320 levels (raise it with --max-depth)");
}

TEST(ParseJson, SyntaxErrorsGiveTheByteOffset) {
  const auto empty = ParseJson("", ImportOptions());
  EXPECT_EQ(empty.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(empty.status().message(),
            "JSON does not parse at byte 1: [json.exception.parse_error.101] parse error at "
            "line 1, column 1: syntax error while parsing value - unexpected end of input; "
            "expected '[', '{', or a literal");
  EXPECT_EQ(ParseJson("[1,]", ImportOptions()).status().message(),
            "JSON does not parse at byte 4: [json.exception.parse_error.101] parse error at "
            "line 1, column 4: syntax error while parsing value - unexpected ']'; expected "
            "'[', '{', or a literal");
  EXPECT_EQ(ParseJson("{", ImportOptions()).status().message(),
            "JSON does not parse at byte 2: [json.exception.parse_error.101] parse error at "
            "line 1, column 2: syntax error while parsing object key - unexpected end of "
            "input; expected string literal");
}

TEST(ParseJson, TrailingGarbageIsAnError) {
  const auto j = ParseJson("{\"a\":1} x", ImportOptions());
  EXPECT_EQ(j.status().code(), StatusCode::kBadInput);
  const std::string prefix = "JSON does not parse at byte 9: ";
  EXPECT_EQ(j.status().message().substr(0, prefix.size()), prefix);
  EXPECT_NE(j.status().message().find("expected end of input"), std::string::npos);
}

TEST(ParseJson, MessagesAreSafeToPrint) {
  // The parser quotes what it read: a bad byte and newlines must not reach the terminal.
  const auto bad = ParseJson("\"\xFF\"", ImportOptions());
  EXPECT_EQ(bad.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(FindInvalidUtf8(bad.status().message()), std::string::npos);
  EXPECT_EQ(bad.status().message().substr(0, 30), "JSON does not parse at byte 2:");
  const auto lines = ParseJson("\"x\"\n\n  y", ImportOptions());
  EXPECT_EQ(lines.status().message().find('\n'), std::string::npos);
  EXPECT_NE(lines.status().message().find("line 3, column 3"), std::string::npos);
}

TEST(ParseJson, LongMessagesAreClipped) {
  const std::string junk = "{\"" + std::string(500, 'k') + "\": tru}";
  const auto j = ParseJson(junk, ImportOptions());
  const std::string& m = j.status().message();
  const std::string prefix = "JSON does not parse at byte 509: ";
  ASSERT_EQ(m.substr(0, prefix.size()), prefix);
  EXPECT_EQ(m.size(), prefix.size() + 200 + 3);
  EXPECT_EQ(m.substr(m.size() - 3), "...");
}

TEST(ParseJson, NumberOverflowIsBadInputWithoutAnOffset) {
  const auto j = ParseJson("[-1e400]", ImportOptions());
  EXPECT_EQ(j.status().code(), StatusCode::kBadInput);
  EXPECT_EQ(j.status().message(),
            "JSON does not parse: [json.exception.out_of_range.406] number overflow parsing "
            "'-1e400'");
}

TEST(JsonTypeName, NamesEveryType) {
  EXPECT_EQ(JsonTypeName(nlohmann::json::object()), "object");
  EXPECT_EQ(JsonTypeName(nlohmann::json::array()), "array");
  EXPECT_EQ(JsonTypeName(nlohmann::json("s")), "string");
  EXPECT_EQ(JsonTypeName(nlohmann::json(1)), "number");
  EXPECT_EQ(JsonTypeName(nlohmann::json(-1)), "number");
  EXPECT_EQ(JsonTypeName(nlohmann::json(1.5)), "number");
  EXPECT_EQ(JsonTypeName(nlohmann::json(true)), "boolean");
  EXPECT_EQ(JsonTypeName(nlohmann::json(nullptr)), "null");
}

}  // namespace
}  // namespace graphgen
