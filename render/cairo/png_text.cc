#include "render/cairo/png_text.h"

#include <cmath>

namespace graphgen {
namespace {

void PutU32(std::string& out, uint32_t v) {
  out += static_cast<char>((v >> 24) & 0xFF);
  out += static_cast<char>((v >> 16) & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

void PutChunk(std::string& out, const std::string& type, const std::string& data) {
  PutU32(out, static_cast<uint32_t>(data.size()));
  const std::string body = type + data;
  out += body;
  PutU32(out, Crc32(body));
}

// tEXt is Latin-1 without NUL; anything else becomes '?'.
std::string Latin1(const std::string& s, size_t max) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= max) break;
    out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  }
  return out;
}

}  // namespace

uint32_t Crc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

std::string AddPngChunks(const std::string& png,
                         const std::vector<std::pair<std::string, std::string>>& text, double dpi) {
  // 8-byte signature, then IHDR: 4 length + 4 type + 13 data + 4 CRC. Both checked, the
  // length too: anything else would put our chunks inside some other stream or chunk.
  constexpr size_t kIhdrEnd = 8 + 25;
  constexpr char kStart[] = "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR";
  constexpr size_t kStartSize = sizeof(kStart) - 1;
  if (png.size() < kIhdrEnd || png.compare(0, kStartSize, kStart, kStartSize) != 0) return png;
  std::string out = png.substr(0, kIhdrEnd);
  std::string phys;
  const uint32_t per_meter = static_cast<uint32_t>(std::lround(dpi / 0.0254));
  PutU32(phys, per_meter);
  PutU32(phys, per_meter);
  phys += '\x01';  // unit: metre
  PutChunk(out, "pHYs", phys);
  for (const auto& [key, value] : text) {
    std::string data = Latin1(key, 79);
    if (data.empty()) continue;
    data += '\0';
    data += Latin1(value, 4096);
    PutChunk(out, "tEXt", data);
  }
  out.append(png, kIhdrEnd, std::string::npos);
  return out;
}

}  // namespace graphgen
