/* PacsSeg native bridge: a C ABI over libtorch.
 * Every function returns a status (PST_OK or PST_ERROR); on PST_ERROR the message is read with
 * pst_runtime_last_error() on the same thread. Objects are opaque handles, each type with its _free. */
#ifndef PACSSEG_TORCH_H
#define PACSSEG_TORCH_H
#include <stdint.h>

#if defined(_WIN32)
#  if defined(PST_BUILDING)
#    define PST_API __declspec(dllexport)
#  else
#    define PST_API __declspec(dllimport)
#  endif
#else
#  define PST_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum { PST_OK = 0, PST_ERROR = 1 };

typedef struct pst_tensor pst_tensor;
typedef struct pst_guard pst_guard;

/* One argument of a dispatcher call. */
enum {
  PST_ARG_NONE = 0, PST_ARG_TENSOR = 1, PST_ARG_INT = 2, PST_ARG_DOUBLE = 3, PST_ARG_BOOL = 4,
  PST_ARG_INT_LIST = 5, PST_ARG_TENSOR_LIST = 6, PST_ARG_STRING = 7, PST_ARG_DEVICE = 8,
  PST_ARG_DOUBLE_LIST = 9, PST_ARG_OPT_TENSOR_LIST = 10, PST_ARG_BOOL_LIST = 11
};
typedef struct pst_arg {
  int32_t kind;
  int32_t reserved;
  int64_t i;        /* INT, BOOL, DEVICE (type) */
  double d;         /* DOUBLE */
  const void* p;    /* TENSOR (pst_tensor*), lists (element array), STRING (UTF-8, NUL-terminated) */
  int64_t n;        /* list length; DEVICE index */
} pst_arg;

/* runtime */
PST_API const char* pst_runtime_last_error(void);
PST_API int pst_runtime_version(char* buffer, int32_t capacity);
PST_API int pst_runtime_set_num_threads(int32_t threads);
PST_API int pst_runtime_get_num_threads(int32_t* threads);
PST_API int pst_runtime_manual_seed(uint64_t seed);
PST_API int pst_runtime_cuda_device_count(int32_t* count);
PST_API int pst_runtime_live_tensors(int64_t* count);
/* caller buffers wrapped by pst_tensor_from_blob whose deleter has not run yet */
PST_API int pst_runtime_live_blobs(int64_t* count);
PST_API int pst_runtime_config(char* buffer, int32_t capacity);

/* tensor */
PST_API int pst_tensor_free(pst_tensor* t);
PST_API int pst_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim,
                                 int32_t dtype, pst_tensor** out);
/* A CPU tensor over the caller's memory, without a copy. The bridge owns `context` from this call on:
 * deleter(context) runs exactly once, when the last tensor sharing the storage is freed, or before this
 * call returns when it fails. The deleter may run on any thread. */
typedef void (*pst_deleter)(void* context);
PST_API int pst_tensor_from_blob(void* data, int64_t nbytes, const int64_t* shape, int32_t ndim, int32_t dtype,
                                 pst_deleter deleter, void* context, pst_tensor** out);
PST_API int pst_tensor_copy_to(pst_tensor* t, void* dst, int64_t nbytes);
PST_API int pst_tensor_copy_from(pst_tensor* t, const void* src, int64_t nbytes);
PST_API int pst_tensor_info(pst_tensor* t, int64_t* sizes, int64_t* strides, int32_t capacity, int32_t* ndim,
                            int32_t* dtype, int32_t* device_type, int32_t* device_index, int32_t* flags);
PST_API int pst_tensor_data_ptr(pst_tensor* t, void** ptr);
PST_API int pst_tensor_item(pst_tensor* t, double* value);
PST_API int pst_tensor_alias(pst_tensor* t, pst_tensor** out);

/* dispatcher: any ATen operator by name ("aten::conv2d") and overload ("" for the default) */
PST_API int pst_dispatch_call(const char* name, const char* overload, const pst_arg* args, int32_t nargs,
                              pst_tensor** outs, int32_t capacity, int32_t* nouts, double* scalar_out);

/* autograd */
PST_API int pst_autograd_backward(pst_tensor* const* tensors, pst_tensor* const* grads, int32_t n,
                                  int32_t retain_graph, int32_t create_graph);
PST_API int pst_autograd_grad(pst_tensor* t, pst_tensor** out);
PST_API int pst_autograd_set_grad(pst_tensor* t, pst_tensor* grad);
PST_API int pst_autograd_set_requires_grad(pst_tensor* t, int32_t requires_grad);
PST_API int pst_autograd_is_grad_enabled(int32_t* enabled);
PST_API int pst_autograd_set_grad_enabled(int32_t enabled);
PST_API int pst_autograd_inference_mode(int32_t enabled, pst_guard** out);
PST_API int pst_guard_free(pst_guard* g);

/* optimizer: whole parameter lists in one call, the same operations as torch.optim. momentum_buffers is
 * in/out: a null entry gets a new buffer (owned by the caller) when that parameter has a gradient. */
PST_API int pst_optim_sgd_step(pst_tensor* const* params, pst_tensor** momentum_buffers, int32_t n, double lr,
                               double momentum, double dampening, double weight_decay, int32_t nesterov);
PST_API int pst_optim_zero_grad(pst_tensor* const* params, int32_t n, int32_t set_to_none);
/* targets[i] = targets[i] * alpha + sources[i] * (1 - alpha) (integer tensors: copied), without autograd */
PST_API int pst_optim_ema_update(pst_tensor* const* targets, pst_tensor* const* sources, int32_t n, double alpha);

#ifdef __cplusplus
}
#endif
#endif
