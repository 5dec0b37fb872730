"""PyTorch side of the 'torch' benchmark: (a) VNet-3D eval forward, batch 1, 96^3; (b) UNet-2D mean-teacher
training step, batch 8 (4 labeled + 4 unlabeled), 128x128. Same architectures as PacsSeg (nets.py).
Usage: torch_bench.py NETS_DIR THREADS. It prints "ready", then for each line "a" or "b" on stdin runs one
iteration of that case and prints its wall and process CPU seconds, so the caller can interleave its own runs with these on a
shared machine; "quit" (or end of input) ends it."""
import sys
import time

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import nets  # noqa: E402

torch.set_num_threads(int(sys.argv[2]))
torch.manual_seed(0)

vnet = nets.VNet(1, 2, has_dropout=True).eval()
xa = torch.randn(1, 1, 96, 96, 96)


def forward_a():
    with torch.inference_mode():
        vnet(xa)


def dice_loss(soft, target, classes):
    onehot = F.one_hot(target, classes).permute(0, 3, 1, 2).float()
    loss = 0
    for c in range(classes):
        s, t = soft[:, c], onehot[:, c]
        inter = (s * t).sum()
        loss = loss + 1 - (2 * inter + 1e-5) / ((s * s).sum() + (t * t).sum() + 1e-5)
    return loss / classes


classes = 4
student = nets.UNet2D(1, classes).train()
teacher = nets.UNet2D(1, classes).train()
for p in teacher.parameters():
    p.detach_()
opt = torch.optim.SGD(student.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
xb = torch.randn(8, 1, 128, 128)
yb = torch.randint(0, classes, (4, 128, 128))


def step_b():
    unlabeled = xb[4:]
    noise = torch.clamp(torch.randn_like(unlabeled) * 0.1, -0.2, 0.2)
    logits, _ = student(xb)
    soft = torch.softmax(logits, dim=1)
    with torch.no_grad():
        t_logits, _ = teacher(unlabeled + noise)
        t_soft = torch.softmax(t_logits, dim=1)
    sup = 0.5 * (F.cross_entropy(logits[:4], yb) + dice_loss(soft[:4], yb, classes))
    cons = torch.mean((soft[4:] - t_soft) ** 2)
    loss = sup + 0.1 * cons
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for t, s in zip(teacher.parameters(), student.parameters()):
            t.mul_(0.99).add_(s, alpha=0.01)


cases = {"a": forward_a, "b": step_b}
print(f"ready {torch.__version__} {torch.get_num_threads()}", flush=True)
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "quit":
        break
    t0, c0 = time.perf_counter(), time.process_time()
    cases[cmd]()
    print(time.perf_counter() - t0, time.process_time() - c0, flush=True)
