{
  "targets": [
    {
      "target_name": "faiss-node",
      "sources": ["src/faiss.cc"],
      "include_dirs": ["@ADDON_API@", "/usr/include"],
      "defines": ["NAPI_VERSION=6", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-fopenmp", "-fexceptions", "-O2"],
      "libraries": ["@LIBFAISS@", "-lopenblas", "-lgomp"]
    }
  ]
}
