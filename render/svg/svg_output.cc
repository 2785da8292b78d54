#include "render/svg/svg_output.h"

#include "core/text.h"
#include "render/svg/svg_renderer.h"

namespace graphgen {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
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
