// HTML as an output format: the interactive page (html_page.h) behind the OutputWriter
// interface, and the provenance reader for the <meta name="graphgen:..."> entries it writes.
#ifndef RENDER_HTML_HTML_OUTPUT_H_
#define RENDER_HTML_HTML_OUTPUT_H_

#include "render/output/output_writer.h"

namespace graphgen {

// "html", ".html" and ".htm": text, laid out.
class HtmlOutput : public OutputWriter {
 public:
  std::string_view Name() const override;
  std::string_view Title() const override;
  std::vector<std::string_view> Extensions() const override;
  Input NeedsInput() const override;
  bool WritesToStdout() const override;
  StatusOr<OutputBytes> Write(const OutputRequest& request) const override;
  Metadata ReadProvenance(const std::string& bytes) const override;
};

}  // namespace graphgen

#endif  // RENDER_HTML_HTML_OUTPUT_H_
