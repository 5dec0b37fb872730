"""The reference PyTorch heads, written as the original repositories build them: SPC's UNetProj projection,
AUA's BCL projection and SSN low-rank Gaussian head (StochasticVNetSupCon), PCCS's student prototype branch
and teacher projection with momentum prototypes. Parameter names match PacsSeg's heads so weights load both
ways through safetensors. Each forward returns a dict of named outputs."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SpcProjection(nn.Module):
    def __init__(self, c=16, out=16):
        super().__init__()
        self.head = nn.Sequential(
            nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True),
            nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True),
            nn.Conv2d(c, out, 1, bias=False), nn.BatchNorm2d(out, affine=False))

    def forward(self, x):
        return {"z": self.head(x)}


class AuaProjection(nn.Module):
    def __init__(self, c=16, out=16):
        super().__init__()
        self.head = nn.Sequential(nn.Conv3d(c, c, 1), nn.ReLU(), nn.Conv3d(c, c, 1), nn.ReLU(), nn.Conv3d(c, out, 1))

    def forward(self, x):
        return {"z": F.normalize(self.head(x), dim=1)}


class SsnHead(nn.Module):
    """The stochastic segmentation head: mean, log covariance diagonal, low-rank covariance factor."""

    def __init__(self, cin, classes, rank, eps=1e-5):
        super().__init__()
        self.classes, self.rank, self.eps = classes, rank, eps
        self.mean_l = nn.Conv3d(cin, classes, 1)
        self.log_cov_diag_l = nn.Conv3d(cin, classes, 1)
        self.cov_factor_l = nn.Conv3d(cin, classes * rank, 1)

    def forward(self, x, mask=None):
        b = x.shape[0]
        h = F.relu(x)
        mean = self.mean_l(h)
        cov_diag = (self.log_cov_diag_l(h).exp() + self.eps).view(b, -1)
        cov_factor = self.cov_factor_l(h).view(b, self.rank, self.classes, -1).flatten(2, 3).transpose(1, 2)
        if mask is not None:
            m = mask.expand((b, self.classes) + tuple(mask.shape[2:])).reshape(b, -1)
            cov_factor = cov_factor * m.unsqueeze(-1)
            cov_diag = torch.where(m > 0, cov_diag, torch.full_like(cov_diag, self.eps))
        return {"mean": mean, "diag": cov_diag, "factor": cov_factor}


def pccs_features(f):
    size = f[2].shape[2:]
    e1 = F.interpolate(f[1], size=size, mode="bilinear", align_corners=True)
    e3 = F.interpolate(f[3], size=size, mode="bilinear", align_corners=True)
    return torch.cat([e1, f[2], e3], dim=1)


class PccsStudent(nn.Module):
    def __init__(self, cin, classes, k, dim=256):
        super().__init__()
        self.proj = nn.Sequential(nn.Conv2d(cin, dim, 1), nn.ReLU(inplace=True), nn.Conv2d(dim, dim, 1))
        self.proto_classifier = nn.Conv2d(dim, classes * k, 1)

    def forward(self, f):
        emb = self.proj(pccs_features(f))
        return {"emb": emb, "scores": self.proto_classifier(emb)}


class PccsTeacher(nn.Module):
    def __init__(self, cin, classes, k, dim=256):
        super().__init__()
        self.proj = nn.Sequential(nn.Conv2d(cin, dim, 3, padding=1), nn.BatchNorm2d(dim), nn.ReLU(inplace=True),
                                  nn.Dropout2d(0.1))
        self.feat_norm = nn.LayerNorm(dim)
        self.mask_norm = nn.LayerNorm(classes)
        self.prototypes = nn.Parameter(torch.zeros(classes, k, dim), requires_grad=False)

    def forward(self, f):
        p = self.proj(pccs_features(f))
        b, d, h, w = p.shape
        x = p.permute(0, 2, 3, 1).reshape(-1, d)          # (b h w) d
        x = F.normalize(self.feat_norm(x), p=2, dim=-1)
        protos = F.normalize(self.prototypes, p=2, dim=-1)
        masks = torch.einsum("nd,kmd->nmk", x, protos)     # [bhw, K, C]
        scores = self.mask_norm(torch.amax(masks, dim=1))  # [bhw, C]
        c, k = protos.shape[0], protos.shape[1]
        return {"emb": x.view(b, h, w, d).permute(0, 3, 1, 2),
                "sims": masks.view(b, h, w, k, c).permute(0, 4, 3, 1, 2),
                "scores": scores.view(b, h, w, c).permute(0, 3, 1, 2)}


def build(name, classes, k):
    if name == "projection-spc":
        return SpcProjection()
    if name == "projection-aua":
        return AuaProjection()
    if name.startswith("gaussian"):
        return SsnHead(16, classes, k)
    if name == "pccs-student":
        return PccsStudent(32 + 64 + 128, classes, k)
    if name == "pccs-teacher":
        return PccsTeacher(32 + 64 + 128, classes, k)
    raise ValueError(name)


def run(name, model, inp):
    if name.startswith("pccs"):
        return model([inp[f"f{i}"] for i in range(4)])
    if name == "gaussian-roi":
        return model(inp["x"], inp["mask"])
    return model(inp["x"])
