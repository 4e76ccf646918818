// See lstm_kernels.h: lstm_kernels.inc compiled once per instruction-set level, and the choice.
#include "lstm_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "lstm_core.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TUNESMITH_X86_LEVELS 1
#else
#define TUNESMITH_X86_LEVELS 0
#endif

namespace tunesmith {

#if TUNESMITH_X86_LEVELS
// Each block compiles the same source for one level; the pragma makes every function in it (the
// inlined helpers too) use that level's instructions, and nothing outside it.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif
namespace avx512 {
#include "lstm_kernels.inc"
}  // namespace avx512
#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace avx2 {
#include "lstm_kernels.inc"
}  // namespace avx2
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // TUNESMITH_X86_LEVELS

namespace generic {
#include "lstm_kernels.inc"
}  // namespace generic

namespace {

struct Level {
  Kernels kernels;
  const char* needs;  // for the error when the CPU lacks it
  bool (*supported)();
};

#if TUNESMITH_X86_LEVELS
bool hasAvx512() { return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool hasAvx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
#endif
bool always() { return true; }

// Best first.
const Level kLevels[] = {
#if TUNESMITH_X86_LEVELS
    {{"avx512", avx512::gatesForward, avx512::gatesBackward, avx512::allFinite, avx512::dropoutMask, avx512::packedGemmAcc<4>, true}, "AVX-512F", hasAvx512},
    {{"avx2", avx2::gatesForward, avx2::gatesBackward, avx2::allFinite, avx2::dropoutMask, avx2::packedGemmAcc<3>, false}, "AVX2 and FMA", hasAvx2},
#endif
    {{"generic", generic::gatesForward, generic::gatesBackward, generic::allFinite, generic::dropoutMask, nullptr, false}, "nothing", always},
};

}  // namespace

const Kernels& selectKernels() {
  const char* forced = std::getenv("TUNESMITH_KERNELS");
  const std::string want = forced ? forced : "";
  for (const Level& level : kLevels) {
    if (want.empty() || want == "auto") {
      if (level.supported()) return level.kernels;
    } else if (want == level.kernels.name) {
      if (!level.supported()) throw std::runtime_error("TUNESMITH_KERNELS=" + want + " asks for kernels this CPU cannot run (it has no " + level.needs + ")");
      return level.kernels;
    }
  }
  std::string names;
  for (const Level& level : kLevels) names += std::string(names.empty() ? "" : ", ") + level.kernels.name;
  throw std::runtime_error("TUNESMITH_KERNELS must be auto or one of " + names + ", not \"" + want + "\"");
}

std::vector<std::string> supportedKernelLevels() {
  std::vector<std::string> out;
  for (const Level& level : kLevels)
    if (level.supported()) out.emplace_back(level.kernels.name);
  return out;
}

}  // namespace tunesmith
