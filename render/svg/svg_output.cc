#include "render/svg/svg_output.h"

#include "core/text.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Provenance as RenderSvg writes it: <graphgen:value name="key">value</graphgen:value>,
// the value wrapped over lines by literal newlines that are not part of it.
Metadata ReadValues(const std::string& b, size_t start, size_t end) {
  Metadata meta;
  constexpr std::string_view kName = "<graphgen:value name=\"";
  constexpr std::string_view kOpen = "\">";
  constexpr std::string_view kClose = "</graphgen:value>";
  size_t pos = start;
  while (true) {
    pos = b.find(kName, pos);
    if (pos == std::string::npos || pos > end) break;
    const size_t name_start = pos + kName.size();
    const size_t open = b.find(kOpen, name_start);
    if (open == std::string::npos || open > end) break;
    const size_t value_start = open + kOpen.size();
    const size_t close = b.find(kClose, value_start);
    if (close == std::string::npos || close > end) break;
    std::string value;
    for (char c : std::string_view(b).substr(value_start, close - value_start)) {
      if (c != '\n') value += c;
    }
    meta.emplace_back(XmlUnescape(std::string_view(b).substr(name_start, open - name_start)),
                      XmlUnescape(value));
    pos = close;
  }
  return meta;
}

Metadata ReadSvg(const std::string& b) {
  Metadata meta;
  const size_t start = b.find("<metadata>");
  const size_t end = b.find("</metadata>", start == std::string::npos ? 0 : start);
  if (start == std::string::npos || end == std::string::npos) return meta;
  meta = ReadValues(b, start, end);
  if (!meta.empty()) return meta;
  // Diagrams written before graphgen:value: <meta name="key" content="value"/>.
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

}  // namespace

std::string_view SvgOutput::Name() const { return "svg"; }
std::string_view SvgOutput::Title() const { return "SVG"; }
std::vector<std::string_view> SvgOutput::Extensions() const { return {"svg"}; }
OutputWriter::Input SvgOutput::NeedsInput() const { return Input::kLayout; }
bool SvgOutput::WritesToStdout() const { return true; }

StatusOr<OutputBytes> SvgOutput::Write(const OutputRequest& request) const {
  OutputBytes out;
  out.bytes = RenderSvg(*request.diagram, *request.layout);
  return out;
}

Metadata SvgOutput::ReadProvenance(const std::string& bytes) const {
  if (!StartsWith(bytes, "<?xml") && !StartsWith(bytes, "<svg")) return {};
  return ReadSvg(bytes);
}

}  // namespace graphgen
