// Kernels picked by the CPU's features at run time. The engine is built with portable flags (no
// -march=native: the same binary must run on every x86-64 machine, whichever machine built it),
// and the loops that vectorise are compiled three times (lstm_kernels.cc): AVX-512F, AVX2+FMA
// and baseline x86-64 (SSE2). Trainers and steppers take the best level the CPU has when they
// are created; TUNESMITH_KERNELS=avx512|avx2|generic forces one (the tests run every level the
// CPU can), and asking for a level the CPU lacks is an error in words, never an illegal
// instruction. Other architectures (arm64) have the generic level only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tunesmith {

struct PackedMatrix;

// Columns per panel of a PackedMatrix (one AVX-512 register pair of floats).
constexpr int kPanel = 32;

struct Kernels {
  const char* name;  // "avx512", "avx2", "generic"
  // One timestep's gate math, forward: z [B, 4H] pre-activations become activations; writes c, tanh(c), h.
  void (*gatesForward)(float* z, const float* cPrev, float* c, float* tc, float* h, int B, int H);
  // Backward: z's activations become dL/dz; dc carries the cell gradient from step t+1 to t.
  void (*gatesBackward)(float* z, const float* dh, float* dc, const float* cPrev, const float* tc, int B, int H);
  bool (*allFinite)(const float* a, size_t n);
  void (*dropoutMask)(float* mask, const float* h, float* y, size_t n, uint32_t key, float p, float scale);
  // C[M, N] += A[M, K] @ W for few rows M (sampling steps; null at the generic level, where BLAS
  // is faster).
  void (*packedGemmAcc)(int M, const float* A, int lda, const PackedMatrix& W, float* C, int ldc);
  // Whether trainers use it too, for their per-timestep products over a whole batch: with AVX-512;
  // with AVX2 its 3-row blocks (16 vector registers) were not measured faster than BLAS there.
  bool packedForTraining;
};

// The best level this CPU has, or the one TUNESMITH_KERNELS names ("auto" or unset = best).
// Throws std::runtime_error when the named level needs features the CPU lacks or is unknown.
const Kernels& selectKernels();
// The levels this CPU can run, best first ("avx512", "avx2", "generic").
std::vector<std::string> supportedKernelLevels();

}  // namespace tunesmith
