#!/usr/bin/env python3
# PyTorch reference for the trainer-2d benchmark's reading (docs/benchmarks/trainer-2d.md, run 7): does putting
# unlabeled images in the student's batch (as Mean Teacher and its relatives do) by itself change what a
# UNet-2D learns from three labeled phantoms? "sup" trains on 4 labeled patches per step; "mixed" forwards
# 4 labeled + 4 unlabeled patches and takes the loss on the labeled 4 only (batch norm sees all 8).
# Same UNet as SSL4MIS (widths 8..128, dropout 0.05..0.5), SGD 0.02 momentum 0.9 poly, 1/2 (CE + Dice).
# Test slices are resized to the patch and back (SPEC 1.10), as training resizes them (SPEC 1.12).
#
# Usage: ./pacsseg train phantom DIR --kind cardiac2d --size 96 --labeled 3 --unlabeled 57 --test 16 --seed 11 [--variation wide]
#        python3 mixed_batch.py DIR sup|mixed SEED [ITERATIONS]        (Debian's python3-torch)
import glob
import gzip
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PATCH = 64


def read_nifti(path):
    data = gzip.open(path).read()
    dims = struct.unpack('<8h', data[40:56])
    code = struct.unpack('<h', data[70:72])[0]
    offset = int(struct.unpack('<f', data[108:112])[0])
    dtype = {2: np.uint8, 4: np.int16, 16: np.float32, 64: np.float64, 512: np.uint16}[code]
    count = dims[1] * dims[2] * max(1, dims[3])
    raw = np.frombuffer(data[offset:offset + count * np.dtype(dtype).itemsize], dtype=dtype)
    return raw.reshape(max(1, dims[3]), dims[2], dims[1])[0].astype(np.float32)


def min_max(x):
    return (x - x.min()) / (x.max() - x.min() + 1e-8)


class Block(nn.Module):
    def __init__(self, cin, cout, p):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU(), nn.Dropout(p),
                                  nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU())

    def forward(self, x):
        return self.body(x)


class UNet(nn.Module):
    def __init__(self, widths=(8, 16, 32, 64, 128), classes=4):
        super().__init__()
        drop = (0.05, 0.1, 0.2, 0.3, 0.5)
        self.enc = nn.ModuleList([Block(1 if k == 0 else widths[k - 1], widths[k], drop[k]) for k in range(5)])
        self.up = nn.ModuleList([nn.Conv2d(widths[k + 1], widths[k], 1) for k in range(4)])
        self.dec = nn.ModuleList([Block(2 * widths[k], widths[k], 0.0) for k in range(4)])
        self.out = nn.Conv2d(widths[0], classes, 3, padding=1)

    def forward(self, x):
        skips = []
        for k, block in enumerate(self.enc):
            x = block(x if k == 0 else F.max_pool2d(x, 2))
            skips.append(x)
        x = skips[4]
        for k in (3, 2, 1, 0):
            x = F.interpolate(self.up[k](x), scale_factor=2, mode='bilinear', align_corners=True)
            x = self.dec[k](torch.cat([skips[k], x], 1))
        return self.out(x)


def main():
    root, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    if mode not in ('sup', 'mixed'):
        raise SystemExit('mode must be sup or mixed')
    torch.set_num_threads(2)
    images = sorted(glob.glob(f'{root}/imagesTr/*_0000.nii.gz'))
    labeled = [(min_max(read_nifti(p)), read_nifti(p.replace('imagesTr', 'labelsTr').replace('_0000.nii.gz', '.nii.gz')).astype(np.int64))
               for p in images[:3]]
    unlabeled = [min_max(read_nifti(p)) for p in images[3:]]
    test = [(min_max(read_nifti(p)), read_nifti(p.replace('imagesTs', 'labelsTs').replace('_0000.nii.gz', '.nii.gz')).astype(np.int64))
            for p in sorted(glob.glob(f'{root}/imagesTs/*_0000.nii.gz'))]
    rng = np.random.RandomState(seed)
    torch.manual_seed(seed)

    def augment(image, label=None):
        if rng.rand() < 0.5:
            k, axis = rng.randint(4), None
            image = np.rot90(image, k)
            label = None if label is None else np.rot90(label, k)
            axis = rng.randint(2)
            image = np.flip(image, axis)
            label = None if label is None else np.flip(label, axis)
        x = F.interpolate(torch.from_numpy(np.ascontiguousarray(image))[None, None], size=(PATCH, PATCH), mode='nearest')[0]
        if label is not None:
            label = F.interpolate(torch.from_numpy(np.ascontiguousarray(label)).float()[None, None], size=(PATCH, PATCH), mode='nearest')[0, 0].long()
        return x, label

    def dice_loss(logits, target):
        p = logits.softmax(1)
        onehot = F.one_hot(target, 4).permute(0, 3, 1, 2).float()
        total = 0
        for c in range(4):
            inter = (p[:, c] * onehot[:, c]).sum()
            total += 1 - (2 * inter + 1e-5) / (p[:, c].pow(2).sum() + onehot[:, c].pow(2).sum() + 1e-5)
        return total / 4

    def dice(a, b):
        return 1.0 if a.sum() == 0 and b.sum() == 0 else 2 * (a & b).sum() / (a.sum() + b.sum())

    def evaluate(model):
        model.eval()
        scores = []
        with torch.no_grad():
            for image, label in test:
                x = F.interpolate(torch.from_numpy(image)[None, None], size=(PATCH, PATCH), mode='nearest')
                pred = model(x).argmax(1, keepdim=True).float()
                pred = F.interpolate(pred, size=image.shape, mode='nearest')[0, 0].long().numpy()
                scores.append(np.mean([dice(pred == c, label == c) for c in (1, 2, 3)]))
        model.train()
        return float(np.mean(scores))

    model = UNet()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9, weight_decay=1e-4)
    best = (0.0, 0)
    for it in range(iterations):
        xs, ys = zip(*[augment(*labeled[i]) for i in rng.randint(len(labeled), size=4)])
        x, y = torch.stack(xs), torch.stack(ys)
        if mode == 'mixed':
            xu = torch.stack([augment(unlabeled[i])[0] for i in rng.randint(len(unlabeled), size=4)])
            out = model(torch.cat([x, xu]))[:4]
        else:
            out = model(x)
        loss = 0.5 * (F.cross_entropy(out, y) + dice_loss(out, y))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        for group in optimizer.param_groups:
            group['lr'] = 0.02 * (1 - (it + 1) / iterations) ** 0.9
        if (it + 1) % (iterations // 5) == 0:
            score = evaluate(model)
            best = max(best, (score, it + 1))
            print(it + 1, round(loss.item(), 4), round(score * 100, 2), flush=True)
    print(f'{mode} seed {seed}: best Dice {best[0] * 100:.2f} at {best[1]}')


if __name__ == '__main__':
    main()
