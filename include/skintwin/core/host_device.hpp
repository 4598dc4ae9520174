#pragma once
// Marks inline functions that must compile both for the CPU and inside CUDA kernels (the pointwise
// reaction right-hand sides of the healing model). Empty for a plain C++ compiler.
#if defined(__CUDACC__)
#define SKINTWIN_HOST_DEVICE __host__ __device__
#else
#define SKINTWIN_HOST_DEVICE
#endif
