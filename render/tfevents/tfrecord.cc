#include "render/tfevents/tfrecord.h"

#include <array>

namespace graphgen {
namespace {

// The byte-at-a-time table, computed at compile time: no static initialisation order
// to worry about and no locking on first use.
constexpr std::array<uint32_t, 256> MakeCrc32cTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
    table[i] = crc;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kCrc32cTable = MakeCrc32cTable();
static_assert(kCrc32cTable[1] == 0xF26B8303u, "CRC-32C table");

constexpr uint32_t kMaskDelta = 0xA282EAD8u;

void AppendLittleEndian(uint64_t value, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint64_t ReadLittleEndian(std::string_view s, size_t at, int bytes) {
  uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(s[at + static_cast<size_t>(i)]);
  }
  return value;
}

}  // namespace

uint32_t Crc32c(std::string_view data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (char c : data) {
    crc = kCrc32cTable[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
  }
  return crc ^ 0xFFFFFFFFu;
}

uint32_t MaskCrc32c(uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kMaskDelta; }

void AppendTfRecord(std::string_view data, std::string* out) {
  std::string length;
  AppendLittleEndian(data.size(), 8, &length);
  out->append(length);
  AppendLittleEndian(MaskCrc32c(Crc32c(length)), 4, out);
  out->append(data.data(), data.size());
  AppendLittleEndian(MaskCrc32c(Crc32c(data)), 4, out);
}

StatusOr<std::vector<std::string>> ReadTfRecords(std::string_view file) {
  std::vector<std::string> records;
  size_t at = 0;
  while (at < file.size()) {
    const std::string where =
        "record " + std::to_string(records.size()) + " at byte " + std::to_string(at);
    if (file.size() - at < 12) return BadInput(where + ": truncated record in header");
    const uint64_t length = ReadLittleEndian(file, at, 8);
    if (ReadLittleEndian(file, at + 8, 4) != MaskCrc32c(Crc32c(file.substr(at, 8)))) {
      return BadInput(where + ": failed header crc32 check");
    }
    // Compare against what is left instead of adding to `at`: a hostile length must
    // neither overflow nor allocate.
    const size_t left = file.size() - at - 12;
    if (length > left || left - length < 4) {
      return BadInput(where + ": truncated record in data (length " + std::to_string(length) +
                      ", " + std::to_string(left) + " bytes left)");
    }
    const std::string_view data = file.substr(at + 12, length);
    if (ReadLittleEndian(file, at + 12 + length, 4) != MaskCrc32c(Crc32c(data))) {
      return BadInput(where + ": failed event crc32 check");
    }
    records.emplace_back(data);
    at += 16 + length;
  }
  return records;
}

}  // namespace graphgen
