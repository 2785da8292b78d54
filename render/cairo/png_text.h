// Adds graphgen's own chunks to a PNG stream: pHYs (the resolution, so --dpi prints at the
// right size) and tEXt (provenance), which Cairo's PNG writer cannot add itself.
#ifndef RENDER_CAIRO_PNG_TEXT_H_
#define RENDER_CAIRO_PNG_TEXT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace graphgen {

// Returns `png` with a pHYs chunk for `dpi` and one tEXt chunk per (key, value) inserted
// after IHDR. Keys are clipped to PNG's 79 Latin-1 characters, non-Latin-1 bytes in values
// become '?'. A stream that does not start with the PNG signature and a 13-byte IHDR is
// returned unchanged.
std::string AddPngChunks(const std::string& png,
                         const std::vector<std::pair<std::string, std::string>>& text, double dpi);

// CRC-32 (ISO 3309, as PNG uses it) of `data`.
uint32_t Crc32(const std::string& data);

}  // namespace graphgen

#endif  // RENDER_CAIRO_PNG_TEXT_H_
