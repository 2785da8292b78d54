// PNG and PDF as output formats: the Cairo renderers behind the OutputWriter interface,
// and the provenance readers for PNG tEXt chunks and the PDF Keywords entry.
#ifndef RENDER_CAIRO_CAIRO_OUTPUTS_H_
#define RENDER_CAIRO_CAIRO_OUTPUTS_H_

#include "render/output/output_writer.h"

namespace graphgen {

// "png": binary, laid out, at the request's dpi.
class PngOutput : public OutputWriter {
 public:
  std::string_view Name() const override;
  std::string_view Title() const override;
  std::vector<std::string_view> Extensions() const override;
  Input NeedsInput() const override;
  bool WritesToStdout() const override;
  StatusOr<OutputBytes> Write(const OutputRequest& request) const override;
  Metadata ReadProvenance(const std::string& bytes) const override;
};

// "pdf": binary, laid out, dated by the request's creation date.
class PdfOutput : public OutputWriter {
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

#endif  // RENDER_CAIRO_CAIRO_OUTPUTS_H_
