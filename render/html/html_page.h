// The interactive HTML page (issue 24): the diagram's SVG inline, a JSON data island with
// what each box, edge and cluster stands for, and one script and one style shared by every
// page. Self-contained: the Content-Security-Policy forbids every fetch, and the script
// and style run only because the policy names their SHA-256 hashes.
#ifndef RENDER_HTML_HTML_PAGE_H_
#define RENDER_HTML_HTML_PAGE_H_

#include <string>
#include <string_view>

#include "core/layer_graph.h"
#include "core/provenance.h"
#include "diagram/diagram.h"
#include "layout/layout_result.h"

namespace graphgen {

struct HtmlPageInput {
  const Diagram* diagram = nullptr;      // required; its metadata is the provenance
  const LayoutResult* layout = nullptr;  // required
  // The layer graph the diagram was built from, for per-box attributes, tensors and the
  // ops a box holds; null: the panel shows the boxes' tooltips instead.
  const LayerGraph* graph = nullptr;
  std::string grouping_verdict;      // "encoder-decoder found (confidence 0.91, spatial)"
  std::string grouping_explanation;  // --explain-groups' text
};

// The page's bytes: the same input gives the same bytes.
std::string RenderHtmlPage(const HtmlPageInput& input);

// The JSON data island's text, escaped for a <script type="application/json"> element:
// no '<', '>' or '&' (written \u003c, \u003e, \u0026), so no model string can close the
// element or open a comment; it parses as JSON unchanged.
std::string HtmlDataJson(const HtmlPageInput& input);

// The provenance an HTML page carries in its head (<meta name="graphgen:KEY" content=...>),
// in file order; empty when `bytes` are not a page RenderHtmlPage wrote.
Metadata ReadHtmlProvenance(const std::string& bytes);

// The page's script and style, as embedded (for tests and the CSP hashes).
std::string_view HtmlPageScript();
std::string_view HtmlPageStyle();

}  // namespace graphgen

#endif  // RENDER_HTML_HTML_PAGE_H_
