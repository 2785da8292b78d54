// Tests for importers/common/proto_sniff.h over protobuf's own descriptor messages: the
// first-fields check and its message, ParseWholeMessage (whole, cut, trailing bytes,
// nesting bound), and CheckWireObjects' object count, limit and malformed-data verdicts.
#include "importers/common/proto_sniff.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "importers/importer.h"

namespace graphgen {
namespace {

using google::protobuf::DescriptorProto;
using google::protobuf::FileDescriptorProto;

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  return out + static_cast<char>(v);
}

std::string Tag(uint64_t field, int wire) { return Varint(field << 3 | wire); }

// A length-delimited field: a string, bytes, a message or a packed list.
std::string Field(uint64_t field, const std::string& payload) {
  return Tag(field, 2) + Varint(payload.size()) + payload;
}

std::string VarintField(uint64_t field, uint64_t value) { return Tag(field, 0) + Varint(value); }

// A message shaped like a GraphDef: 1 node (message), 2 versions, 3 version (varint),
// 4 library, 5 a fixed32, 6 a fixed64.
int GraphDefWire(uint64_t field) {
  switch (field) {
    case 1:
    case 2:
    case 4:
      return 2;
    case 3:
      return 0;
    case 5:
      return 5;
    case 6:
      return 1;
    default:
      return -1;
  }
}

std::string Check(const std::string& head) {
  return CheckProtoFields(head, GraphDefWire, "GraphDef");
}

TEST(CheckProtoFields, EmptyFile) { EXPECT_EQ(Check(""), "the file is empty"); }

TEST(CheckProtoFields, DeclaredFieldsWithTheirWireTypesMatch) {
  EXPECT_EQ(Check(Field(1, "node")), "");
  EXPECT_EQ(Check(Field(1, "a") + Field(1, "b") + VarintField(3, 300) + Field(4, "")), "");
  EXPECT_EQ(Check(Tag(5, 5) + "abcd" + Tag(6, 1) + "abcdefgh" + Field(2, "v")), "");
}

TEST(CheckProtoFields, FirstFieldOfTheWrongWireType) {
  // An ONNX ModelProto starts with ir_version, field 1 as a varint.
  EXPECT_EQ(Check(VarintField(1, 8)),
            "byte 0 starts no GraphDef field (tag 0x8: field 1, wire type 0)");
}

TEST(CheckProtoFields, UndeclaredFieldNamesItsNumber) {
  EXPECT_EQ(Check(Field(1, "ok") + Field(100, "x")),
            "byte 4 starts no GraphDef field (tag 0x322: field 100, wire type 2)");
  EXPECT_EQ(Check(Field(1, "ok") + Tag(2, 3)),
            "byte 4 starts no GraphDef field (tag 0x13: field 2, wire type 3)");
  EXPECT_EQ(Check(std::string(1, '\0')),
            "byte 0 starts no GraphDef field (tag 0x0: field 0, wire type 0)");
}

TEST(CheckProtoFields, TextIsNotAMessage) {
  // "node {": 'n' is 0x6E, field 13 with wire type 6.
  EXPECT_EQ(Check("node {\n  name: \"x\"\n}"),
            "byte 0 starts no GraphDef field (tag 0x6e: field 13, wire type 6)");
}

TEST(CheckProtoFields, OnlyTheFirstFourFieldsAreChecked) {
  const std::string four =
      VarintField(3, 1) + VarintField(3, 2) + VarintField(3, 3) + VarintField(3, 4);
  EXPECT_EQ(Check(four + VarintField(99, 0)), "");
  EXPECT_EQ(Check(VarintField(3, 1) + VarintField(3, 2) + VarintField(3, 3) + VarintField(99, 0)),
            "byte 6 starts no GraphDef field (tag 0x318: field 99, wire type 0)");
}

TEST(CheckProtoFields, WhatTheHeadCutsShortIsFine) {
  // A field running past the head, a cut tag, a cut length: the rest of the file decides.
  EXPECT_EQ(Check(Tag(1, 2) + Varint(5000) + "abc"), "");
  EXPECT_EQ(Check(Field(1, "a") + "\x80"), "");
  EXPECT_EQ(Check(Field(1, "a") + Tag(1, 2) + "\xFF"), "");
  EXPECT_EQ(Check(VarintField(3, 1) + Tag(3, 0) + "\x80\x80"), "");
}

TEST(CheckProtoFields, MultiByteTags) {
  const auto wide = [](uint64_t field) { return field == 1000 ? 2 : -1; };
  EXPECT_EQ(CheckProtoFields(Field(1000, "x"), wide, "Wide"), "");
  EXPECT_EQ(CheckProtoFields(VarintField(1000, 1), wide, "Wide"),
            "byte 0 starts no Wide field (tag 0x1f40: field 1000, wire type 0)");
}

TEST(ParseWholeMessage, ReadsAWholeMessage) {
  DescriptorProto m;
  ASSERT_TRUE(ParseWholeMessage(Field(1, "Conv") + Field(3, Field(1, "Inner")), 32, &m));
  EXPECT_EQ(m.name(), "Conv");
  ASSERT_EQ(m.nested_type_size(), 1);
  EXPECT_EQ(m.nested_type(0).name(), "Inner");
}

TEST(ParseWholeMessage, EmptyBytesAreAnEmptyMessage) {
  DescriptorProto m;
  EXPECT_TRUE(ParseWholeMessage("", 32, &m));
  EXPECT_EQ(m.name(), "");
}

TEST(ParseWholeMessage, CutOrTrailingBytesAreNotOneMessage) {
  DescriptorProto m;
  const std::string whole = Field(1, "Conv");
  EXPECT_FALSE(ParseWholeMessage(whole.substr(0, whole.size() - 1), 32, &m));
  EXPECT_FALSE(ParseWholeMessage(whole + std::string(1, '\0'), 32, &m));
  EXPECT_FALSE(ParseWholeMessage(whole + Tag(2, 4), 32, &m));  // an end-group tag
}

// `levels` DescriptorProtos nested through nested_type (field 3).
std::string Nested(int levels) {
  std::string m = Field(1, "leaf");
  for (int i = 0; i < levels; ++i) m = Field(3, m);
  return m;
}

TEST(ParseWholeMessage, NestingBoundFollowsTheDepthLimit) {
  DescriptorProto m;
  // At least 100 levels whatever the limit; 8 per level of subgraphs, plus 16, above it.
  EXPECT_TRUE(ParseWholeMessage(Nested(90), 0, &m));
  EXPECT_FALSE(ParseWholeMessage(Nested(150), 0, &m));
  EXPECT_TRUE(ParseWholeMessage(Nested(150), 32, &m));  // bound 272
  EXPECT_FALSE(ParseWholeMessage(Nested(300), 32, &m));
  EXPECT_TRUE(ParseWholeMessage(Nested(300), 100, &m));  // bound 816
}

// Issue 21: nesting protobuf's parse would refuse as "truncated or corrupt" is a limit
// error naming --max-depth, at exactly the depth where the parse starts failing.
TEST(CheckWireObjects, NestingPastTheParseBoundNamesTheDepthFlag) {
  ImportOptions options;
  options.max_nodes = 1000000;
  options.max_nesting_depth = 32;  // bound 272
  DescriptorProto m;
  for (int levels = 268; levels < 276; ++levels) {
    const Status s =
        CheckWireObjects(Nested(levels), DescriptorProto::descriptor(), options, "bad");
    EXPECT_EQ(s.ok(), ParseWholeMessage(Nested(levels), 32, &m)) << levels << " levels";
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
      EXPECT_EQ(s.message(),
                "the file nests protobuf messages more than 272 deep: subgraphs nested past the "
                "limit of 32 (raise it with --max-depth)");
    }
  }
}

TEST(CheckWireObjects, CountsMessagesStringsAndUnknownFields) {
  ImportOptions options;
  // One DescriptorProto (1) with a name (2), a nested type (3) with a name (4), and an
  // unknown varint field (5); packed integers and varints cost nothing.
  const std::string bytes =
      Field(4, Field(1, "M") + Field(3, Field(1, "N")) + VarintField(999, 7)) +
      Field(10, Varint(1) + Varint(2)) + VarintField(10, 3);
  options.max_nodes = 2 * 5 - 2 * static_cast<int64_t>(bytes.size() / 8);
  EXPECT_TRUE(CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad").ok());
  options.max_nodes -= 2;
  const Status s = CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad");
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
}

TEST(CheckWireObjects, LimitMessageSpellsOutTheBudget) {
  ImportOptions options;
  options.max_nodes = 0;
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes += Field(4, "");  // 8 empty messages in 16 bytes
  const Status s = CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad");
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "the file declares more than 2 protobuf objects in 16 bytes, more than the limit of 0 "
            "plus one per 8 bytes (raise it with --max-nodes)");
  options.max_nodes = 11;  // 5 + 2: one short
  EXPECT_EQ(CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad").message(),
            "the file declares more than 7 protobuf objects in 16 bytes, more than the limit of 5 "
            "plus one per 8 bytes (raise it with --max-nodes)");
  options.max_nodes = 12;  // 6 + 2: just enough
  EXPECT_TRUE(CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad").ok());
}

TEST(CheckWireObjects, DeclaredFieldsOnTheWrongWireTypeAreUnknownFields) {
  // message_type (4) written as varints: protobuf keeps each as an unknown field.
  std::string bytes;
  for (int i = 0; i < 1000; ++i) bytes += VarintField(4, 0);
  FileDescriptorProto parsed;
  ASSERT_TRUE(ParseWholeMessage(bytes, 32, &parsed));
  EXPECT_EQ(parsed.message_type_size(), 0);
  EXPECT_EQ(parsed.unknown_fields().field_count(), 1000);
  ImportOptions options;
  options.max_nodes = 0;
  const Status s = CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad");
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "the file declares more than 250 protobuf objects in 2000 bytes, more than the limit "
            "of 0 plus one per 8 bytes (raise it with --max-nodes)");
  // A string written as a fixed32 is unknown too: 8 in 40 bytes, 5 allowed.
  std::string strings;
  for (int i = 0; i < 8; ++i) strings += Tag(1, 5) + "abcd";
  EXPECT_EQ(CheckWireObjects(strings, FileDescriptorProto::descriptor(), options, "bad").code(),
            StatusCode::kLimitExceeded);
}

TEST(CheckWireObjects, EmptyAndScalarOnlyFilesPass) {
  ImportOptions options;
  options.max_nodes = 0;
  EXPECT_TRUE(CheckWireObjects("", FileDescriptorProto::descriptor(), options, "bad").ok());
  // Packed integers: 1000 of them declare no object.
  std::string packed;
  for (int i = 0; i < 1000; ++i) packed += Varint(i);
  EXPECT_TRUE(
      CheckWireObjects(Field(10, packed), FileDescriptorProto::descriptor(), options, "bad").ok());
}

TEST(CheckWireObjects, WithoutATypeEveryFieldIsUnknown) {
  ImportOptions options;
  options.max_nodes = 6;  // 3, plus 0 for 7 bytes
  const std::string three = VarintField(1, 1) + Field(2, "ab") + VarintField(3, 1);
  ASSERT_EQ(three.size(), 8u);  // one per 8 bytes: 1 more
  EXPECT_TRUE(CheckWireObjects(three, nullptr, options, "bad").ok());
  EXPECT_TRUE(CheckWireObjects(three + VarintField(4, 1), nullptr, options, "bad").ok());
  EXPECT_EQ(CheckWireObjects(three + VarintField(4, 1) + VarintField(5, 1), nullptr, options, "bad")
                .code(),
            StatusCode::kLimitExceeded);
}

TEST(CheckWireObjects, MalformedWireDataIsBadInputWithTheCallersMessage) {
  const ImportOptions options;
  const auto* type = FileDescriptorProto::descriptor();
  const std::string message = "the file is not a GraphDef";
  const std::string cases[] = {
      Tag(1, 2) + Varint(10) + "short",        // a field running past the file
      Field(4, Tag(1, 2) + Varint(9) + "ab"),  // ... past its message
      std::string(1, '\0'),                    // field number 0
      Tag(1, 3),                               // a group
      Tag(1, 4),                               // an end-group tag
      Tag(1, 7),                               // no such wire type
      Tag(6, 1) + "1234567",                   // a fixed64 cut short
      Tag(5, 5) + "123",                       // a fixed32 cut short
      VarintField(12, 1) + "\x80\x80",         // a cut varint
      std::string(11, '\xFF'),                 // a varint of more than ten bytes
  };
  for (const std::string& bytes : cases) {
    const Status s = CheckWireObjects(bytes, type, options, message);
    EXPECT_EQ(s.code(), StatusCode::kBadInput) << testing::PrintToString(bytes);
    EXPECT_EQ(s.message(), message);
  }
}

TEST(CheckWireObjects, TooManyObjectsWinsOverMalformed) {
  ImportOptions options;
  options.max_nodes = 0;
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes += Field(4, "");
  bytes += Tag(1, 2) + Varint(100);  // then a field running past the end
  EXPECT_EQ(CheckWireObjects(bytes, FileDescriptorProto::descriptor(), options, "bad").code(),
            StatusCode::kLimitExceeded);
}

}  // namespace
}  // namespace graphgen
