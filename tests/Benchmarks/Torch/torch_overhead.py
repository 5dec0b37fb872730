"""PyTorch side of the 'torch-overhead' benchmark: the cost of one small op call and of zero_grad + SGD step +
EMA update on UNet-2D's parameters. Usage: torch_overhead.py NETS_DIR THREADS CALLS STEPS; prints one JSON line."""
import json
import statistics
import sys
import time

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402

import nets  # noqa: E402

torch.set_num_threads(int(sys.argv[2]))
calls, steps = int(sys.argv[3]), int(sys.argv[4])


def median_of_rounds(fn, n, scale):
    rounds = []
    for r in range(6):
        t0 = time.perf_counter()
        fn()
        if r > 0:
            rounds.append((time.perf_counter() - t0) * scale / n)
    return statistics.median(rounds)


a, b = torch.ones(4), torch.ones(4)


def ops():
    for _ in range(calls):
        a + b


torch.manual_seed(0)
student, teacher = nets.UNet2D(1, 4), nets.UNet2D(1, 4)
for p in teacher.parameters():
    p.detach_()
for p in student.parameters():
    p.grad = torch.randn_like(p)
opt = torch.optim.SGD(student.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)


def bookkeeping():
    for _ in range(steps):
        opt.zero_grad()
        opt.step()
        with torch.no_grad():
            for t, s in zip(teacher.parameters(), student.parameters()):
                t.mul_(0.99).add_(s, alpha=0.01)


print(json.dumps({"op_us": median_of_rounds(ops, calls, 1e6), "step_ms": median_of_rounds(bookkeeping, steps, 1e3)}))
