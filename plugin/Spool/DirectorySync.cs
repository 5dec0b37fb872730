// fsync of a directory, so a rename or a new entry survives a power loss (POSIX needs it; .NET has no API).
using System.Runtime.InteropServices;

namespace PacsSeg.Plugin.Spool;

internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

    public static void Flush(string directory)
    {
        // Windows (NTFS) journals metadata and cannot open a directory for flushing: nothing to do there.
        if (!OperatingSystem.IsLinux())
            return;
        int fd = Open(directory, ReadOnly | Directory);
        if (fd < 0)
            throw new IOException($"Cannot open folder {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FSync(fd) != 0)
                throw new IOException($"fsync of folder {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
