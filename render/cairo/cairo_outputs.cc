#include "render/cairo/cairo_outputs.h"

#include <cstdint>
#include <cstring>

#include "core/text.h"
#include "render/cairo/cairo_renderer.h"

namespace graphgen {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

uint32_t BigEndian32(const std::string& b, size_t pos) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(b[pos])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 3]));
}

// tEXt chunks: Latin-1 "key\0value".
Metadata ReadPng(const std::string& b) {
  Metadata meta;
  size_t pos = 8;
  while (pos + 12 <= b.size()) {
    const uint64_t length = BigEndian32(b, pos);
    if (length > b.size() - pos - 12) break;
    const std::string type = b.substr(pos + 4, 4);
    if (type == "IDAT" || type == "IEND") break;
    if (type == "tEXt") {
      const std::string data = b.substr(pos + 8, length);
      const size_t nul = data.find('\0');
      if (nul != std::string::npos) {
        std::string value;
        for (size_t i = nul + 1; i < data.size(); ++i) {
          AppendUtf8(static_cast<unsigned char>(data[i]), &value);
        }
        meta.emplace_back(data.substr(0, nul), value);
      }
    }
    pos += 12 + length;
  }
  return meta;
}

// A PDF string at `pos`: a literal "(...)" with backslash escapes and balanced
// parentheses, or "<FEFF...>" UTF-16BE hex, as Cairo writes document info.
std::string ReadPdfString(const std::string& b, size_t pos) {
  while (pos < b.size() && b[pos] == ' ') ++pos;
  std::string out;
  if (pos < b.size() && b[pos] == '(') {
    int depth = 1;
    for (size_t i = pos + 1; i < b.size(); ++i) {
      const char c = b[i];
      if (c == '\\' && i + 1 < b.size()) {
        const char e = b[++i];
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && i + 1 < b.size() && b[i + 1] >= '0' && b[i + 1] <= '7';
                   ++k) {
                v = v * 8 + (b[++i] - '0');
              }
              out += static_cast<char>(v);
            } else {
              out += e;
            }
        }
      } else if (c == '(') {
        ++depth;
        out += c;
      } else if (c == ')') {
        if (--depth == 0) break;
        out += c;
      } else {
        out += c;
      }
    }
    return out;
  }
  if (pos < b.size() && b[pos] == '<') {
    std::vector<uint32_t> units;
    uint32_t unit = 0;
    int nibbles = 0;
    for (size_t i = pos + 1; i < b.size() && b[i] != '>'; ++i) {
      const char c = b[i];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        continue;
      }
      unit = (unit << 4) | static_cast<uint32_t>(d);
      if (++nibbles == 4) {
        units.push_back(unit);
        unit = 0;
        nibbles = 0;
      }
    }
    size_t i = (!units.empty() && units[0] == 0xFEFF) ? 1 : 0;
    for (; i < units.size(); ++i) {
      uint32_t cp = units[i];
      if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
          units[i + 1] < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++i] - 0xDC00);
      } else if (cp >= 0xD800 && cp < 0xE000) {
        cp = 0xFFFD;
      }
      AppendUtf8(cp, &out);
    }
  }
  return out;
}

// The Keywords entry of the document info: "key=value; key=value".
Metadata ReadPdf(const std::string& b) {
  Metadata meta;
  const size_t pos = b.rfind("/Keywords");
  if (pos == std::string::npos) return meta;
  const std::string keywords = ReadPdfString(b, pos + std::strlen("/Keywords"));
  size_t start = 0;
  while (start < keywords.size()) {
    size_t end = keywords.find("; ", start);
    if (end == std::string::npos) end = keywords.size();
    const std::string item = keywords.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq != std::string::npos) meta.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    start = end + 2;
  }
  return meta;
}

}  // namespace

std::string_view PngOutput::Name() const { return "png"; }
std::string_view PngOutput::Title() const { return "PNG"; }
std::vector<std::string_view> PngOutput::Extensions() const { return {"png"}; }
OutputWriter::Input PngOutput::NeedsInput() const { return Input::kLayout; }
bool PngOutput::WritesToStdout() const { return false; }

StatusOr<OutputBytes> PngOutput::Write(const OutputRequest& request) const {
  auto png = RenderPng(*request.diagram, *request.layout, request.render.dpi);
  if (!png.ok()) return png.status();
  OutputBytes out;
  out.bytes = std::move(png->bytes);
  out.warnings = std::move(png->warnings);
  return out;
}

Metadata PngOutput::ReadProvenance(const std::string& bytes) const {
  if (!StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return {};
  return ReadPng(bytes);
}

std::string_view PdfOutput::Name() const { return "pdf"; }
std::string_view PdfOutput::Title() const { return "PDF"; }
std::vector<std::string_view> PdfOutput::Extensions() const { return {"pdf"}; }
OutputWriter::Input PdfOutput::NeedsInput() const { return Input::kLayout; }
bool PdfOutput::WritesToStdout() const { return false; }

StatusOr<OutputBytes> PdfOutput::Write(const OutputRequest& request) const {
  auto pdf = RenderPdf(*request.diagram, *request.layout, request.render.creation_date);
  if (!pdf.ok()) return pdf.status();
  OutputBytes out;
  out.bytes = std::move(*pdf);
  return out;
}

Metadata PdfOutput::ReadProvenance(const std::string& bytes) const {
  if (!StartsWith(bytes, "%PDF-")) return {};
  return ReadPdf(bytes);
}

}  // namespace graphgen
