"""The reference PyTorch architectures, written as the original repositories build them (SSL4MIS UNet,
UA-MT VNet, MCF/DualNet ResNet-34 + VNet decoder, a plain 3-D UNet), with the same parameter names as
PacsSeg's networks so weights load both ways through safetensors."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, p):
        super().__init__()
        self.conv_conv = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU(), nn.Dropout(p),
            nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU())

    def forward(self, x):
        return self.conv_conv(x)


class DownBlock(nn.Module):
    def __init__(self, cin, cout, p):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), ConvBlock(cin, cout, p))

    def forward(self, x):
        return self.maxpool_conv(x)


class UpBlock(nn.Module):
    def __init__(self, c1, c2, cout, p):
        super().__init__()
        self.conv1x1 = nn.Conv2d(c1, c2, 1)
        self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
        self.conv = ConvBlock(c2 * 2, cout, p)

    def forward(self, x1, x2):
        x1 = self.up(self.conv1x1(x1))
        return self.conv(torch.cat([x2, x1], dim=1))


class Encoder(nn.Module):
    def __init__(self, cin, ft, dp):
        super().__init__()
        self.in_conv = ConvBlock(cin, ft[0], dp[0])
        self.down1 = DownBlock(ft[0], ft[1], dp[1])
        self.down2 = DownBlock(ft[1], ft[2], dp[2])
        self.down3 = DownBlock(ft[2], ft[3], dp[3])
        self.down4 = DownBlock(ft[3], ft[4], dp[4])

    def forward(self, x):
        x0 = self.in_conv(x)
        x1 = self.down1(x0)
        x2 = self.down2(x1)
        x3 = self.down3(x2)
        x4 = self.down4(x3)
        return [x0, x1, x2, x3, x4]


class Decoder(nn.Module):
    def __init__(self, ft, classes):
        super().__init__()
        self.up1 = UpBlock(ft[4], ft[3], ft[3], 0.0)
        self.up2 = UpBlock(ft[3], ft[2], ft[2], 0.0)
        self.up3 = UpBlock(ft[2], ft[1], ft[1], 0.0)
        self.up4 = UpBlock(ft[1], ft[0], ft[0], 0.0)
        self.out_conv = nn.Conv2d(ft[0], classes, 3, padding=1)

    def forward(self, f):
        x = self.up1(f[4], f[3])
        x = self.up2(x, f[2])
        x = self.up3(x, f[1])
        x = self.up4(x, f[0])
        return self.out_conv(x), x


class UNet2D(nn.Module):
    def __init__(self, cin, classes, widths=(16, 32, 64, 128, 256), dropout=(0.05, 0.1, 0.2, 0.3, 0.5)):
        super().__init__()
        self.encoder = Encoder(cin, widths, dropout)
        self.decoder = Decoder(widths, classes)

    def forward(self, x):
        return self.decoder(self.encoder(x))


class VBlock(nn.Module):
    def __init__(self, ops):
        super().__init__()
        self.conv = nn.Sequential(*ops)

    def forward(self, x):
        return self.conv(x)


def convs(stages, cin, cout):
    ops = []
    for i in range(stages):
        ops += [nn.Conv3d(cin if i == 0 else cout, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(inplace=True)]
    return VBlock(ops)


def down(cin, cout):
    return VBlock([nn.Conv3d(cin, cout, 2, stride=2), nn.BatchNorm3d(cout), nn.ReLU(inplace=True)])


def up(cin, cout):
    return VBlock([nn.ConvTranspose3d(cin, cout, 2, stride=2), nn.BatchNorm3d(cout), nn.ReLU(inplace=True)])


class VNetDecoderMixin:
    def make_decoder(self, f, classes):
        self.block_five_up = up(f * 16, f * 8)
        self.block_six = convs(3, f * 8, f * 8)
        self.block_six_up = up(f * 8, f * 4)
        self.block_seven = convs(3, f * 4, f * 4)
        self.block_seven_up = up(f * 4, f * 2)
        self.block_eight = convs(2, f * 2, f * 2)
        self.block_eight_up = up(f * 2, f)
        self.block_nine = convs(1, f, f)
        self.out_conv = nn.Conv3d(f, classes, 1)

    def decode(self, x1, x2, x3, x4, x5):
        x = self.block_five_up(x5) + x4
        x = self.block_six_up(self.block_six(x)) + x3
        x = self.block_seven_up(self.block_seven(x)) + x2
        x = self.block_eight_up(self.block_eight(x)) + x1
        x = self.block_nine(x)
        if self.has_dropout:
            x = self.dropout(x)
        return self.out_conv(x), x


class VNet(nn.Module, VNetDecoderMixin):
    def __init__(self, cin, classes, f=16, has_dropout=True):
        super().__init__()
        self.has_dropout = has_dropout
        self.block_one = convs(1, cin, f)
        self.block_one_dw = down(f, f * 2)
        self.block_two = convs(2, f * 2, f * 2)
        self.block_two_dw = down(f * 2, f * 4)
        self.block_three = convs(3, f * 4, f * 4)
        self.block_three_dw = down(f * 4, f * 8)
        self.block_four = convs(3, f * 8, f * 8)
        self.block_four_dw = down(f * 8, f * 16)
        self.block_five = convs(3, f * 16, f * 16)
        self.make_decoder(f, classes)
        self.dropout = nn.Dropout3d(p=0.5)

    def forward(self, x):
        x1 = self.block_one(x)
        x2 = self.block_two(self.block_one_dw(x1))
        x3 = self.block_three(self.block_two_dw(x2))
        x4 = self.block_four(self.block_three_dw(x3))
        x5 = self.block_five(self.block_four_dw(x4))
        if self.has_dropout:
            x5 = self.dropout(x5)
        return self.decode(x1, x2, x3, x4, x5)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv3d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm3d(cout)
        self.conv2 = nn.Conv3d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm3d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv3d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm3d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x if self.downsample is None else self.downsample(x)
        return F.relu(out + sc)


class ResNet34VNet(nn.Module, VNetDecoderMixin):
    def __init__(self, cin, classes, f=16, has_dropout=True):
        super().__init__()
        self.has_dropout = has_dropout
        self.conv1 = nn.Conv3d(cin, f, 7, padding=3, bias=False)
        self.bn1 = nn.BatchNorm3d(f)
        w = f
        for s, n in enumerate([3, 4, 6, 3]):
            blocks = [BasicBlock(w if b == 0 else w * 2, w * 2, 2 if b == 0 else 1) for b in range(n)]
            setattr(self, f"layer{s + 1}", nn.Sequential(*blocks))
            w *= 2
        self.make_decoder(f, classes)
        self.dropout = nn.Dropout3d(p=0.5)

    def forward(self, x):
        x1 = F.relu(self.bn1(self.conv1(x)))
        x2 = self.layer1(x1)
        x3 = self.layer2(x2)
        x4 = self.layer3(x3)
        x5 = self.layer4(x4)
        return self.decode(x1, x2, x3, x4, x5)


def double_conv(cin, cout):
    return nn.Sequential(nn.Conv3d(cin, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(),
                         nn.Conv3d(cout, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU())


class UNet3D(nn.Module):
    def __init__(self, cin, classes, widths=(16, 32, 64, 128, 256)):
        super().__init__()
        self.n = len(widths)
        for i, w in enumerate(widths):
            setattr(self, f"enc{i}", double_conv(cin if i == 0 else widths[i - 1], w))
        for i in range(self.n - 2, -1, -1):
            setattr(self, f"up{i}", nn.ConvTranspose3d(widths[i + 1], widths[i], 2, stride=2))
            setattr(self, f"dec{i}", double_conv(widths[i] * 2, widths[i]))
        self.out_conv = nn.Conv3d(widths[0], classes, 1)

    def forward(self, x):
        e = [getattr(self, "enc0")(x)]
        for i in range(1, self.n):
            e.append(getattr(self, f"enc{i}")(F.max_pool3d(e[-1], 2)))
        x = e[-1]
        for i in range(self.n - 2, -1, -1):
            x = getattr(self, f"dec{i}")(torch.cat([e[i], getattr(self, f"up{i}")(x)], 1))
        return self.out_conv(x), x


def build(name, cin, classes, dropout=True):
    if name == "unet2d":
        return UNet2D(cin, classes, dropout=(0.05, 0.1, 0.2, 0.3, 0.5) if dropout else (0,) * 5)
    if name == "vnet3d":
        return VNet(cin, classes, has_dropout=dropout)
    if name == "resnet34-vnet":
        return ResNet34VNet(cin, classes, has_dropout=dropout)
    if name == "unet3d":
        return UNet3D(cin, classes)
    raise ValueError(name)
