#include "graphgen/check.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "core/file_io.h"
#include "core/text.h"

namespace graphgen {
namespace {

// A diagram we compare against is at most this large; bigger is not one of ours.
constexpr int64_t kMaxDiagramBytes = int64_t{1} << 31;

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The entities XmlEscape writes, plus decimal character references.
std::string XmlUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (ent.size() > 1 && ent[0] == '#' && ent[1] != 'x') {
      uint32_t cp = 0;
      for (char c : ent.substr(1)) {
        if (c < '0' || c > '9' || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * 10 + static_cast<uint32_t>(c - '0');
      }
      AppendUtf8(cp > 0x10FFFF ? 0xFFFD : cp, &out);
    } else {
      out.append(s.data() + i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

Metadata ReadSvg(const std::string& b) {
  Metadata meta;
  const size_t start = b.find("<metadata>");
  const size_t end = b.find("</metadata>", start == std::string::npos ? 0 : start);
  if (start == std::string::npos || end == std::string::npos) return meta;
  constexpr std::string_view kName = "<meta name=\"";
  constexpr std::string_view kContent = "\" content=\"";
  size_t pos = start;
  while (true) {
    pos = b.find(kName, pos);
    if (pos == std::string::npos || pos > end) break;
    const size_t name_start = pos + kName.size();
    const size_t mid = b.find(kContent, name_start);
    if (mid == std::string::npos || mid > end) break;
    const size_t value_start = mid + kContent.size();
    const size_t close = b.find('"', value_start);
    if (close == std::string::npos || close > end) break;
    meta.emplace_back(XmlUnescape(std::string_view(b).substr(name_start, mid - name_start)),
                      XmlUnescape(std::string_view(b).substr(value_start, close - value_start)));
    pos = close;
  }
  return meta;
}

// The header comments WriteDot writes, "// key: value", up to the digraph line.
Metadata ReadDot(const std::string& b) {
  Metadata meta;
  size_t pos = 0;
  while (pos < b.size() && b.compare(pos, 3, "// ") == 0) {
    size_t eol = b.find('\n', pos);
    if (eol == std::string::npos) eol = b.size();
    const std::string_view line = std::string_view(b).substr(pos + 3, eol - pos - 3);
    pos = eol + 1;
    const size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string value;
    const std::string_view raw = line.substr(colon + 2);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 1 < raw.size()) {
        ++i;
        value += raw[i] == 'n' ? '\n' : raw[i];
      } else {
        value += raw[i];
      }
    }
    meta.emplace_back(std::string(line.substr(0, colon)), value);
  }
  return meta;
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

const std::string* Find(const Metadata& meta, const char* key) {
  for (const auto& [k, v] : meta) {
    if (k == key) return &v;
  }
  return nullptr;
}

// "rankdir=TB depth=all layer_range=a b:c" -> ordered (key, value); a token without '='
// continues the previous value (a --layer-range regex may hold spaces).
Metadata SplitOptions(const std::string& text) {
  Metadata out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string token = text.substr(start, end - start);
    const size_t eq = token.find('=');
    if (eq == std::string::npos || eq == 0) {
      if (!out.empty()) out.back().second += " " + token;
    } else {
      out.emplace_back(token.substr(0, eq), token.substr(eq + 1));
    }
    start = end + 1;
  }
  return out;
}

std::string DescribeOptionChanges(const std::string& before, const std::string& now) {
  const Metadata a = SplitOptions(before), b = SplitOptions(now);
  std::string s;
  const auto add = [&](const std::string& key, const std::string* x, const std::string* y) {
    if (!s.empty()) s += ", ";
    s += Quote(key, 40) + " " + (x ? Quote(*x, 40) : "(unset)") + " -> " +
         (y ? Quote(*y, 40) : "(unset)");
  };
  for (const auto& [key, value] : b) {
    const std::string* old = Find(a, key.c_str());
    if (old == nullptr || *old != value) add(key, old, &value);
  }
  for (const auto& [key, value] : a) {
    if (Find(b, key.c_str()) == nullptr) add(key, &value, nullptr);
  }
  return s;
}

std::string VersionOf(const std::string& generator) {
  return StartsWith(generator, "graphgen ") ? generator.substr(9) : generator;
}

}  // namespace

Metadata ReadProvenance(const std::string& bytes) {
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return ReadPng(bytes);
  if (StartsWith(bytes, "%PDF-")) return ReadPdf(bytes);
  if (StartsWith(bytes, "// ")) return ReadDot(bytes);
  if (StartsWith(bytes, "<?xml") || StartsWith(bytes, "<svg")) return ReadSvg(bytes);
  return {};
}

std::string DescribeProvenanceChange(const Metadata& old_meta, const Metadata& new_meta,
                                     const LayerGraph& graph) {
  std::vector<std::string> reasons;
  const auto get = [](const Metadata& m, const char* key) {
    const std::string* v = Find(m, key);
    return v ? *v : std::string();
  };
  const std::string old_gen = get(old_meta, kMetaGenerator);
  const std::string new_gen = get(new_meta, kMetaGenerator);
  if (old_gen != new_gen) {
    reasons.push_back("graphgen version changed (" + Quote(VersionOf(old_gen), 40) + " -> " +
                      Quote(VersionOf(new_gen), 40) + ")");
  }
  const std::string old_model = get(old_meta, kMetaModel);
  const std::string new_model = get(new_meta, kMetaModel);
  if (old_model != new_model) {
    reasons.push_back("model file name changed (" + Quote(old_model, 60) + " -> " +
                      Quote(new_model, 60) + ")");
  }
  const std::string old_format = get(old_meta, kMetaModelFormat);
  const std::string new_format = get(new_meta, kMetaModelFormat);
  if (old_format != new_format) {
    reasons.push_back("model format changed (" + Quote(old_format, 40) + " -> " +
                      Quote(new_format, 40) + ")");
  }
  const std::string* old_hash = Find(old_meta, kMetaModelHash);
  const std::string new_hash = get(new_meta, kMetaModelHash);
  if (old_hash == nullptr) {
    reasons.push_back("the file has no model hash (written by an older graphgen)");
  } else if (*old_hash != new_hash) {
    std::vector<NodeHash> before, now;
    const std::string* old_nodes = Find(old_meta, kMetaModelNodes);
    if (old_nodes != nullptr && ParseNodeHashes(*old_nodes, &before) &&
        ParseNodeHashes(get(new_meta, kMetaModelNodes), &now)) {
      const std::string nodes = DescribeNodeChanges(before, now, graph);
      reasons.push_back(nodes.empty() ? "model changed (graph name or subgraph nesting)"
                                      : "model changed: " + nodes);
    } else {
      reasons.push_back("model changed");
    }
  }
  const std::string old_options = get(old_meta, kMetaOptions);
  const std::string new_options = get(new_meta, kMetaOptions);
  if (old_options != new_options) {
    const std::string changes = DescribeOptionChanges(old_options, new_options);
    reasons.push_back(changes.empty() ? "options changed" : "options changed: " + changes);
  }
  std::string s;
  for (const std::string& r : reasons) s += (s.empty() ? "" : "; ") + r;
  return s;
}

Status CheckFile(const std::string& path, const std::string& bytes, const Metadata& new_meta,
                 const LayerGraph& graph) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Status(StatusCode::kStale, "stale: the diagram does not exist");
    }
    return OutputError(std::string("cannot read the diagram: ") + std::strerror(errno));
  }
  auto old = ReadFile(path, kMaxDiagramBytes);
  if (!old.ok()) return OutputError(old.status().message());
  if (*old == bytes) return OkStatus();
  const Metadata old_meta = ReadProvenance(*old);
  if (old_meta.empty()) {
    return Status(StatusCode::kStale,
                  "stale: the file carries no graphgen provenance (not written by graphgen, "
                  "or not in the format its name says)");
  }
  const std::string why = DescribeProvenanceChange(old_meta, new_meta, graph);
  if (!why.empty()) return Status(StatusCode::kStale, "stale: " + why);
  return Status(StatusCode::kStale,
                "stale: its bytes differ from what this graphgen writes for the same model, "
                "options and version (edited by hand, or a PDF rendered with another "
                "SOURCE_DATE_EPOCH)");
}

}  // namespace graphgen
