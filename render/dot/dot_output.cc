#include "render/dot/dot_output.h"

#include "render/dot/dot_writer.h"

namespace graphgen {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

void AppendUnescaped(std::string_view raw, std::string* value) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      ++i;
      *value += raw[i] == 'n' ? '\n' : raw[i];
    } else {
      *value += raw[i];
    }
  }
}

// The header comments WriteDot writes, "// key: value" and "//   more of the value"
// continuation lines, up to the digraph line.
Metadata ReadDot(const std::string& b) {
  Metadata meta;
  size_t pos = 0;
  while (pos < b.size() && b.compare(pos, 3, "// ") == 0) {
    size_t eol = b.find('\n', pos);
    if (eol == std::string::npos) eol = b.size();
    const std::string_view line = std::string_view(b).substr(pos + 3, eol - pos - 3);
    pos = eol + 1;
    if (line.compare(0, 2, "  ") == 0) {
      if (!meta.empty()) AppendUnescaped(line.substr(2), &meta.back().second);
      continue;
    }
    const size_t colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string value;
    AppendUnescaped(line.substr(colon + 2), &value);
    meta.emplace_back(std::string(line.substr(0, colon)), value);
  }
  return meta;
}

}  // namespace

std::string_view DotOutput::Name() const { return "dot"; }
std::string_view DotOutput::Title() const { return "DOT"; }
std::vector<std::string_view> DotOutput::Extensions() const { return {"dot", "gv"}; }
OutputWriter::Input DotOutput::NeedsInput() const { return Input::kDiagram; }
bool DotOutput::WritesToStdout() const { return true; }

StatusOr<OutputBytes> DotOutput::Write(const OutputRequest& request) const {
  OutputBytes out;
  out.bytes = WriteDot(*request.diagram, request.layout_options);
  return out;
}

Metadata DotOutput::ReadProvenance(const std::string& bytes) const {
  if (!StartsWith(bytes, "// ")) return {};
  return ReadDot(bytes);
}

}  // namespace graphgen
