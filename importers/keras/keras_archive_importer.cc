#include "importers/keras/keras_archive_importer.h"

#include <zip.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/text.h"
#include "importers/keras/keras_json_importer.h"

namespace graphgen {
namespace {

// Keras writes three entries; a file with thousands is no model and each costs libzip
// memory.
constexpr int64_t kMaxEntries = 10000;
constexpr size_t kReadChunk = size_t{1} << 16;

// The name of the zip's first entry, from its local file header.
std::string_view FirstEntryName(std::string_view head) {
  if (head.size() < 30 || head.substr(0, 4) != std::string_view("PK\x03\x04", 4)) return {};
  const size_t length = static_cast<uint8_t>(head[26]) | static_cast<uint8_t>(head[27]) << 8;
  if (head.size() < 30 + length) return {};
  return head.substr(30, length);
}

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

std::string ZipError(zip_error_t* error) {
  std::string message = Quote(zip_error_strerror(error), 120);
  zip_error_fini(error);
  return message;
}

// One entry's bytes, read in chunks up to `limit`: the sizes the archive declares are
// not trusted for allocation, and a bomb stops at the limit.
StatusOr<std::string> ReadEntry(zip_t* archive, zip_int64_t index, const char* name,
                                int64_t limit) {
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, index, 0));
  if (file == nullptr) {
    return BadInput(std::string(name) + " cannot be read (" + Quote(zip_strerror(archive), 120) +
                    ")");
  }
  std::string out;
  std::string chunk(kReadChunk, '\0');
  while (true) {
    const zip_int64_t got = zip_fread(file.get(), &chunk[0], chunk.size());
    if (got < 0) {
      return BadInput(std::string(name) + " is corrupt (" +
                      Quote(zip_file_strerror(file.get()), 120) + ")");
    }
    if (got == 0) break;
    if (static_cast<int64_t>(out.size()) + got > limit) {
      return LimitExceeded(std::string(name) + " inflates to more than the limit of " +
                           std::to_string(limit) + " bytes (raise it with --max-file-mb)");
    }
    out.append(chunk, 0, static_cast<size_t>(got));
  }
  return out;
}

}  // namespace

SniffResult KerasArchiveImporter::Sniff(std::string_view head) const {
  // A zip is many things (PyTorch's .pt is one): only Keras' first entries make it a model.
  const std::string_view first = FirstEntryName(head);
  if (first == "metadata.json" || first == "config.json") return {true, ""};
  return {false, "not a zip whose first entry is metadata.json or config.json"};
}

StatusOr<LayerGraph> KerasArchiveImporter::Import(const std::string& bytes,
                                                  const ImportOptions& options,
                                                  Warnings* warnings) const {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return BadInput("not a readable zip (" + ZipError(&error) + ")");
  std::unique_ptr<zip_t, ArchiveCloser> archive(
      zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (archive == nullptr) {
    zip_source_free(source);
    return BadInput("not a readable zip (" + ZipError(&error) + ")");
  }
  zip_error_fini(&error);
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  if (entries > kMaxEntries) {
    return BadInput("the archive holds " + std::to_string(entries) + " entries; a Keras model " +
                    "has three");
  }
  const zip_int64_t config = zip_name_locate(archive.get(), "config.json", 0);
  if (config < 0) return BadInput("the archive has no config.json");
  auto text = ReadEntry(archive.get(), config, "config.json", options.max_file_bytes);
  if (!text.ok()) return text.status();
  auto graph = KerasJsonImporter().Import(*text, options, warnings);
  if (!graph.ok()) return graph.status().WithContext("config.json");
  graph->format = "Keras archive";
  return graph;
}

}  // namespace graphgen
