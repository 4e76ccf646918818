# Built by scripts/build-engine.mjs at `npm install` (never fails the install).
# Linux: CBLAS from OpenBLAS (Debian/Ubuntu: libopenblas-dev). macOS: Accelerate's CBLAS.
# Windows is not built here: users get a prebuilt addon with OpenBLAS when one ships, and the
# tfjs/JS fallback otherwise (see src-main/engine/load-engine.ts).
{
  "targets": [
    {
      "target_name": "tunesmith_engine",
      "sources": ["addon.cc", "lstm_core.cc", "lstm_kernels.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      # Portable flags only (no -march=native): the binary must run on any x86-64/arm64 machine;
      # the vector loops are compiled per level and picked at run time (lstm_kernels.h).
      # -ffast-math lets GCC vectorise expf/tanhf in the gate loops through glibc's libmvec.
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffast-math", "-fexceptions"],
      "conditions": [
        ["OS=='mac'", {
          "link_settings": {"libraries": ["-framework Accelerate"]},
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffast-math"],
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          },
          "defines": ["ACCELERATE_NEW_LAPACK"]
        }],
        ["OS=='linux'", {
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
