// Minimal stand-in for absl/container/internal/hash_function_defaults.h.
#ifndef MAPSAFETY_TEST_ABSL_CONTAINER_INTERNAL_HASH_FUNCTION_DEFAULTS_H_
#define MAPSAFETY_TEST_ABSL_CONTAINER_INTERNAL_HASH_FUNCTION_DEFAULTS_H_

#include <functional>

namespace absl {
inline namespace lts_20230802 {
namespace container_internal {
template <class T> struct hash_default_hash : std::hash<T> {};
template <class T> struct hash_default_eq : std::equal_to<T> {};
} // namespace container_internal
} // inline namespace lts_20230802
} // namespace absl

#endif // MAPSAFETY_TEST_ABSL_CONTAINER_INTERNAL_HASH_FUNCTION_DEFAULTS_H_
