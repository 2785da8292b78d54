// The ordered registry of output formats: every OutputWriter, and the lookups the
// application makes through it (by --format name, by file name, provenance from bytes,
// the lists its messages print). A new format is one line in outputs.cc.
#ifndef RENDER_OUTPUTS_H_
#define RENDER_OUTPUTS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/output/output_writer.h"

namespace graphgen {

class OutputRegistry {
 public:
  // Every format, in the order messages list them: dot, svg, png, pdf, tfevents, html.
  OutputRegistry();

  const std::vector<std::unique_ptr<OutputWriter>>& writers() const { return writers_; }
  // The writer whose Name() is `name`, or null.
  const OutputWriter* ByName(std::string_view name) const;
  // The writer a file name picks: one that claims the base name ("events.out.tfevents.1"),
  // else the one whose extension it has, compared without case; null when none.
  const OutputWriter* ForPath(const std::string& path) const;
  // The provenance of bytes in any format; empty when no writer recognises them.
  Metadata ReadProvenance(const std::string& bytes) const;
  // "dot, svg, png, pdf, tfevents or html": every Name().
  std::string NameList() const;
  // ".dot, .svg, .png, .pdf or .html": every writer's first extension.
  std::string ExtensionList() const;
  // Every extension of every writer, without dots, in registry order.
  std::vector<std::string_view> AllExtensions() const;

 private:
  std::vector<std::unique_ptr<OutputWriter>> writers_;
};

}  // namespace graphgen

#endif  // RENDER_OUTPUTS_H_
