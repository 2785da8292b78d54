#include "render/tfevents/tfrecord.h"

#include <gtest/gtest.h>

#include <string>

#include "third_party/tensorflow/tf_event.pb.h"

namespace graphgen {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// The spec's test vector, from TensorBoard's own writer functions.
const char kVectorEvent[] = "0900000040fc54d9411a0d627261696e2e4576656e743a32";
const char kVectorRecord[] =
    "1800000000000000a37f4b22"
    "0900000040fc54d9411a0d627261696e2e4576656e743a32"
    "eced8f9d";

TEST(Crc32c, CheckValueAndMask) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(MaskCrc32c(Crc32c("")), 0xA282EAD8u);
  // RFC 3720 B.4: 32 bytes of zeros and of 0xFF.
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xFF')), 0x62A8AB43u);
}

TEST(TfRecord, TestVectorRecord) {
  tf::Event event;
  event.set_wall_time(1700000000.0);
  event.set_file_version("brain.Event:2");
  std::string data;
  ASSERT_TRUE(event.SerializeToString(&data));
  EXPECT_EQ(Hex(data), kVectorEvent);
  EXPECT_EQ(MaskCrc32c(Crc32c(Unhex("1800000000000000"))), 0x224b7fa3u);
  EXPECT_EQ(MaskCrc32c(Crc32c(data)), 0x9d8fedecu);
  std::string record;
  AppendTfRecord(data, &record);
  EXPECT_EQ(record.size(), 40u);
  EXPECT_EQ(Hex(record), kVectorRecord);
}

TEST(TfRecord, ReadsBackWhatItWrites) {
  std::string file;
  AppendTfRecord("", &file);
  AppendTfRecord("one", &file);
  AppendTfRecord(std::string(100000, 'x'), &file);
  auto records = ReadTfRecords(file);
  ASSERT_TRUE(records.ok()) << records.status().message();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0], "");
  EXPECT_EQ((*records)[1], "one");
  EXPECT_EQ((*records)[2].size(), 100000u);
  auto empty = ReadTfRecords("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(TfRecord, ReaderRejectsWhatTensorBoardWouldDrop) {
  const std::string good = Unhex(kVectorRecord);
  const auto error = [](const std::string& file) {
    auto r = ReadTfRecords(file);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  std::string bad_length_crc = good;
  bad_length_crc[9] ^= 1;
  EXPECT_EQ(error(bad_length_crc), "record 0 at byte 0: failed header crc32 check");
  std::string bad_data_crc = good;
  bad_data_crc[39] ^= 1;
  EXPECT_EQ(error(bad_data_crc), "record 0 at byte 0: failed event crc32 check");
  std::string bad_data = good;
  bad_data[20] ^= 1;
  EXPECT_EQ(error(bad_data), "record 0 at byte 0: failed event crc32 check");
  EXPECT_EQ(error(good + good.substr(0, 10)), "record 1 at byte 40: truncated record in header");
  EXPECT_NE(error(good.substr(0, 39)).find("truncated record in data"), std::string::npos);
  // A length near 2^64 with a valid header CRC must not overflow or allocate.
  std::string huge = Unhex("ffffffffffffffff");
  const uint32_t crc = MaskCrc32c(Crc32c(huge));
  for (int i = 0; i < 4; ++i) huge += static_cast<char>((crc >> (8 * i)) & 0xFF);
  huge += "abcd";
  EXPECT_NE(error(huge).find("truncated record in data"), std::string::npos);
}

}  // namespace
}  // namespace graphgen
