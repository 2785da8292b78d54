// Tests for render/cairo/png_text.h: Crc32 against published check values, and
// AddPngChunks byte for byte: where the pHYs and tEXt chunks go, their lengths and CRCs,
// the resolution for several dpi values, key clipping, the '?' for bytes tEXt cannot
// hold, and streams that are not a PNG coming back unchanged.
#include "render/cairo/png_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

using Text = std::vector<std::pair<std::string, std::string>>;

std::string Signature() { return std::string("\x89PNG\r\n\x1A\n", 8); }

std::string U32(uint32_t v) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
  return out;
}

// A chunk as PNG lays it out: length, type, data, CRC of type and data.
std::string Chunk(const std::string& type, const std::string& data) {
  return U32(static_cast<uint32_t>(data.size())) + type + data + U32(Crc32(type + data));
}

// A 1x1 RGBA image's IHDR, and what follows it in a tiny PNG.
std::string IhdrData() { return std::string("\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 13); }

std::string Head() { return Signature() + Chunk("IHDR", IhdrData()); }

std::string Tail() {
  return Chunk("IDAT", std::string("\x78\x9C\x63\x00\x01\x00\x00\x05\x00\x01", 10)) +
         Chunk("IEND", "");
}

std::string Phys(uint32_t per_metre) {
  return Chunk("pHYs", U32(per_metre) + U32(per_metre) + std::string(1, '\x01'));
}

std::string TextChunk(const std::string& key, const std::string& value) {
  return Chunk("tEXt", key + std::string(1, '\0') + value);
}

TEST(Crc32, PublishedCheckValues) {
  EXPECT_EQ(Crc32(""), 0x00000000u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32("a"), 0xE8B7BE43u);
  EXPECT_EQ(Crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339u);
  // Every PNG ends with this chunk, CRC and all: 00 00 00 00 "IEND" AE 42 60 82.
  EXPECT_EQ(Crc32("IEND"), 0xAE426082u);
}

TEST(Crc32, HighBytesAndNulsCount) {
  EXPECT_EQ(Crc32(std::string(1, '\0')), 0xD202EF8Du);
  EXPECT_EQ(Crc32(std::string(4, '\xFF')), 0xFFFFFFFFu);
  EXPECT_NE(Crc32(std::string("a\0", 2)), Crc32("a"));
}

TEST(AddPngChunks, PhysAndTextGoRightAfterIhdr) {
  const std::string png = Head() + Tail();
  const std::string out =
      AddPngChunks(png, {{"Software", "graphgen"}, {"Source", "model.onnx"}}, 96);
  EXPECT_EQ(out, Head() + Phys(3780) + TextChunk("Software", "graphgen") +
                     TextChunk("Source", "model.onnx") + Tail());
}

TEST(AddPngChunks, ChunkBytesAreSpelledOut) {
  // Written out once by hand, so the helpers above cannot hide a layout mistake.
  const std::string out = AddPngChunks(Head() + Tail(), {{"k", "v"}}, 72);
  const std::string phys_body = std::string("pHYs\0\0\x0B\x13\0\0\x0B\x13\x01", 13);
  const std::string text_body = std::string("tEXtk\0v", 7);
  const std::string want = Head() + std::string("\0\0\0\x09", 4) + phys_body +
                           U32(Crc32(phys_body)) + std::string("\0\0\0\x03", 4) + text_body +
                           U32(Crc32(text_body)) + Tail();
  EXPECT_EQ(out, want);
}

TEST(AddPngChunks, ResolutionIsDotsPerMetreRounded) {
  const std::string png = Head() + Tail();
  EXPECT_EQ(AddPngChunks(png, {}, 72), Head() + Phys(2835) + Tail());    // 2834.6
  EXPECT_EQ(AddPngChunks(png, {}, 96), Head() + Phys(3780) + Tail());    // 3779.5
  EXPECT_EQ(AddPngChunks(png, {}, 150), Head() + Phys(5906) + Tail());   // 5905.5
  EXPECT_EQ(AddPngChunks(png, {}, 300), Head() + Phys(11811) + Tail());  // 11811.02
  EXPECT_EQ(AddPngChunks(png, {}, 25.4), Head() + Phys(1000) + Tail());
}

TEST(AddPngChunks, NoTextStillAddsTheResolution) {
  const std::string png = Head() + Tail();
  const std::string out = AddPngChunks(png, {}, 96);
  EXPECT_EQ(out.size(), png.size() + 21);  // 4 length + 4 type + 9 data + 4 CRC
  EXPECT_EQ(out.substr(0, 33), Head());
  EXPECT_EQ(out.substr(33 + 21), Tail());
}

TEST(AddPngChunks, KeysAreClippedTo79Characters) {
  const std::string key(100, 'k');
  const std::string out = AddPngChunks(Head() + Tail(), {{key, "v"}}, 96);
  EXPECT_EQ(out, Head() + Phys(3780) + TextChunk(std::string(79, 'k'), "v") + Tail());
  const std::string exact(79, 'e');
  EXPECT_EQ(AddPngChunks(Head() + Tail(), {{exact, ""}}, 96),
            Head() + Phys(3780) + TextChunk(exact, "") + Tail());
}

TEST(AddPngChunks, BytesTextCannotHoldBecomeQuestionMarks) {
  // UTF-8 "é" is two bytes, neither a character tEXt can hold as is; a NUL would end
  // the key, and control characters are not text.
  const Text text = {{"caf\xC3\xA9", std::string("a\0b\tc\nd\x7F", 8) + "\xC3\xA9"}};
  EXPECT_EQ(AddPngChunks(Head() + Tail(), text, 96),
            Head() + Phys(3780) + TextChunk("caf??", "a?b?c?d???") + Tail());
}

TEST(AddPngChunks, PrintableAsciiIsKeptAsIs) {
  std::string all;
  for (int c = 0x20; c < 0x7F; ++c) all += static_cast<char>(c);
  const std::string out = AddPngChunks(Head() + Tail(), {{"Comment", all}}, 96);
  EXPECT_EQ(out, Head() + Phys(3780) + TextChunk("Comment", all) + Tail());
}

TEST(AddPngChunks, EmptyKeyWritesNoChunk) {
  const std::string out = AddPngChunks(Head() + Tail(), {{"", "lost"}, {"kept", "x"}}, 96);
  EXPECT_EQ(out, Head() + Phys(3780) + TextChunk("kept", "x") + Tail());
}

TEST(AddPngChunks, WhatIsNotAPngComesBackUnchanged) {
  const Text text = {{"k", "v"}};
  EXPECT_EQ(AddPngChunks("", text, 96), "");
  EXPECT_EQ(AddPngChunks("GIF89a", text, 96), "GIF89a");
  // One byte short of a whole IHDR chunk.
  const std::string cut = Head().substr(0, 32);
  EXPECT_EQ(AddPngChunks(cut, text, 96), cut);
  // A first chunk that is not IHDR.
  const std::string no_ihdr = Signature() + Chunk("IDAT", IhdrData()) + Chunk("IEND", "");
  EXPECT_EQ(AddPngChunks(no_ihdr, text, 96), no_ihdr);
}

TEST(AddPngChunks, IhdrWithoutThePngSignatureIsNotAPng) {
  const std::string not_png = std::string("NOTAPNG!", 8) + Chunk("IHDR", IhdrData()) + Tail();
  EXPECT_EQ(AddPngChunks(not_png, {{"k", "v"}}, 96), not_png);
}

TEST(AddPngChunks, IhdrOfTheWrongLengthIsNotAPng) {
  // IHDR holds 13 bytes; with more, byte 33 is inside it and no chunk may go there.
  const std::string odd =
      Signature() + Chunk("IHDR", IhdrData() + std::string(4, '\0')) + Chunk("IEND", "");
  EXPECT_EQ(AddPngChunks(odd, {{"k", "v"}}, 96), odd);
}

TEST(AddPngChunks, AnIhdrAloneGainsTheChunks) {
  EXPECT_EQ(AddPngChunks(Head(), {{"k", "v"}}, 96), Head() + Phys(3780) + TextChunk("k", "v"));
}

}  // namespace
}  // namespace graphgen
