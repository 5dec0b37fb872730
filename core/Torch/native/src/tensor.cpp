// Tensor area: creation from caller memory, copying back, metadata.
#include "bridge.h"

namespace {
std::string shape_string(at::IntArrayRef s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

// The tensor as a contiguous CPU tensor, for copying out; a view when it already is one.
at::Tensor cpu_contiguous(const at::Tensor& t) {
  at::Tensor c = t.device().is_cpu() ? t : t.to(at::kCPU);
  return c.contiguous();
}
// The storage's deleter context for a caller buffer: the caller's deleter and context, counted while alive.
struct blob_owner {
  pst_deleter deleter;
  void* context;
};

void free_blob(void* p) {
  auto* owner = static_cast<blob_owner*>(p);
  pst::live_blobs().fetch_sub(1);
  owner->deleter(owner->context);
  delete owner;
}
}  // namespace

extern "C" {

PST_API int pst_tensor_free(pst_tensor* t) {
  PST_TRY
  delete t;
  PST_CATCH
}

PST_API int pst_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim,
                                 int32_t dtype, pst_tensor** out) {
  PST_TRY
  if (ndim < 0 || (ndim > 0 && shape == nullptr)) throw std::invalid_argument("bad shape");
  std::vector<int64_t> sizes(shape, shape + ndim);
  for (auto s : sizes)
    if (s < 0) throw std::invalid_argument("negative dimension in shape " + shape_string(sizes));
  at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  int64_t need = static_cast<int64_t>(t.nbytes());
  if (need != nbytes)
    throw std::invalid_argument("data has " + std::to_string(nbytes) + " bytes but shape " + shape_string(sizes) +
                                " of " + std::string(c10::toString(t.scalar_type())) + " needs " + std::to_string(need));
  // The one copy: straight from the caller's (pinned) buffer into the tensor's own storage.
  if (need > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(need));
  *out = pst::wrap(std::move(t));
  PST_CATCH
}

PST_API int pst_tensor_from_blob(void* data, int64_t nbytes, const int64_t* shape, int32_t ndim, int32_t dtype,
                                 pst_deleter deleter, void* context, pst_tensor** out) {
  PST_TRY
  if (deleter == nullptr) throw std::invalid_argument("a deleter is required");
  blob_owner* owner = nullptr;
  std::vector<int64_t> sizes;
  caffe2::TypeMeta meta;
  try {
    if (ndim < 0 || (ndim > 0 && shape == nullptr)) throw std::invalid_argument("bad shape");
    sizes.assign(shape, shape + ndim);
    int64_t elements = 1;
    for (auto s : sizes) {
      if (s < 0) throw std::invalid_argument("negative dimension in shape " + shape_string(sizes));
      elements *= s;
    }
    meta = caffe2::TypeMeta::fromScalarType(static_cast<at::ScalarType>(dtype));
    int64_t need = elements * static_cast<int64_t>(meta.itemsize());
    if (need != nbytes)
      throw std::invalid_argument("buffer has " + std::to_string(nbytes) + " bytes but shape " + shape_string(sizes) +
                                  " of " + std::string(c10::toString(meta.toScalarType())) + " needs " + std::to_string(need));
    if (data == nullptr && nbytes > 0) throw std::invalid_argument("null buffer");
    owner = new blob_owner{deleter, context};
  } catch (...) {
    deleter(context);  // ownership came with the call: a refused buffer is released here
    throw;
  }
  pst::live_blobs().fetch_add(1);
  // From here the DataPtr owns the buffer: whatever happens next, free_blob runs exactly once.
  c10::DataPtr ptr(data, owner, &free_blob, c10::Device(c10::kCPU));
  c10::Storage storage(c10::Storage::use_byte_size_t(), static_cast<size_t>(nbytes), std::move(ptr), nullptr, false);
  at::Tensor t = at::detail::make_tensor<c10::TensorImpl>(std::move(storage), c10::DispatchKeySet(c10::DispatchKey::CPU), meta);
  t.unsafeGetTensorImpl()->set_sizes_contiguous(sizes);
  *out = pst::wrap(std::move(t));
  PST_CATCH
}

PST_API int pst_tensor_copy_to(pst_tensor* h, void* dst, int64_t nbytes) {
  PST_TRY
  at::Tensor c = cpu_contiguous(pst::get(h));
  if (static_cast<int64_t>(c.nbytes()) != nbytes)
    throw std::invalid_argument("destination has " + std::to_string(nbytes) + " bytes, tensor " +
                                shape_string(c.sizes()) + " has " + std::to_string(c.nbytes()));
  if (nbytes > 0) std::memcpy(dst, c.data_ptr(), static_cast<size_t>(nbytes));
  PST_CATCH
}

PST_API int pst_tensor_copy_from(pst_tensor* h, const void* src, int64_t nbytes) {
  PST_TRY
  at::Tensor& t = pst::get(h);
  if (static_cast<int64_t>(t.nbytes()) != nbytes)
    throw std::invalid_argument("source has " + std::to_string(nbytes) + " bytes, tensor " +
                                shape_string(t.sizes()) + " has " + std::to_string(t.nbytes()));
  at::NoGradGuard no_grad;
  if (t.device().is_cpu() && t.is_contiguous()) {
    if (nbytes > 0) std::memcpy(t.data_ptr(), src, static_cast<size_t>(nbytes));
  } else {
    at::Tensor staging = at::empty(t.sizes(), t.options().device(at::kCPU));
    if (nbytes > 0) std::memcpy(staging.data_ptr(), src, static_cast<size_t>(nbytes));
    t.copy_(staging);
  }
  PST_CATCH
}

PST_API int pst_tensor_info(pst_tensor* h, int64_t* sizes, int64_t* strides, int32_t capacity, int32_t* ndim,
                            int32_t* dtype, int32_t* device_type, int32_t* device_index, int32_t* flags) {
  PST_TRY
  const at::Tensor& t = pst::get(h);
  if (!t.defined()) throw std::invalid_argument("undefined tensor");
  int32_t n = static_cast<int32_t>(t.dim());
  if (ndim) *ndim = n;
  if (n <= capacity) {
    for (int32_t i = 0; i < n; ++i) {
      if (sizes) sizes[i] = t.size(i);
      if (strides) strides[i] = t.layout() == at::kStrided ? t.stride(i) : 0;
    }
  }
  if (dtype) *dtype = static_cast<int32_t>(t.scalar_type());
  if (device_type) *device_type = static_cast<int32_t>(t.device().type());
  if (device_index) *device_index = t.device().index();
  if (flags) *flags = (t.requires_grad() ? 1 : 0) | (t.is_contiguous() ? 2 : 0) | (t.is_leaf() ? 4 : 0);
  PST_CATCH
}

PST_API int pst_tensor_data_ptr(pst_tensor* h, void** ptr) {
  PST_TRY
  const at::Tensor& t = pst::get(h);
  if (!t.device().is_cpu() || !t.is_contiguous())
    throw std::invalid_argument("direct data access needs a contiguous CPU tensor");
  *ptr = t.data_ptr();
  PST_CATCH
}

PST_API int pst_tensor_item(pst_tensor* h, double* value) {
  PST_TRY
  *value = pst::get(h).item().toDouble();
  PST_CATCH
}

PST_API int pst_tensor_alias(pst_tensor* h, pst_tensor** out) {
  PST_TRY
  *out = pst::wrap(pst::get(h));
  PST_CATCH
}
}
