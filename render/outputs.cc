#include "render/outputs.h"

#include <cctype>

#include "render/cairo/cairo_outputs.h"
#include "render/dot/dot_output.h"
#include "render/html/html_output.h"
#include "render/svg/svg_output.h"
#include "render/tfevents/tfevents_output.h"

namespace graphgen {
namespace {

// "a, b or c"
std::string JoinOr(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += i + 1 == items.size() ? " or " : ", ";
    s += items[i];
  }
  return s;
}

}  // namespace

OutputRegistry::OutputRegistry() {
  writers_.push_back(std::make_unique<DotOutput>());
  writers_.push_back(std::make_unique<SvgOutput>());
  writers_.push_back(std::make_unique<PngOutput>());
  writers_.push_back(std::make_unique<PdfOutput>());
  writers_.push_back(std::make_unique<TfEventsOutput>());
  writers_.push_back(std::make_unique<HtmlOutput>());
}

const OutputWriter* OutputRegistry::ByName(std::string_view name) const {
  for (const auto& w : writers_) {
    if (w->Name() == name) return w.get();
  }
  return nullptr;
}

const OutputWriter* OutputRegistry::ForPath(const std::string& path) const {
  const size_t slash = path.find_last_of('/');
  const std::string_view base = slash == std::string::npos
                                    ? std::string_view(path)
                                    : std::string_view(path).substr(slash + 1);
  for (const auto& w : writers_) {
    if (w->ClaimsFileName(base)) return w.get();
  }
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string ext(base.substr(dot + 1));
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const auto& w : writers_) {
    for (std::string_view e : w->Extensions()) {
      if (e == ext) return w.get();
    }
  }
  return nullptr;
}

Metadata OutputRegistry::ReadProvenance(const std::string& bytes) const {
  for (const auto& w : writers_) {
    Metadata meta = w->ReadProvenance(bytes);
    if (!meta.empty()) return meta;
  }
  return {};
}

std::string OutputRegistry::NameList() const {
  std::vector<std::string> names;
  for (const auto& w : writers_) names.emplace_back(w->Name());
  return JoinOr(names);
}

std::string OutputRegistry::ExtensionList() const {
  std::vector<std::string> exts;
  for (const auto& w : writers_) {
    if (!w->Extensions().empty()) exts.push_back("." + std::string(w->Extensions()[0]));
  }
  return JoinOr(exts);
}

std::vector<std::string_view> OutputRegistry::AllExtensions() const {
  std::vector<std::string_view> all;
  for (const auto& w : writers_) {
    for (std::string_view e : w->Extensions()) all.push_back(e);
  }
  return all;
}

}  // namespace graphgen
