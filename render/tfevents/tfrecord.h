// TFRecord framing as TensorFlow and TensorBoard read it: CRC-32C (Castagnoli), its
// masked form, and records of [length][masked crc of length][data][masked crc of data].
// A reader is here too, so tests and tools check our files the way TensorBoard does.
#ifndef RENDER_TFEVENTS_TFRECORD_H_
#define RENDER_TFEVENTS_TFRECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace graphgen {

// CRC-32C: reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF.
// Crc32c("123456789") == 0xE3069283.
uint32_t Crc32c(std::string_view data);

// TensorFlow's masked CRC: rotate right by 15, then add 0xA282EAD8 (mod 2^32).
uint32_t MaskCrc32c(uint32_t crc);

// Appends one record holding `data` to `out`: 16 + data.size() bytes, little-endian.
void AppendTfRecord(std::string_view data, std::string* out);

// Splits a whole TFRecord file into its records' data, checking both CRCs of every
// record. A bad CRC or a file that ends inside a record is kBadInput naming the record's
// index and byte offset; TensorBoard would silently stop reading there.
StatusOr<std::vector<std::string>> ReadTfRecords(std::string_view file);

}  // namespace graphgen

#endif  // RENDER_TFEVENTS_TFRECORD_H_
