// SHA-256 (FIPS 180-4) and base64, for the Content-Security-Policy hashes of the HTML
// page's script and style ('sha256-<base64>'): a page that names the exact bytes it may
// run needs no 'unsafe-inline', and the hash is the same on every machine.
#ifndef RENDER_HTML_SHA256_H_
#define RENDER_HTML_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace graphgen {

// The 32-byte SHA-256 digest of `data`.
std::array<uint8_t, 32> Sha256(std::string_view data);

// Standard base64 (RFC 4648 section 4) with '=' padding.
std::string Base64(std::string_view bytes);

// "sha256-<base64 of the digest>": a CSP source expression for an inline element whose
// text is `text`.
std::string CspHash(std::string_view text);

}  // namespace graphgen

#endif  // RENDER_HTML_SHA256_H_
