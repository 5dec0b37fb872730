// Runtime area: errors, version, threads, seeding, devices, live-handle accounting.
#include "bridge.h"
#include <cstdlib>
#include <thread>
#include <torch/version.h>

namespace {
thread_local std::string last_error;

int copy_string(const std::string& s, char* buffer, int32_t capacity) {
  if (buffer == nullptr || capacity <= 0) throw std::invalid_argument("no buffer for the string");
  size_t n = std::min(static_cast<size_t>(capacity - 1), s.size());
  std::memcpy(buffer, s.data(), n);
  buffer[n] = 0;
  return static_cast<int>(s.size());
}

// libtorch's default intra-op thread count on these machines is 1; use the cores we have unless
// PACSSEG_NUM_THREADS says otherwise. Runs once when the library is loaded.
const int default_threads = [] {
  int n = static_cast<int>(std::thread::hardware_concurrency());
  if (const char* env = std::getenv("PACSSEG_NUM_THREADS")) {
    int v = std::atoi(env);
    if (v > 0) n = v;
  }
  if (n < 1) n = 1;
  try { at::set_num_threads(n); } catch (...) {}
  return n;
}();
}  // namespace

pst_tensor::pst_tensor(at::Tensor v) : t(std::move(v)) { pst::live_tensors().fetch_add(1); }
pst_tensor::~pst_tensor() { pst::live_tensors().fetch_sub(1); }

namespace pst {
void set_error(const std::string& message) { last_error = message; }
std::atomic<int64_t>& live_tensors() {
  static std::atomic<int64_t> count{0};
  return count;
}
std::atomic<int64_t>& live_blobs() {
  static std::atomic<int64_t> count{0};
  return count;
}
}  // namespace pst

extern "C" {

PST_API const char* pst_runtime_last_error(void) { return last_error.c_str(); }

PST_API int pst_runtime_version(char* buffer, int32_t capacity) {
  PST_TRY
  copy_string(std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                  std::to_string(TORCH_VERSION_PATCH),
              buffer, capacity);
  PST_CATCH
}

PST_API int pst_runtime_config(char* buffer, int32_t capacity) {
  PST_TRY
  copy_string(at::show_config(), buffer, capacity);
  PST_CATCH
}

PST_API int pst_runtime_set_num_threads(int32_t threads) {
  PST_TRY
  if (threads < 1) throw std::invalid_argument("thread count must be at least 1");
  at::set_num_threads(threads);
  PST_CATCH
}

PST_API int pst_runtime_get_num_threads(int32_t* threads) {
  PST_TRY
  (void)default_threads;
  *threads = at::get_num_threads();
  PST_CATCH
}

PST_API int pst_runtime_manual_seed(uint64_t seed) {
  PST_TRY
  at::manual_seed(seed);
  PST_CATCH
}

PST_API int pst_runtime_cuda_device_count(int32_t* count) {
  PST_TRY
  *count = at::hasCUDA() ? static_cast<int32_t>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
  PST_CATCH
}

PST_API int pst_runtime_live_tensors(int64_t* count) {
  PST_TRY
  *count = pst::live_tensors().load();
  PST_CATCH
}

PST_API int pst_runtime_live_blobs(int64_t* count) {
  PST_TRY
  *count = pst::live_blobs().load();
  PST_CATCH
}
}
