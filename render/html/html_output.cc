#include "render/html/html_output.h"

#include "render/html/html_page.h"

namespace graphgen {

std::string_view HtmlOutput::Name() const { return "html"; }
std::string_view HtmlOutput::Title() const { return "HTML page"; }
std::vector<std::string_view> HtmlOutput::Extensions() const { return {"html", "htm"}; }
OutputWriter::Input HtmlOutput::NeedsInput() const { return Input::kLayout; }
bool HtmlOutput::WritesToStdout() const { return true; }

StatusOr<OutputBytes> HtmlOutput::Write(const OutputRequest& request) const {
  if (request.diagram == nullptr || request.layout == nullptr) {
    return Internal("the HTML writer was given no laid-out diagram");
  }
  HtmlPageInput input;
  input.diagram = request.diagram;
  input.layout = request.layout;
  input.graph = request.graph;
  input.grouping_verdict = request.grouping_verdict;
  input.grouping_explanation = request.grouping_explanation;
  OutputBytes out;
  out.bytes = RenderHtmlPage(input);
  return out;
}

Metadata HtmlOutput::ReadProvenance(const std::string& bytes) const {
  return ReadHtmlProvenance(bytes);
}

}  // namespace graphgen
