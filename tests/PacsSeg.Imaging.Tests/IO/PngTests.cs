using System.Diagnostics;
using PacsSeg.Imaging.IO;

namespace PacsSeg.Imaging.Tests.IO;

public class PngTests
{
    [Test]
    public void WriteThenRead_Rgb_RoundTripsEveryPixel()
    {
        const int w = 37, h = 11;
        var pixels = new byte[w * h * 3];
        new Random(7).NextBytes(pixels);
        using var ms = new MemoryStream();
        PngWriter.Write(ms, pixels, w, h, 3);
        ms.Position = 0;

        var image = PngReader.Read(ms);

        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((w, h, 3)));
        Assert.That(image.Pixels, Is.EqualTo(pixels));
    }

    [Test]
    public void Write_WrongBufferSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.Write(new MemoryStream(), new byte[10], 2, 2, 3));
    }

    [Test]
    public void Write_FileIsAcceptedByPython()
    {
        // An independent decoder: Python's zlib + struct through a tiny PNG parser that checks the CRCs.
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
            Assert.Ignore("no /usr/bin/python3");
        string path = Path.Combine(Path.GetTempPath(), $"pacsseg-png-{Guid.NewGuid():N}.png");
        try
        {
            var pixels = new byte[5 * 4 * 4];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
            PngWriter.Write(path, pixels, 5, 4, 4);
            const string script =
                "import sys,zlib,struct\n" +
                "d=open(sys.argv[1],'rb').read(); assert d[:8]==b'\\x89PNG\\r\\n\\x1a\\n'; p=8; idat=b''\n" +
                "while p<len(d):\n" +
                " n,=struct.unpack('>I',d[p:p+4]); t=d[p+4:p+8]; c=d[p+8:p+8+n]; crc,=struct.unpack('>I',d[p+8+n:p+12+n])\n" +
                " assert zlib.crc32(t+c)&0xffffffff==crc, t\n" +
                " if t==b'IHDR': w,h=struct.unpack('>II',c[:8])\n" +
                " if t==b'IDAT': idat+=c\n" +
                " p+=12+n\n" +
                "raw=zlib.decompress(idat); print(w,h,raw[1+4*2+1])\n";
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(path);
            using var proc = Process.Start(psi)!;
            string stdout = proc.StandardOutput.ReadToEnd();
            string stderr = proc.StandardError.ReadToEnd();
            proc.WaitForExit();
            Assert.That(proc.ExitCode, Is.EqualTo(0), stderr);
            Assert.That(stdout.Trim(), Is.EqualTo($"5 4 {pixels[2 * 4 + 1]}"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
